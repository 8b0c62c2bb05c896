package dev.tracklayer.core.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real clickhouse-server process (the Debian package that {@code ./tracklayer} installs) on free
 * ports, configured from deploy/clickhouse like the one {@code ./tracklayer up} runs.
 */
public final class ClickHouseTestServer implements AutoCloseable {
  private static ClickHouseTestServer shared;

  private final Path dir;
  private final int httpPort;
  private final Process process;

  private ClickHouseTestServer() throws IOException, InterruptedException {
    dir = TestDirs.create("clickhouse-");
    httpPort = FreePorts.next();
    int tcpPort = FreePorts.next();
    Path deploy = RepoPaths.root().resolve("deploy/clickhouse");
    Files.createDirectories(dir.resolve("log"));
    String config =
        Files.readString(deploy.resolve("config.xml"))
            .replace("@DIR@", dir.toString())
            .replace("@HTTP_PORT@", Integer.toString(httpPort))
            .replace("@TCP_PORT@", Integer.toString(tcpPort));
    Files.writeString(dir.resolve("config.xml"), config);
    Files.copy(deploy.resolve("users.xml"), dir.resolve("users.xml"));
    process =
        new ProcessBuilder("clickhouse-server", "--config-file=" + dir.resolve("config.xml"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log/stdout.log").toFile())
            .start();
    awaitPing();
  }

  /** The server's process id, for benchmarks that account for its CPU time. */
  public long pid() {
    return process.pid();
  }

  public static synchronized ClickHouseTestServer shared() {
    if (shared == null) {
      try {
        shared = new ClickHouseTestServer();
      } catch (IOException e) {
        throw new IllegalStateException(
            "could not start clickhouse-server (run ./tracklayer test, which installs it)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  private void awaitPing() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("clickhouse-server exited; see " + dir.resolve("log"));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/ping"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // keep polling
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("clickhouse-server did not answer /ping in 30 s");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TestDirs.deleteQuietly(dir);
  }
}
