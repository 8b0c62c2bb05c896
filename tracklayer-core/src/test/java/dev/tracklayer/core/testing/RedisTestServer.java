package dev.tracklayer.core.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** A real redis-server process (Debian's package) on a free port, without persistence. */
public final class RedisTestServer implements AutoCloseable {
  private static RedisTestServer shared;

  private final int port;
  private final Process process;

  private RedisTestServer() throws IOException, InterruptedException {
    port = FreePorts.next();
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("redis-server did not start", notYet);
        }
        Thread.sleep(50);
      }
    }
  }

  public static synchronized RedisTestServer shared() {
    if (shared == null) {
      try {
        shared = new RedisTestServer();
      } catch (IOException e) {
        throw new IllegalStateException("could not start redis-server", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
