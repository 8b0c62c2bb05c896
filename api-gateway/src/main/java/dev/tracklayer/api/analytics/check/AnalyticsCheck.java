package dev.tracklayer.api.analytics.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.event.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tracklayer analytics check [--merchant M] [--range R]}: asks the running api-gateway for
 * every analytics endpoint of each merchant, recomputes the same figures from the raw events and
 * deliveries tables ({@link RawAnalytics}), and prints every difference. Exit status 1 when any.
 *
 * <p>It reads what the gateway reads and signs a dashboard token for one of the merchant's users
 * with the gateway's HS256 secret: from TRACKLAYER_POSTGRES_URL/_USER/_PASSWORD,
 * TRACKLAYER_CLICKHOUSE_*, TRACKLAYER_JWT_SECRET, TRACKLAYER_API_URL and, for the bucket rule,
 * TRACKLAYER_ROLLUP_LATENESS (as the rollup job). Run it when ingestion is quiet and the rollup has
 * caught up: figures that move between the two reads differ.
 */
public final class AnalyticsCheck {
  static final List<String> RANGES = List.of("24h", "7d", "30d", "90d");

  /** Revenue is kept to 4 decimals and shown to 2: a difference below a cent is rounding. */
  private static final BigDecimal CENT = new BigDecimal("0.005");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String apiUrl;
  private final String secret;
  private final RawAnalytics raw;

  AnalyticsCheck(String apiUrl, String secret, RawAnalytics raw) {
    this.apiUrl = apiUrl;
    this.secret = secret;
    this.raw = raw;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    Duration lateness = Duration.parse(env("TRACKLAYER_ROLLUP_LATENESS", "PT1H"));
    List<String> ranges = args.containsKey("range") ? List.of(args.get("range")) : RANGES;
    int differences = 0;
    try (ClickHouseDatabase db =
            new ClickHouseDatabase(ClickHouseSettings.fromEnvironment(), Json.newMapper());
        Connection pg =
            DriverManager.getConnection(
                env("TRACKLAYER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/tracklayer"),
                env("TRACKLAYER_POSTGRES_USER", "tracklayer"),
                env("TRACKLAYER_POSTGRES_PASSWORD", "tracklayer"))) {
      AnalyticsCheck check =
          new AnalyticsCheck(
              env("TRACKLAYER_API_URL", "http://127.0.0.1:8081"),
              env("TRACKLAYER_JWT_SECRET", ""),
              new RawAnalytics(db, lateness));
      Map<String, String> users = users(pg, args.get("merchant"));
      if (users.isEmpty()) {
        System.out.println("no merchant with a dashboard user to check");
      }
      for (var merchant : users.entrySet()) {
        for (String range : ranges) {
          List<String> found = check.run(merchant.getKey(), merchant.getValue(), range);
          differences += found.size();
          System.out.printf(
              "merchant %s range %-3s: %d figures compared, %s%n",
              merchant.getKey(),
              range,
              check.compared.values().stream().mapToInt(Integer::intValue).sum(),
              found.isEmpty() ? "no difference" : found.size() + " difference(s)");
          found.forEach(d -> System.out.println("  " + d));
        }
      }
    }
    System.exit(differences == 0 ? 0 : 1);
  }

  /** How many figures of each endpoint the last {@link #run} compared (non-zero on either side). */
  final Map<String, Integer> compared = new LinkedHashMap<>();

  /** The differences between the endpoints' figures and the raw tables' for one merchant. */
  List<String> run(String merchant, String sub, String range) throws Exception {
    compared.clear();
    String token = token(sub);
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    for (String endpoint : EndpointFigures.ENDPOINTS) {
      String sep = endpoint.contains("?") ? "&" : "?";
      answers.put(endpoint, get("/v1/analytics/" + endpoint + sep + "range=" + range, token));
    }
    JsonNode account = get("/v1/account", token);
    ZoneId zone = ZoneId.of(account.path("timezone").asText("UTC"));
    List<String> out = new ArrayList<>();
    // Most endpoints answer for the same window: the raw figures are computed once per window.
    Map<List<Instant>, Figures> byWindow = new HashMap<>();
    for (EndpointFigures.Window window : EndpointFigures.windows(answers)) {
      Figures expected =
          byWindow.computeIfAbsent(
              List.of(window.from(), window.to()),
              w -> {
                Figures f = raw.compute(merchant, w.get(0), w.get(1), zone);
                EndpointFigures.addAttempts(f);
                return f;
              });
      Figures mine = expected.only(window.names());
      compared.put(window.endpoint(), mine.names(window.figures()).size());
      for (String d : mine.differences(window.figures(), CENT)) {
        out.add(window.endpoint() + " " + d);
      }
    }
    return out;
  }

  private JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.readTree(r.body());
  }

  private String token(String sub) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(sub)
            .audience("authenticated")
            .claim("role", "authenticated")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  /** One dashboard user of each merchant (or of the one asked for): merchant id → sub. */
  private static Map<String, String> users(Connection pg, String only) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    String sql =
        "SELECT DISTINCT ON (merchant_id) merchant_id::text, sub FROM merchant_users"
            + (only == null ? "" : " WHERE merchant_id::text = ?")
            + " ORDER BY merchant_id, sub";
    try (PreparedStatement st = pg.prepareStatement(sql)) {
      if (only != null) {
        st.setString(1, only);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i].startsWith("--") ? argv[i].substring(2) : "";
      if (!List.of("merchant", "range").contains(name) || i + 1 >= argv.length) {
        throw new IllegalArgumentException(
            "usage: ./tracklayer analytics check [--merchant ID] [--range 24h|7d|30d|90d]");
      }
      args.put(name, argv[++i]);
    }
    if (args.containsKey("range") && !RANGES.contains(args.get("range"))) {
      throw new IllegalArgumentException("--range must be one of " + RANGES);
    }
    return args;
  }
}
