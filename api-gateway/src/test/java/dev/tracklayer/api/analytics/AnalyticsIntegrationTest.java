package dev.tracklayer.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.ClickHouseSeed;
import dev.tracklayer.api.support.RollupSeed;
import dev.tracklayer.api.support.RollupSeed.AttributionFact;
import dev.tracklayer.api.support.RollupSeed.DeliveryFact;
import dev.tracklayer.api.support.RollupSeed.EventFact;
import dev.tracklayer.api.support.RollupSeed.IssueFact;
import dev.tracklayer.api.support.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The /v1/analytics endpoints against rollup rows written as the rollup job writes them (stale
 * firings, hourly rows below built_until, minute rows above it and leftovers below it), for two
 * merchants; every answer is compared with figures computed from the facts themselves.
 */
class AnalyticsIntegrationTest extends ApiIntegrationTest {
  private static final Map<String, Duration> RANGES =
      Map.of(
          "24h", Duration.ofHours(24),
          "7d", Duration.ofDays(7),
          "30d", Duration.ofDays(30),
          "90d", Duration.ofDays(90));
  private static final List<String> ENDPOINTS =
      List.of(
          "overview", "volume", "coverage", "quality", "delivery", "funnel", "revenue-attribution");
  private static final List<String> STATUSES =
      List.of(
          "DELIVERED",
          "DELIVERED",
          "DELIVERED",
          "DELIVERED",
          "DELIVERED",
          "DELIVERED",
          "FAILED",
          "ERROR",
          "SKIPPED",
          "SKIPPED");
  private static final long[] LATENCIES = {40, 90, 180, 400, 700, 900, 1500, 4000, 12000, 45000};
  private static final List<List<String>> WARNINGS =
      List.of(
          List.of("unknown_field", "$.user_data.client_ip_address"),
          List.of("unknown_field", "$.user_data.e-mail"),
          List.of("email_unusable", "$.user_data.email"),
          List.of("phone_unusable", "$.user_data.phone"),
          List.of("purchase_without_value", "$.value"),
          List.of("browser_without_fbp", "$.user_data.fbp"),
          List.of("no_matchable_identifier", "$.user_data"));
  private static final List<List<String>> REJECTIONS =
      List.of(
          List.of("missing_field", "$.event_name"),
          List.of("missing_field", "$.event_id"),
          List.of("invalid_format", "$.event_time"),
          List.of("invalid_type", "$.value"),
          List.of("too_long", "$.event_id"),
          List.of("invalid_json", ""),
          List.of("invalid_value", "$.source"));
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Instant now;
  private Instant builtUntil;
  private ExpectedFigures figures;
  private RollupSeed seed;

  @BeforeEach
  void clock() {
    now = Instant.now();
    // The hourly rollups are complete up to three hours ago: windows read both tables.
    builtUntil = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    figures = new ExpectedFigures(builtUntil);
    seed = new RollupSeed(clickhouse, builtUntil);
  }

  @Test
  void everyEndpointAndRangeAnswersTheFiguresOfTheFacts() throws Exception {
    String merchant = merchantId();
    String otherToken = Tokens.valid(Tokens.newSub());
    String other = merchantIdOf(otherToken);
    generate(merchant, 1500, new Random(18));
    generate(other, 400, new Random(81));
    connect(merchant, "meta", "active");
    connect(merchant, "tiktok", "active");
    connect(merchant, "ga4", "paused");
    connect(other, "webhook", "active");
    connect(other, "reddit", "active");
    connect(other, "snapchat", "active");
    connect(other, "klaviyo", "active");
    seed.write();

    for (String range : RANGES.keySet()) {
      Duration length = RANGES.get(range);
      for (String endpoint : ENDPOINTS) {
        Instant before = Instant.now();
        JsonNode answer = analytics(endpoint, "range=" + range, token);
        Instant end = Instant.parse(answer.get("end").asText());
        // The window ends with the current minute, whatever instant the request came in.
        assertThat(end)
            .isBetween(
                before.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60),
                Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
        Map<String, Object> expected =
            switch (endpoint) {
              case "overview" -> figures.overview(merchant, range, length, end, 2);
              case "volume" -> figures.volume(merchant, range, length, end, ZoneId.of("UTC"));
              case "coverage" ->
                  figures.coverage(merchant, range, length, end, List.of("meta", "tiktok", "ga4"));
              case "quality" -> figures.quality(merchant, range, length, end);
              case "delivery" ->
                  figures.delivery(merchant, range, length, end, List.of("meta", "tiktok", "ga4"));
              case "funnel" -> figures.funnel(merchant, range, length, end);
              default -> figures.attribution(merchant, range, length, end);
            };
        assertSameJson(answer, expected, endpoint + "?range=" + range);
      }
    }

    // The other merchant sees its own figures only, never the first one's.
    JsonNode overview = analytics("overview", "range=30d", otherToken);
    Instant end = Instant.parse(overview.get("end").asText());
    assertSameJson(
        overview, figures.overview(other, "30d", Duration.ofDays(30), end, 4), "other overview");
    JsonNode quality = analytics("quality", "", otherToken);
    end = Instant.parse(quality.get("end").asText());
    assertSameJson(quality, figures.quality(other, "7d", Duration.ofDays(7), end), "other quality");
    // Without range: 7d.
    assertThat(analytics("funnel", "", token).get("range").asText()).isEqualTo("7d");
  }

  @Test
  void volumeCutsDaysInTheAccountsTimeZone() {
    String merchant = merchantId();
    // 02:30 UTC two days ago is 21:30 or 22:30 the day before in New York.
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(2);
    Instant late = day.atTime(2, 30).toInstant(ZoneOffset.UTC);
    seed.event(new EventFact(merchant, late, "purchase", "server", "USD", BigDecimal.TEN, 1));
    seed.delivery(
        new DeliveryFact(merchant, late, "purchase", "server", "meta", "DELIVERED", 90, 1));
    seed.write();

    JsonNode utc = analytics("volume", "range=7d", token);
    assertThat(utc.get("timezone").asText()).isEqualTo("UTC");
    assertThat(dayOf(utc, day).get("accepted").asLong()).isEqualTo(1);
    assertThat(dayOf(utc, day).get("delivered").asLong()).isEqualTo(1);
    assertThat(dayOf(utc, day.minusDays(1)).get("accepted").asLong()).isZero();

    patch("/v1/account", Map.of("timezone", "America/New_York"), token)
        .exchange()
        .expectStatus()
        .isOk();
    JsonNode ny = analytics("volume", "range=7d", token);
    assertThat(ny.get("timezone").asText()).isEqualTo("America/New_York");
    assertThat(dayOf(ny, day.minusDays(1)).get("accepted").asLong()).isEqualTo(1);
    assertThat(dayOf(ny, day.minusDays(1)).get("delivered").asLong()).isEqualTo(1);
    assertThat(dayOf(ny, day).get("accepted").asLong()).isZero();
    // Days are contiguous, from the window's first instant to its last, in New York.
    ZoneId zone = ZoneId.of("America/New_York");
    Instant start = Instant.parse(ny.get("start").asText());
    Instant end = Instant.parse(ny.get("end").asText());
    JsonNode days = ny.get("days");
    assertThat(days.get(0).get("date").asText())
        .isEqualTo(LocalDate.ofInstant(start, zone).toString());
    assertThat(days.get(days.size() - 1).get("date").asText())
        .isEqualTo(LocalDate.ofInstant(end.minusSeconds(1), zone).toString());
  }

  @Test
  void funnelByCustomerCountsThoseWhoPassedTheStagesInOrder() {
    String merchant = merchantId();
    String other = merchantIdOf(Tokens.valid(Tokens.newSub()));
    Instant t0 = now.minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
    List<ClickHouseSeed.Event> raw = new ArrayList<>();
    // Every stage in order.
    customer(raw, merchant, "ext:all", t0, ExpectedFigures.STAGES);
    // Skips view_content: stops after page_view.
    customer(raw, merchant, "em:skip", t0, List.of("page_view", "add_to_cart", "purchase"));
    // view_content before page_view does not count for the second stage.
    customer(raw, merchant, "fbp:late", t0, List.of("view_content", "page_view"));
    // Three stages, and the pipeline wrote each event twice.
    customer(raw, merchant, "ext:copies", t0, ExpectedFigures.STAGES.subList(0, 3));
    customer(raw, merchant, "ext:copies", t0, ExpectedFigures.STAGES.subList(0, 3));
    // Purchase only.
    customer(raw, merchant, "em:buyer", t0, List.of("purchase"));
    // page_view 10 days ago, the rest today: within 30d and 90d, not within 24h and 7d.
    customer(raw, merchant, "ext:slow", now.minus(Duration.ofDays(10)), List.of("page_view"));
    customer(raw, merchant, "ext:slow", t0, List.of("view_content", "add_to_cart"));
    // Without a customer key: no customer.
    customer(raw, merchant, "", t0, ExpectedFigures.STAGES);
    // Another merchant's complete customer.
    customer(raw, other, "ext:all", t0, ExpectedFigures.STAGES);
    ClickHouseSeed events = new ClickHouseSeed(clickhouse);
    raw.forEach(events::event);
    events.write();
    // The rollup job's rows for the same events.
    raw.forEach(e -> seed.funnel(e.merchantId, e.customerKey, e.eventTime, e.eventName));
    seed.write();

    for (String range : RANGES.keySet()) {
      JsonNode funnel = analytics("funnel", "range=" + range + "&by=customer", token);
      assertThat(funnel.get("by").asText()).isEqualTo("customer");
      Instant end = Instant.parse(funnel.get("end").asText());
      ExpectedFigures.Window w = figures.window(end, RANGES.get(range));
      List<Long> expected = customersPerStage(raw, merchant, w, RANGES.get(range).getSeconds());
      List<Long> actual = new ArrayList<>();
      funnel.get("stages").forEach(s -> actual.add(s.get("customers").asLong()));
      assertThat(actual).as(range).isEqualTo(expected);
    }
    JsonNode week = analytics("funnel", "range=7d&by=customer", token);
    List<Long> weekly = new ArrayList<>();
    week.get("stages").forEach(s -> weekly.add(s.get("customers").asLong()));
    // all, skip, late, copies reach page_view; all and copies reach view_content and add_to_cart.
    assertThat(weekly).containsExactly(4L, 2L, 2L, 1L, 1L, 1L);
    JsonNode month = analytics("funnel", "range=30d&by=customer", token);
    List<Long> monthly = new ArrayList<>();
    month.get("stages").forEach(s -> monthly.add(s.get("customers").asLong()));
    assertThat(monthly).containsExactly(5L, 3L, 3L, 1L, 1L, 1L);
  }

  @Test
  void deliveryFlowShowsSettledCountsWaitingAndTopReasonsOfTheMerchantOnly() {
    String merchant = merchantId();
    String otherToken = Tokens.valid(Tokens.newSub());
    String other = merchantIdOf(otherToken);
    connect(merchant, "meta", "active");
    connect(merchant, "tiktok", "paused");
    Instant hourAgo = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant tenDaysAgo = now.minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
    ClickHouseSeed raw = new ClickHouseSeed(clickhouse);
    // Settled deliveries, written as the pipeline writes them, and the rollup's counts of them.
    settled(raw, merchant, "ev-f1", hourAgo, "meta", "FAILED", "Invalid parameter");
    settled(raw, merchant, "ev-f2", hourAgo, "meta", "FAILED", "Invalid parameter");
    settled(raw, merchant, "ev-f3", hourAgo, "meta", "FAILED", "Token expired");
    settled(raw, merchant, "ev-old", tenDaysAgo, "meta", "FAILED", "Invalid parameter");
    ClickHouseSeed.Event retried = event(merchant, "ev-e1", hourAgo);
    raw.delivery(retried, "meta", "RETRY", 1, 503, "unavailable", 5, hourAgo.plusSeconds(5));
    raw.delivery(
        retried, "meta", "ERROR", 4, 503, "retry horizon reached", 20, hourAgo.plusSeconds(60));
    rolled(merchant, hourAgo.plusSeconds(60), "meta", "ERROR");
    // Settled DELIVERED; a re-send after a recovery got an ERROR at a lower version (contracts).
    ClickHouseSeed.Event resent = event(merchant, "ev-d1", hourAgo);
    raw.delivery(resent, "meta", "DELIVERED", 1, 200, "", 30, hourAgo.plusSeconds(2));
    raw.delivery(resent, "meta", "ERROR", 1, 500, "resend failed", 25, hourAgo.plusSeconds(90));
    rolled(merchant, hourAgo.plusSeconds(2), "meta", "DELIVERED");
    settled(raw, merchant, "ev-s1", hourAgo, "tiktok", "SKIPPED", "consent_denied");
    settled(raw, merchant, "ev-s2", hourAgo, "tiktok", "SKIPPED", "consent_denied");
    settled(raw, merchant, "ev-s3", hourAgo, "tiktok", "SKIPPED", "");
    // Six reasons on GA4: the top 5 are listed (ties by reason).
    for (String reason : List.of("f", "e", "d", "c", "b", "a")) {
      settled(raw, merchant, "ev-ga4-" + reason, hourAgo, "ga4", "FAILED", "reason " + reason);
    }
    // Waiting now: a RETRY and a QUEUED; a RETRY that was delivered since does not wait.
    raw.delivery(event(merchant, "ev-w1", hourAgo), "meta", "RETRY", 1, 429, "slow down", 5);
    raw.delivery(event(merchant, "ev-w2", hourAgo), "tiktok", "QUEUED", 0, 0, "", 1);
    ClickHouseSeed.Event drained = event(merchant, "ev-w3", hourAgo);
    raw.delivery(drained, "meta", "RETRY", 1, 503, "unavailable", 5);
    raw.delivery(drained, "meta", "DELIVERED", 2, 200, "", 40, hourAgo.plusSeconds(30));
    rolled(merchant, hourAgo.plusSeconds(30), "meta", "DELIVERED");
    // The ingest side: 4 accepted events, 2 rejection details.
    for (int i = 0; i < 4; i++) {
      seed.event(new EventFact(merchant, hourAgo, "purchase", "server", "", null, 0));
    }
    seed.issue(
        new IssueFact(merchant, hourAgo, "server", "rejected", "missing_field", "$.event_id", ""));
    seed.issue(new IssueFact(merchant, hourAgo, "server", "rejected", "invalid_json", "", ""));
    seed.issue(
        new IssueFact(
            merchant, hourAgo, "server", "warning", "email_unusable", "$.user_data.email", "x"));
    // Another merchant's failures and waiting deliveries, with the same reason.
    for (int i = 0; i < 3; i++) {
      settled(raw, other, "ev-f" + i, hourAgo, "meta", "FAILED", "Invalid parameter");
    }
    raw.delivery(event(other, "ev-w1", hourAgo), "meta", "RETRY", 1, 429, "slow down", 5);
    raw.write();
    seed.write();

    JsonNode week = analytics("delivery", "range=7d", token);
    assertThat(week.at("/ingest/accepted").asLong()).isEqualTo(4);
    assertThat(week.at("/ingest/refused").asLong()).isEqualTo(2);
    assertThat(week.at("/ingest/received").asLong()).isEqualTo(6);
    JsonNode platforms = week.get("platforms");
    List<String> order = new ArrayList<>();
    platforms.forEach(p -> order.add(p.get("platform").asText()));
    assertThat(order).isEqualTo(ExpectedFigures.PLATFORMS);
    JsonNode meta = platforms.get(0);
    assertThat(meta.get("connected").asBoolean()).isTrue();
    assertThat(counts(meta)).containsExactly(7L, 2L, 3L, 1L, 0L, 1L);
    assertThat(reasons(meta))
        .containsExactly(
            "FAILED|Invalid parameter|2|ev-f2",
            "FAILED|Token expired|1|ev-f3",
            "ERROR|retry horizon reached|1|ev-e1");
    JsonNode tiktok = platforms.get(1);
    assertThat(tiktok.get("connected").asBoolean()).isTrue();
    assertThat(counts(tiktok)).containsExactly(4L, 0L, 0L, 0L, 3L, 1L);
    assertThat(reasons(tiktok))
        .containsExactly("SKIPPED|consent_denied|2|ev-s2", "SKIPPED|null|1|ev-s3");
    JsonNode ga4 = platforms.get(2);
    assertThat(ga4.get("connected").asBoolean()).isFalse();
    assertThat(reasons(ga4))
        .containsExactly(
            "FAILED|reason a|1|ev-ga4-a",
            "FAILED|reason b|1|ev-ga4-b",
            "FAILED|reason c|1|ev-ga4-c",
            "FAILED|reason d|1|ev-ga4-d",
            "FAILED|reason e|1|ev-ga4-e");
    assertThat(counts(platforms.get(3))).containsExactly(0L, 0L, 0L, 0L, 0L, 0L);

    // Ten days back the old failure counts too.
    JsonNode month = analytics("delivery", "range=30d", token);
    assertThat(month.at("/platforms/0/failed").asLong()).isEqualTo(4);
    assertThat(reasons(month.at("/platforms/0"))).startsWith("FAILED|Invalid parameter|3|ev-old");

    // The other merchant sees its own only.
    JsonNode others = analytics("delivery", "range=7d", otherToken);
    assertThat(counts(others.at("/platforms/0"))).containsExactly(4L, 0L, 3L, 0L, 0L, 1L);
    assertThat(reasons(others.at("/platforms/0")))
        .containsExactly("FAILED|Invalid parameter|3|ev-f2");
    assertThat(others.at("/ingest/received").asLong()).isZero();
    assertThat(others.at("/platforms/1/waiting").asLong()).isZero();
  }

  /** routed, delivered, failed, error, skipped, waiting. */
  private static List<Long> counts(JsonNode platform) {
    List<Long> out = new ArrayList<>();
    for (String f : List.of("routed", "delivered", "failed", "error", "skipped", "waiting")) {
      out.add(platform.get(f).asLong());
    }
    return out;
  }

  private static List<String> reasons(JsonNode platform) {
    List<String> out = new ArrayList<>();
    platform
        .get("reasons")
        .forEach(
            r ->
                out.add(
                    r.get("status").asText()
                        + "|"
                        + (r.get("reason").isNull() ? "null" : r.get("reason").asText())
                        + "|"
                        + r.get("count").asLong()
                        + "|"
                        + r.get("example_event_id").asText()));
    return out;
  }

  private static ClickHouseSeed.Event event(String merchant, String id, Instant time) {
    ClickHouseSeed.Event e = new ClickHouseSeed.Event(merchant, id);
    e.eventTime = time;
    return e;
  }

  /** A delivery that settled in one attempt a minute after its event, and its rollup count. */
  private void settled(
      ClickHouseSeed raw,
      String merchant,
      String id,
      Instant time,
      String platform,
      String status,
      String reason) {
    raw.delivery(event(merchant, id, time), platform, "QUEUED", 0, 0, "", 1, time);
    raw.delivery(
        event(merchant, id, time), platform, status, 1, 400, reason, 10, time.plusSeconds(60));
    rolled(merchant, time.plusSeconds(60), platform, status);
  }

  private void rolled(String merchant, Instant at, String platform, String status) {
    seed.delivery(new DeliveryFact(merchant, at, "purchase", "server", platform, status, 100, 0));
  }

  @Test
  void unknownRangeOrByIsA400ListingTheAllowedValues() {
    for (String endpoint : ENDPOINTS) {
      for (String range : List.of("1d", "7D", "week", "0", "7d,30d")) {
        JsonNode error =
            body(
                get("/v1/analytics/" + endpoint + "?range=" + range)
                    .exchange()
                    .expectStatus()
                    .isBadRequest());
        assertThat(error.at("/error/code").asText()).isEqualTo("invalid_query");
        assertThat(error.at("/error/message").asText()).contains("24h, 7d, 30d, 90d");
        assertThat(error.at("/error/details/0/path").asText()).isEqualTo("range");
      }
    }
    JsonNode error =
        body(
            get("/v1/analytics/funnel?range=30d&by=session")
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(error.at("/error/code").asText()).isEqualTo("invalid_query");
    assertThat(error.at("/error/details/0/path").asText()).isEqualTo("by");
    // Without a token: 401, as every /v1 route.
    web.get().uri("/v1/analytics/overview").exchange().expectStatus().isUnauthorized();
  }

  // ---- helpers

  private JsonNode analytics(String endpoint, String query, String bearer) {
    String body =
        get("/v1/analytics/" + endpoint + (query.isEmpty() ? "" : "?" + query), bearer)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }

  private static void assertSameJson(JsonNode actual, Object expected, String what) {
    JsonNode want = JSON.valueToTree(expected);
    assertThat(normalized(actual).toPrettyString())
        .as(what)
        .isEqualTo(normalized(want).toPrettyString());
  }

  /** Numbers as plain decimals, so 12.50 and 12.5, 3 and 3.0 read alike. */
  private static JsonNode normalized(JsonNode node) {
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      return DecimalNode.valueOf(d.scale() < 0 ? d.setScale(0) : d);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), normalized(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(normalized(n)));
      return out;
    }
    return node;
  }

  private static JsonNode dayOf(JsonNode volume, LocalDate day) {
    for (JsonNode d : volume.get("days")) {
      if (d.get("date").asText().equals(day.toString())) {
        return d;
      }
    }
    throw new AssertionError("no " + day + " in " + volume);
  }

  private void connect(String merchant, String platform, String status) {
    jdbc.sql(
            "INSERT INTO platform_connections (merchant_id, platform, name, status, credentials)"
                + " VALUES (:m, :p, :p, :s, :c)")
        .param("m", UUID.fromString(merchant))
        .param("p", platform)
        .param("s", status)
        .param("c", new byte[] {0})
        .update();
  }

  /** Facts of one merchant over 185 days, thickest in the last day and around built_until. */
  private void generate(String merchant, int n, Random r) {
    Instant latest = now.minus(Duration.ofMinutes(2));
    List<String> platforms = List.of("meta", "tiktok", "ga4", "google_ads", "webhook");
    for (int i = 0; i < n; i++) {
      int spread = r.nextInt(10);
      Instant t;
      if (spread < 4) {
        t = latest.minusSeconds((long) (r.nextDouble() * Duration.ofDays(185).getSeconds()));
      } else if (spread < 7) {
        t = latest.minusSeconds((long) (r.nextDouble() * Duration.ofHours(26).getSeconds()));
      } else if (spread < 9) {
        t = latest.minusSeconds((long) (r.nextDouble() * Duration.ofHours(3).getSeconds()));
      } else {
        t = builtUntil.plusSeconds(r.nextInt(2400) - 1200);
      }
      String name = name(r);
      String source = r.nextBoolean() ? "server" : "browser";
      String currency = "";
      BigDecimal value = null;
      if (name.equals("purchase")) {
        int c = r.nextInt(10);
        currency = c < 6 ? "USD" : c < 9 ? "EUR" : "";
        value = BigDecimal.valueOf(100 + r.nextInt(50_000), 2);
      }
      int fields = r.nextInt(1 << 10);
      EventFact e = new EventFact(merchant, t, name, source, currency, value, fields);
      figures.events.add(e);
      seed.event(e);
      List<String> targets = new ArrayList<>(platforms);
      java.util.Collections.shuffle(targets, r);
      for (String platform : targets.subList(0, r.nextInt(4))) {
        Instant sent = t.plusSeconds(r.nextInt(90));
        DeliveryFact d =
            new DeliveryFact(
                merchant,
                sent.isAfter(latest) ? t : sent,
                name,
                source,
                platform,
                STATUSES.get(r.nextInt(STATUSES.size())),
                LATENCIES[r.nextInt(LATENCIES.length)],
                // What the platform's payload carried: a subset of the event's fields.
                fields & r.nextInt(1 << 10));
        figures.deliveries.add(d);
        seed.delivery(d);
      }
      if (r.nextInt(8) == 0) {
        List<String> w = WARNINGS.get(r.nextInt(WARNINGS.size()));
        IssueFact issue =
            new IssueFact(merchant, t, source, "warning", w.get(0), w.get(1), "ev-" + i);
        figures.issues.add(issue);
        seed.issue(issue);
      }
      if (r.nextInt(6) == 0) {
        List<String> rej = REJECTIONS.get(r.nextInt(REJECTIONS.size()));
        String id = rej.get(0).equals("invalid_json") ? "" : "rej-" + r.nextInt(1000);
        IssueFact issue =
            new IssueFact(merchant, t, "server", "rejected", rej.get(0), rej.get(1), id);
        figures.issues.add(issue);
        seed.issue(issue);
      }
      if (name.equals("purchase")) {
        String[] touch = {"meta", "tiktok", "google_ads", "direct"};
        AttributionFact a =
            new AttributionFact(merchant, t, touch[r.nextInt(touch.length)], currency, value);
        figures.attributions.add(a);
        seed.attribution(a);
      }
    }
  }

  private static String name(Random r) {
    int p = r.nextInt(100);
    if (p < 60) {
      // Earlier stages more often, as in a real funnel.
      return ExpectedFigures.STAGES.get(Math.min(r.nextInt(6), r.nextInt(6)));
    }
    if (p < 70) {
      return r.nextBoolean() ? "lead" : "search";
    }
    return String.format("custom_%02d", r.nextInt(40));
  }

  /** Raw events of one customer, a minute apart from {@code t0}. */
  private static void customer(
      List<ClickHouseSeed.Event> raw, String merchant, String key, Instant t0, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      ClickHouseSeed.Event e =
          new ClickHouseSeed.Event(merchant, key + "-" + names.get(i) + "-" + t0.getEpochSecond());
      e.eventName = names.get(i);
      e.eventTime = t0.plus(Duration.ofMinutes(i + 1));
      e.customerKey = key;
      raw.add(e);
    }
  }

  /**
   * Customers per stage: those whose events in the window hold page_view, then each later stage
   * after the one before, all within {@code seconds} of the page_view.
   */
  private static List<Long> customersPerStage(
      List<ClickHouseSeed.Event> raw, String merchant, ExpectedFigures.Window w, long seconds) {
    Map<String, List<ClickHouseSeed.Event>> byCustomer = new LinkedHashMap<>();
    for (ClickHouseSeed.Event e : raw) {
      if (e.merchantId.equals(merchant) && !e.customerKey.isEmpty() && w.has(e.eventTime)) {
        byCustomer.computeIfAbsent(e.customerKey, k -> new ArrayList<>()).add(e);
      }
    }
    long[] reached = new long[ExpectedFigures.STAGES.size()];
    for (List<ClickHouseSeed.Event> events : byCustomer.values()) {
      events.sort(Comparator.comparing(e -> e.eventTime));
      int best = 0;
      for (ClickHouseSeed.Event first : events) {
        if (!first.eventName.equals(ExpectedFigures.STAGES.get(0))) {
          continue;
        }
        int level = 1;
        Instant last = first.eventTime;
        Instant limit = first.eventTime.plusSeconds(seconds);
        for (int k = 1; k < ExpectedFigures.STAGES.size(); k++) {
          String stage = ExpectedFigures.STAGES.get(k);
          Instant after = last;
          var next =
              events.stream()
                  .filter(
                      e ->
                          e.eventName.equals(stage)
                              && e.eventTime.isAfter(after)
                              && !e.eventTime.isAfter(limit))
                  .findFirst();
          if (next.isEmpty()) {
            break;
          }
          level++;
          last = next.get().eventTime;
        }
        best = Math.max(best, level);
      }
      for (int k = 0; k < best; k++) {
        reached[k]++;
      }
    }
    List<Long> out = new ArrayList<>();
    for (long c : reached) {
      out.add(c);
    }
    return out;
  }
}
