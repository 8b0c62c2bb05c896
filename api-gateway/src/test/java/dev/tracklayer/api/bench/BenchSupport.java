package dev.tracklayer.api.bench;

import dev.tracklayer.api.ApiGatewayApplication;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.core.testing.FreePorts;
import dev.tracklayer.core.testing.PostgresTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** What the API benchmarks share: an in-process gateway, settled merges, timed requests. */
final class BenchSupport {
  private BenchSupport() {}

  /**
   * The gateway a benchmark measures: without {@code --api-url}, one started in this JVM on a
   * PostgreSQL of the benchmark's own and a clickhouse-server of its own or the one {@code
   * --clickhouse-url} names; with it, that gateway, its ClickHouse ({@code --clickhouse-url},
   * {@code --clickhouse-database}) and its HS256 secret ({@code --jwt-secret} or
   * TRACKLAYER_JWT_SECRET).
   */
  record Target(
      String apiUrl,
      String secret,
      ClickHouseSettings clickhouse,
      ConfigurableApplicationContext app)
      implements AutoCloseable {
    @Override
    public void close() {
      if (app != null) {
        app.close();
      }
    }
  }

  static Target target(Map<String, String> args) {
    String apiUrl = args.get("api-url");
    if (apiUrl == null) {
      // An outside ClickHouse keeps the data (and, if enabled, system.query_log) after the run.
      String url = args.get("clickhouse-url");
      ClickHouseSettings clickhouse =
          new ClickHouseSettings(
              url != null ? url : ClickHouseTestServer.shared().url(),
              args.getOrDefault("clickhouse-database", "bench"),
              "default",
              "");
      ConfigurableApplicationContext app = startGateway(clickhouse, Tokens.SECRET);
      apiUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      System.out.println("api-gateway started in-process at " + apiUrl);
      return new Target(apiUrl, Tokens.SECRET, clickhouse, app);
    }
    String secret = args.getOrDefault("jwt-secret", System.getenv("TRACKLAYER_JWT_SECRET"));
    if (secret == null) {
      throw new IllegalArgumentException("--jwt-secret or TRACKLAYER_JWT_SECRET is required");
    }
    return new Target(
        apiUrl,
        secret,
        new ClickHouseSettings(
            args.getOrDefault("clickhouse-url", "http://127.0.0.1:8123"),
            args.getOrDefault("clickhouse-database", "tracklayer"),
            "default",
            ""),
        null);
  }

  static HttpClient http() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Ten warm-up calls, then {@code requests} timed ones; prints p50/p95/p99/max in ms and returns
   * the p95. A non-200 answer stops the run.
   */
  static double time(
      HttpClient http,
      String apiUrl,
      String token,
      String label,
      int requests,
      IntFunction<String> path)
      throws Exception {
    for (int i = 0; i < 10; i++) {
      call(http, apiUrl + path.apply(i), token);
    }
    double[] ms = new double[requests];
    for (int i = 0; i < requests; i++) {
      String url = apiUrl + path.apply(i);
      long start = System.nanoTime();
      HttpResponse<String> r = call(http, url, token);
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
      }
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "%-55s %8.1f %8.1f %8.1f %8.1f%n",
        label,
        percentile(ms, 50),
        percentile(ms, 95),
        percentile(ms, 99),
        ms[ms.length - 1]);
    return percentile(ms, 95);
  }

  static void header(int requests) {
    System.out.printf(
        Locale.ROOT,
        "%n%-55s %8s %8s %8s %8s%n",
        "scenario (" + requests + " requests each)",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms");
  }

  static ConfigurableApplicationContext startGateway(ClickHouseSettings clickhouse, String secret) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("server.port", 0);
    // Not 9091: a dev stack's gateway may hold it.
    props.put("management.server.port", 0);
    props.put("spring.datasource.url", PostgresTestServer.shared().createMigratedDatabase());
    props.put("spring.datasource.username", "postgres");
    props.put("spring.datasource.password", "");
    props.put("tracklayer.clickhouse.url", clickhouse.url());
    props.put("tracklayer.clickhouse.database", clickhouse.database());
    // Reads need no broker; a port nobody listens on keeps the bench from touching a dev stack.
    props.put("tracklayer.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.next());
    props.put("tracklayer.jwt.secret", secret);
    props.put("tracklayer.jwt.jwks-uri", "");
    props.put("tracklayer.credentials.key", Base64.getEncoder().encodeToString(key));
    // The shipped plan catalog, wherever the bench was started from.
    props.put(
        "tracklayer.billing.plans-file",
        dev.tracklayer.core.testing.RepoPaths.root().resolve("deploy/billing/plans.yaml"));
    props.put("logging.level.root", "WARN");
    // The idempotent producer looks for its broker at start; the bench never sends.
    props.put("logging.level.org.apache.kafka", "OFF");
    // As arguments: they outrank application.yml, whose ${ENV:} defaults would win otherwise.
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplication(ApiGatewayApplication.class).run(args);
  }

  /**
   * A bulk load leaves dozens of parts that ClickHouse merges for a minute or two; measuring during
   * that would time the merges, not the queries of a settled table.
   */
  static void awaitMerges(ClickHouseDatabase db, String table) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int quiet = 0;
    while (quiet < 3 && System.nanoTime() < deadline) {
      long merges = db.query("SELECT count() AS n FROM system.merges").get(0).get("n").asLong();
      quiet = merges == 0 ? quiet + 1 : 0;
      Thread.sleep(2000);
    }
    long parts =
        db.query(
                ClickHouseSql.bind(
                    "SELECT count() AS n FROM system.parts WHERE active AND table = ?", table))
            .get(0)
            .get("n")
            .asLong();
    System.out.println("merges settled; " + table + " in " + parts + " parts");
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static HttpResponse<String> call(HttpClient http, String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
