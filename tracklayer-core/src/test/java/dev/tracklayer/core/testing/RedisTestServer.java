package dev.tracklayer.core.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process (Debian's package) on a free port, configured from
 * deploy/redis/redis.conf like the one {@code ./tracklayer up} runs (append-only file in a folder
 * of its own), so a test can restart it and find its keys again.
 */
public final class RedisTestServer implements AutoCloseable {
  private static RedisTestServer shared;

  private final int port;
  private final Path dir;
  private Process process;

  private RedisTestServer() {
    port = FreePorts.next();
    dir = TestDirs.create("redis-");
    process = launch();
  }

  /** One server for every test of the JVM that only needs a Redis. */
  public static synchronized RedisTestServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A server of the caller's own, for a test that stops or restarts it. */
  public static RedisTestServer start() {
    return new RedisTestServer();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the process without warning (SIGKILL) and starts it again on the same port and files. */
  public void crashAndRestart() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process = launch();
  }

  private Process launch() {
    try {
      Process p =
          new ProcessBuilder(
                  "redis-server",
                  RepoPaths.root().resolve("deploy/redis/redis.conf").toString(),
                  "--port",
                  Integer.toString(port),
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
          return p;
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline || !p.isAlive()) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-server did not start", notYet);
          }
          Thread.sleep(50);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    TestDirs.deleteQuietly(dir);
  }
}
