package dev.tracklayer.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.ClickHouseSeed;
import dev.tracklayer.api.support.Tokens;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;

class EventsIntegrationTest extends ApiIntegrationTest {
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private String merchant;
  private String run;
  private ClickHouseSeed.Event bigPurchase;
  private ClickHouseSeed.Event cart;
  private ClickHouseSeed.Event view;
  private ClickHouseSeed.Event oldPurchase;
  private ClickHouseSeed.Event oddId;

  /** Five events of the caller's merchant, and another merchant's that shares an id with one. */
  @BeforeEach
  void seed() {
    merchant = merchantId();
    run = UUID.randomUUID().toString().substring(0, 8);
    ClickHouseSeed seed = new ClickHouseSeed(clickhouse);

    bigPurchase = event("order-" + run, "purchase", "server", Duration.ofHours(3));
    bigPurchase.value = new BigDecimal("120.50");
    bigPurchase.currency = "USD";
    bigPurchase.orderId = "o-" + run;
    bigPurchase.email = "buyer-" + run + "@example.com";
    bigPurchase.warnings =
        List.of(
            List.of("unknown_field", "$.user_data.client_ip_address"),
            List.of("phone_unusable", "$.user_data.phone"));
    seed.event(bigPurchase)
        .delivery(bigPurchase, "meta", "QUEUED", 0, 0, "", 1)
        .delivery(bigPurchase, "meta", "DELIVERED", 1, 200, "", 2)
        .delivery(bigPurchase, "tiktok", "QUEUED", 0, 0, "", 1)
        .delivery(bigPurchase, "tiktok", "RETRY", 1, 503, "Service Unavailable", 2)
        .delivery(bigPurchase, "tiktok", "FAILED", 2, 400, "Invalid pixel code", 3);

    cart = event("cart-" + run, "add_to_cart", "browser", Duration.ofHours(2));
    seed.event(cart)
        .delivery(cart, "meta", "QUEUED", 0, 0, "", 1)
        .delivery(cart, "meta", "RETRY", 1, 500, "Internal", 2);

    view = event("view-" + run, "page_view", "browser", Duration.ofHours(1));
    seed.event(view).delivery(view, "meta", "SKIPPED", 0, 0, "no usable identifier", 1);

    oldPurchase = event("old-" + run, "purchase", "server", Duration.ofDays(10));
    oldPurchase.value = new BigDecimal("10");
    oldPurchase.currency = "EUR";
    seed.event(oldPurchase).delivery(oldPurchase, "ga4", "DELIVERED", 1, 204, "", 1);

    oddId = event("shop:order/77 #1?x=" + run, "lead", "app", Duration.ofHours(4));
    oddId.value = new BigDecimal("5.25");
    oddId.currency = "USD";
    seed.event(oddId);

    ClickHouseSeed.Event foreign =
        new ClickHouseSeed.Event(UUID.randomUUID().toString(), bigPurchase.eventId);
    foreign.eventName = "foreign";
    foreign.eventTime = now;
    foreign.email = bigPurchase.email;
    seed.event(foreign).delivery(foreign, "meta", "FAILED", 1, 400, "x", 1);
    seed.write();
  }

  private ClickHouseSeed.Event event(String id, String name, String source, Duration age) {
    ClickHouseSeed.Event e = new ClickHouseSeed.Event(merchant, id);
    e.eventName = name;
    e.source = source;
    e.eventTime = now.minus(age);
    return e;
  }

  private JsonNode list(String query) {
    return body(get("/v1/events" + query).exchange().expectStatus().isOk());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("event_id").asText()));
    return ids;
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void listsNewestFirstWithTheTotalAndEachDeliverysLatestStatus() {
    JsonNode page = list("");
    assertThat(ids(page))
        .containsExactly(
            view.eventId, cart.eventId, bigPurchase.eventId, oddId.eventId, oldPurchase.eventId);
    assertThat(page.get("total").asLong()).isEqualTo(5);
    assertThat(page.get("limit").asInt()).isEqualTo(50);
    assertThat(page.get("offset").asInt()).isZero();
    JsonNode purchase = page.get("items").get(2);
    assertThat(purchase.get("event_name").asText()).isEqualTo("purchase");
    assertThat(purchase.get("value").decimalValue()).isEqualByComparingTo("120.5");
    assertThat(purchase.get("currency").asText()).isEqualTo("USD");
    assertThat(purchase.get("order_id").asText()).isEqualTo(bigPurchase.orderId);
    assertThat(Instant.parse(purchase.get("event_time").asText())).isEqualTo(bigPurchase.eventTime);
    assertThat(purchase.get("deliveries").toString())
        .isEqualTo(
            "[{\"platform\":\"meta\",\"status\":\"DELIVERED\"},"
                + "{\"platform\":\"tiktok\",\"status\":\"FAILED\"}]");
    assertThat(page.get("items").get(1).get("value").isNull()).isTrue();
  }

  @Test
  void filtersByNameSourcePlatformAndLatestStatus() {
    assertThat(ids(list("?event_name=purchase")))
        .containsExactly(bigPurchase.eventId, oldPurchase.eventId);
    assertThat(ids(list("?source=browser"))).containsExactly(view.eventId, cart.eventId);
    assertThat(ids(list("?platform=tiktok"))).containsExactly(bigPurchase.eventId);
    assertThat(ids(list("?platform=meta")))
        .containsExactly(view.eventId, cart.eventId, bigPurchase.eventId);
    // Only the latest state counts: the purchase's tiktok delivery was RETRY before it FAILED.
    assertThat(ids(list("?status=RETRY"))).containsExactly(cart.eventId);
    assertThat(ids(list("?status=failed"))).containsExactly(bigPurchase.eventId);
    assertThat(ids(list("?platform=meta&status=FAILED"))).isEmpty();
    assertThat(ids(list("?platform=meta&status=DELIVERED"))).containsExactly(bigPurchase.eventId);
    JsonNode filtered = list("?event_name=purchase&status=DELIVERED");
    assertThat(ids(filtered)).containsExactly(bigPurchase.eventId, oldPurchase.eventId);
    assertThat(filtered.get("total").asLong()).isEqualTo(2);
  }

  @Test
  void filtersByTimeInIsoOrUnixSeconds() {
    Instant start = now.minus(Duration.ofMinutes(150));
    assertThat(ids(list("?start=" + q(start.toString()))))
        .containsExactly(view.eventId, cart.eventId);
    assertThat(
            ids(
                list(
                    "?start="
                        + start.getEpochSecond()
                        + "&end="
                        + now.minus(Duration.ofMinutes(90)).getEpochSecond())))
        .containsExactly(cart.eventId);
    assertThat(
            ids(
                list(
                    "?end="
                        + q(
                            now.minus(Duration.ofDays(1))
                                .atOffset(java.time.ZoneOffset.ofHours(2))
                                .toString()))))
        .containsExactly(oldPurchase.eventId);
    // A date is the whole UTC day, as an end too: start=end=that day finds the day's events.
    String day = java.time.LocalDate.ofInstant(view.eventTime, java.time.ZoneOffset.UTC).toString();
    assertThat(ids(list("?start=" + day + "&end=" + day))).contains(view.eventId);
    assertThat(ids(list("?end=" + day))).contains(view.eventId);
    JsonNode bad = body(get("/v1/events?start=yesterday").exchange().expectStatus().isBadRequest());
    assertThat(bad.at("/error/details/0/path").asText()).isEqualTo("start");
    get("/v1/events?start=" + now.getEpochSecond() + "&end=" + (now.getEpochSecond() - 10))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void searchFindsAnEventByIdOrderIdOrExactEmail() {
    assertThat(ids(list("?search=" + q(cart.eventId)))).containsExactly(cart.eventId);
    assertThat(ids(list("?search=" + q(bigPurchase.orderId)))).containsExactly(bigPurchase.eventId);
    String shouted = "  " + bigPurchase.email.toUpperCase() + " ";
    JsonNode byEmail = list("?search=" + q(shouted));
    assertThat(ids(byEmail)).containsExactly(bigPurchase.eventId);
    assertThat(byEmail.get("total").asLong()).isEqualTo(1);
    assertThat(ids(list("?search=" + q("buyer-" + run)))).isEmpty();
    assertThat(ids(list("?search=" + q(oddId.eventId)))).containsExactly(oddId.eventId);
  }

  @Test
  void pagesAndSortsOnlyByAllowedColumns() {
    JsonNode page = list("?limit=2&offset=1");
    assertThat(ids(page)).containsExactly(cart.eventId, bigPurchase.eventId);
    assertThat(page.get("total").asLong()).isEqualTo(5);
    assertThat(list("?limit=100000").get("limit").asInt()).isEqualTo(200);
    assertThat(ids(list("?orderBy=value&orderDirection=asc&event_name=purchase")))
        .containsExactly(oldPurchase.eventId, bigPurchase.eventId);
    assertThat(ids(list("?orderBy=event_time&orderDirection=asc")).get(0))
        .isEqualTo(oldPurchase.eventId);
    assertThat(ids(list("?orderBy=event_name&orderDirection=ASC")).get(0)).isEqualTo(cart.eventId);
    assertThat(ids(list("?orderBy=received_at")).get(0)).isEqualTo(view.eventId);
    assertThat(list("?offset=4000").get("items")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "limit=0",
        "limit=-5",
        "limit=ten",
        "offset=-1",
        "offset=10001",
        "orderBy=email",
        "orderDirection=sideways",
        "status=LOST",
        "platform=myspace",
        "source=fax",
        "orderBy=event_time%3BDROP%20TABLE%20events",
        "orderBy=event_time%20DESC%2C%20(SELECT%201)"
      })
  void rejectsInvalidParameters(String query) {
    JsonNode error = body(get("/v1/events?" + query).exchange().expectStatus().isBadRequest());
    assertThat(error.at("/error/code").asText()).isEqualTo("invalid_query");
    assertThat(error.at("/error/details/0/path").asText())
        .isEqualTo(query.substring(0, query.indexOf('=')));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "' OR 1=1 --",
        "' OR ''='",
        "\\' OR 1=1 --",
        "x' UNION SELECT merchant_id, event_id FROM events --",
        "'); DROP TABLE events; --",
        "\u0000\n\t`\"'"
      })
  void injectionStyleSearchesFindNothingAndBreakNothing(String search) {
    String uri =
        UriComponentsBuilder.fromPath("/v1/events")
            .queryParam("search", search)
            .queryParam("event_name", search)
            .encode()
            .toUriString();
    JsonNode page = body(get(uri).exchange().expectStatus().isOk());
    assertThat(page.get("items")).isEmpty();
    assertThat(page.get("total").asLong()).isZero();
    uri =
        UriComponentsBuilder.fromPath("/v1/events")
            .queryParam("search", search)
            .encode()
            .toUriString();
    assertThat(body(get(uri).exchange().expectStatus().isOk()).get("total").asLong()).isZero();
    assertThat(list("").get("total").asLong()).isEqualTo(5);
  }

  @Test
  void detailHasTheEventItsPayloadAndOneRowPerPlatform() {
    JsonNode detail =
        body(get("/v1/events/" + q(bigPurchase.eventId)).exchange().expectStatus().isOk());
    assertThat(detail.get("event_id").asText()).isEqualTo(bigPurchase.eventId);
    assertThat(detail.get("event_name").asText()).isEqualTo("purchase");
    assertThat(detail.get("value").decimalValue()).isEqualByComparingTo("120.50");
    assertThat(detail.at("/identity/email").asBoolean()).isTrue();
    assertThat(detail.at("/identity/phone").asBoolean()).isFalse();
    assertThat(detail.at("/payload/user_data/email").asText()).isEqualTo(bigPurchase.email);
    // The gateway's warnings, from the events row's columns, in order.
    assertThat(detail.get("warnings").toString())
        .isEqualTo(
            "[{\"code\":\"unknown_field\",\"path\":\"$.user_data.client_ip_address\"},"
                + "{\"code\":\"phone_unusable\",\"path\":\"$.user_data.phone\"}]");
    JsonNode deliveries = detail.get("deliveries");
    assertThat(deliveries).hasSize(2);
    JsonNode meta = deliveries.get(0);
    assertThat(meta.get("platform").asText()).isEqualTo("meta");
    assertThat(meta.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(meta.get("http_status").asInt()).isEqualTo(200);
    assertThat(meta.get("error").isNull()).isTrue();
    JsonNode tiktok = deliveries.get(1);
    assertThat(tiktok.get("status").asText()).isEqualTo("FAILED");
    assertThat(tiktok.get("attempts").asInt()).isEqualTo(2);
    assertThat(tiktok.get("http_status").asInt()).isEqualTo(400);
    assertThat(tiktok.get("error").asText()).isEqualTo("Invalid pixel code");
    assertThat(tiktok.get("latency_ms").asLong()).isEqualTo(200);
    assertThat(Instant.parse(tiktok.get("updated_at").asText()))
        .isAfter(Instant.parse(tiktok.get("queued_at").asText()));

    JsonNode odd =
        body(
            get("/v1/events/" + q(oddId.eventId).replace("+", "%20"))
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(odd.get("event_id").asText()).isEqualTo(oddId.eventId);
    assertThat(odd.get("deliveries")).isEmpty();
    assertThat(odd.get("warnings").isArray()).isTrue();
    assertThat(odd.get("warnings")).isEmpty();
  }

  @Test
  void anEventWrittenTwiceIsListedOnceAndCountedOnceMerged() {
    bigPurchase.version = 2;
    new ClickHouseSeed(clickhouse).event(bigPurchase).write();
    JsonNode page = list("");
    assertThat(ids(page)).doesNotHaveDuplicates().hasSize(5);
    assertThat(ids(list("?limit=1&offset=2"))).containsExactly(bigPurchase.eventId);
    assertThat(ids(list("?limit=1&offset=3"))).containsExactly(oddId.eventId);
    assertThat(ids(list("?search=" + q(bigPurchase.orderId)))).containsExactly(bigPurchase.eventId);
    // The total counts rows: exact once ClickHouse has merged the copies.
    clickhouse.execute("OPTIMIZE TABLE events FINAL");
    assertThat(list("").get("total").asLong()).isEqualTo(5);
  }

  @Test
  void anEventWhoseIdIsStreamIsFetchedAsJsonBesideTheLiveStream() {
    ClickHouseSeed.Event named = event("stream", "lead", "server", Duration.ofHours(1));
    new ClickHouseSeed(clickhouse).event(named).write();
    JsonNode detail =
        body(
            get("/v1/events/stream")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(detail.get("event_id").asText()).isEqualTo("stream");
    assertThat(detail.get("event_name").asText()).isEqualTo("lead");
  }

  @Test
  void anotherMerchantsEventsAreInvisible() {
    JsonNode missing = body(get("/v1/events/nope-" + run).exchange().expectStatus().isNotFound());
    assertThat(missing.at("/error/code").asText()).isEqualTo("not_found");
    String intruder = Tokens.valid(Tokens.newSub());
    JsonNode theirs = body(get("/v1/events", intruder).exchange().expectStatus().isOk());
    assertThat(theirs.get("items")).isEmpty();
    assertThat(theirs.get("total").asLong()).isZero();
    get("/v1/events/" + q(cart.eventId), intruder).exchange().expectStatus().isNotFound();
    get("/v1/events?search=" + q(bigPurchase.email), intruder)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(0);
    // The other merchant that shares an event id sees neither this merchant's row nor its status.
    JsonNode mine =
        body(get("/v1/events/" + q(bigPurchase.eventId)).exchange().expectStatus().isOk());
    assertThat(mine.get("event_name").asText()).isEqualTo("purchase");
    assertThat(ids(list("?status=FAILED&platform=meta"))).isEmpty();
  }
}
