package dev.tracklayer.api.events.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.KafkaTestBroker;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * GET /v1/events/stream against real Kafka: the test writes {@code events.accepted} and {@code
 * deliveries.results} records as the pipeline writes them (flink-jobs records/AcceptedEvent and
 * records/DeliveryResult), and {@code events.duplicates} records as the ingest gateway writes them
 * (tracklayer-core DuplicateCopy), and reads the stream as the dashboard does.
 */
class LiveEventsIntegrationTest extends ApiIntegrationTest {
  private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> SSE =
      new ParameterizedTypeReference<>() {};
  private static final KafkaProducer<String, byte[]> PRODUCER = producer();

  private final List<Disposable> open = new ArrayList<>();

  @AfterEach
  void closeStreams() {
    open.forEach(Disposable::dispose);
  }

  @AfterAll
  static void closeProducer() {
    PRODUCER.close(Duration.ofSeconds(5));
  }

  @Test
  void aMerchantSeesItsOwnEventsAndDeliveriesWithinTwoSecondsAndNeverAnothers() {
    String a = merchantId();
    String otherToken = Tokens.valid(Tokens.newSub());
    String b = merchantIdOf(otherToken);
    Stream ours = open("/v1/events/stream", token);
    Stream theirs = open("/v1/events/stream", otherToken);
    ours.awaitConnected();
    theirs.awaitConnected();

    String id = "live-" + UUID.randomUUID();
    String theirId = "theirs-" + UUID.randomUUID();
    long written = System.nanoTime();
    accepted(b, theirId, "Purchase");
    delivery(b, theirId, "Purchase", "meta", "DELIVERED", 0);
    send(ACCEPTED_TOPIC, a, acceptedRecord(a, id, "Purchase"));
    long nextAttempt = System.currentTimeMillis() + 30_000;
    delivery(a, id, "Purchase", "meta", "QUEUED", 0);
    delivery(a, id, "Purchase", "meta", "RETRY", nextAttempt);

    List<ServerSentEvent<JsonNode>> seen = ours.await(e -> id.equals(eventId(e)), 3, 2);
    assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(2));
    assertThat(seen).extracting(ServerSentEvent::event).contains("accepted", "delivery");

    JsonNode event = only(seen, "accepted").data();
    assertThat(event.get("event_name").asText()).isEqualTo("Purchase");
    assertThat(event.get("source").asText()).isEqualTo("server");
    assertThat(event.get("value").decimalValue()).isEqualByComparingTo("19.99");
    assertThat(event.get("currency").asText()).isEqualTo("EUR");
    assertThat(event.get("event_time").asText()).isEqualTo("2026-04-20T10:00:00Z");
    assertThat(event.at("/identity/email").asBoolean()).isTrue();
    assertThat(event.at("/identity/phone").asBoolean()).isFalse();
    assertThat(event.at("/warnings/0/code").asText()).isEqualTo("phone_unusable");
    // field presence only: not even the hashed customer key, nor whose merchant it is
    assertThat(event.has("customer_key")).isFalse();
    assertThat(event.has("merchant_id")).isFalse();

    List<JsonNode> deliveries =
        seen.stream().filter(e -> "delivery".equals(e.event())).map(e -> e.data()).toList();
    assertThat(deliveries).extracting(d -> d.get("status").asText()).contains("QUEUED", "RETRY");
    JsonNode retry =
        deliveries.stream().filter(d -> d.get("status").asText().equals("RETRY")).findFirst().get();
    assertThat(retry.get("platform").asText()).isEqualTo("meta");
    assertThat(retry.get("connection_id").asText()).isEqualTo("conn-1");
    assertThat(retry.get("attempts").asInt()).isEqualTo(2);
    assertThat(retry.get("error").asText()).isEqualTo("HTTP 500");
    assertThat(retry.get("next_attempt_at").asText())
        .isEqualTo(java.time.Instant.ofEpochMilli(nextAttempt).toString());

    // The other merchant's records were read (its own stream has them), but never sent to us.
    theirs.await(e -> theirId.equals(eventId(e)), 2, 5);
    ours.quiet(Duration.ofMillis(500));
    assertThat(ours.all()).noneMatch(e -> theirId.equals(eventId(e)));
    assertThat(theirs.all()).noneMatch(e -> id.equals(eventId(e)));
  }

  @Test
  void aCopyAnswered409ReachesItsMerchantBesideTheKeptCopyAndNobodyElse() {
    String a = merchantId();
    String otherToken = Tokens.valid(Tokens.newSub());
    String b = merchantIdOf(otherToken);
    Stream ours = open("/v1/events/stream", token);
    Stream theirs = open("/v1/events/stream", otherToken);
    Stream byName = open("/v1/events/stream?event_name=Purchase", token);
    Stream byPlatform = open("/v1/events/stream?platform=meta", token);
    List.of(ours, theirs, byName, byPlatform).forEach(Stream::awaitConnected);

    String id = "dup-" + UUID.randomUUID();
    String theirId = "theirs-" + UUID.randomUUID();
    String view = "view-" + UUID.randomUUID();
    long receivedAt = System.currentTimeMillis();
    duplicate(b, theirId, "Purchase", receivedAt);
    accepted(a, id, "Purchase");
    duplicate(a, view, "View", receivedAt);
    duplicate(a, id, "Purchase", receivedAt);

    List<ServerSentEvent<JsonNode>> seen = ours.await(e -> id.equals(eventId(e)), 2, 5);
    assertThat(seen)
        .extracting(ServerSentEvent::event)
        .containsExactlyInAnyOrder("accepted", "duplicate");
    JsonNode copy = only(seen, "duplicate").data();
    List<String> names = new ArrayList<>();
    copy.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly("event_id", "event_name", "source", "received_at", "identity");
    assertThat(copy.get("event_name").asText()).isEqualTo("Purchase");
    assertThat(copy.get("source").asText()).isEqualTo("browser");
    assertThat(copy.get("received_at").asText())
        .isEqualTo(java.time.Instant.ofEpochMilli(receivedAt).toString());
    // the same identity keys as the accepted copy, so the two compare field by field
    JsonNode kept = only(seen, "accepted").data();
    assertThat(fieldNamesOf(copy.get("identity"))).isEqualTo(fieldNamesOf(kept.get("identity")));
    assertThat(copy.at("/identity/ip").asBoolean()).isTrue();
    assertThat(copy.at("/identity/fbp").asBoolean()).isTrue();
    assertThat(copy.at("/identity/email").asBoolean()).isFalse();

    // event_name selects copies like accepted events; platform leaves deliveries only
    byName.await(e -> id.equals(eventId(e)), 2, 5);
    theirs.await(e -> theirId.equals(eventId(e)), 1, 5);
    ours.quiet(Duration.ofMillis(500));
    assertThat(byName.all()).noneMatch(e -> view.equals(eventId(e)));
    assertThat(ours.all()).anyMatch(e -> view.equals(eventId(e)));
    assertThat(byPlatform.records()).isEmpty();
    assertThat(ours.all()).noneMatch(e -> theirId.equals(eventId(e)));
    assertThat(theirs.all()).noneMatch(e -> id.equals(eventId(e)) || view.equals(eventId(e)));
  }

  @Test
  void filtersSelectByEventNamePlatformAndStatus() {
    String a = merchantId();
    Stream byName = open("/v1/events/stream?event_name=Purchase", token);
    Stream byDelivery = open("/v1/events/stream?platform=meta&status=delivered", token);
    byName.awaitConnected();
    byDelivery.awaitConnected();

    String purchase = "p-" + UUID.randomUUID();
    String cart = "c-" + UUID.randomUUID();
    accepted(a, cart, "AddToCart");
    delivery(a, cart, "AddToCart", "meta", "DELIVERED", 0);
    accepted(a, purchase, "Purchase");
    delivery(a, purchase, "Purchase", "meta", "QUEUED", 0);
    delivery(a, purchase, "Purchase", "tiktok", "DELIVERED", 0);
    // last on the merchant's partition of the results topic: what came before has been read
    delivery(a, purchase, "Purchase", "meta", "DELIVERED", 0);

    byDelivery.await(e -> purchase.equals(eventId(e)), 1, 5);
    // no platform or status on an accepted event: those filters show deliveries only
    byName.await(e -> purchase.equals(eventId(e)), 4, 5);
    byDelivery.quiet(Duration.ofMillis(500));

    assertThat(byName.all()).noneMatch(e -> cart.equals(eventId(e)));
    assertThat(byName.records())
        .extracting(e -> e.event() + " " + e.data().path("platform").asText(""))
        .containsExactlyInAnyOrder(
            "accepted ", "delivery meta", "delivery tiktok", "delivery meta");
    assertThat(byDelivery.records())
        .extracting(
            e ->
                e.event()
                    + " "
                    + eventId(e)
                    + " "
                    + e.data().get("platform").asText()
                    + " "
                    + e.data().get("status").asText())
        .containsExactly(
            "delivery " + cart + " meta DELIVERED", "delivery " + purchase + " meta DELIVERED");
  }

  @Test
  void aClientGetsAtMostTheLimitASecondAndIsToldWhatWasLeftOut() {
    String a = merchantId();
    Stream stream = open("/v1/events/stream", token);
    stream.awaitConnected();

    int written = 200;
    long start = System.nanoTime();
    // one burst: not waiting for each acknowledgement
    for (int i = 0; i < written; i++) {
      Map<String, Object> record =
          acceptedRecord(a, "burst-" + i + "-" + UUID.randomUUID(), "View");
      PRODUCER.send(new ProducerRecord<>(ACCEPTED_TOPIC, a, Json.toBytes(record)));
    }
    PRODUCER.flush();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int sent = 0;
    int dropped = 0;
    long lastSent = start;
    while (sent + dropped < written && System.nanoTime() < deadline) {
      stream.quiet(Duration.ofMillis(200));
      int now = (int) stream.all().stream().filter(e -> "accepted".equals(e.event())).count();
      if (now > sent) {
        lastSent = System.nanoTime();
      }
      sent = now;
      dropped =
          stream.all().stream()
              .filter(e -> "sampled".equals(e.event()))
              .mapToInt(e -> e.data().get("dropped").asInt())
              .sum();
    }
    // 20 a second by default: the records sent were let through in at most one window per
    // second they took to arrive, plus one (a slow machine spreads the burst over several)
    long windows = (lastSent - start) / 1_000_000_000L + 2;
    assertThat(sent).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo((int) (20 * windows));
    assertThat(dropped).isPositive();
    assertThat(sent + dropped).isEqualTo(written);
    assertThat(stream.all())
        .filteredOn(e -> "sampled".equals(e.event()))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.data().get("window_s").asInt()).isEqualTo(1));
  }

  @Test
  void theStreamNeedsATokenAndRefusesUnknownFiltersWithTheErrorShape() {
    JsonNode unauthorized =
        body(
            web.get()
                .uri("/v1/events/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
    assertThat(unauthorized.at("/error/code").asText()).isEqualTo("unauthorized");
    // with the token, the same request streams
    open("/v1/events/stream", token).awaitConnected();

    JsonNode refused =
        body(
            get("/v1/events/stream?platform=myspace&status=LOST")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
    assertThat(refused.at("/error/code").asText()).isEqualTo("invalid_query");
    Map<String, String> details = new LinkedHashMap<>();
    refused
        .at("/error/details")
        .forEach(d -> details.put(d.get("path").asText(), d.get("message").asText()));
    assertThat(details).containsOnlyKeys("platform", "status");
    assertThat(details.get("platform")).contains("meta", "tiktok");
    assertThat(details.get("status")).contains("QUEUED", "DELIVERED", "FAILED");
  }

  @Test
  void aStreamEndsWhenTheTokenItWasOpenedWithExpires() {
    String sub = Tokens.newSub();
    String merchant = merchantIdOf(Tokens.valid(sub));
    Instant expiry = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    Stream stream =
        open("/v1/events/stream", Tokens.valid(sub, c -> c.expirationTime(Date.from(expiry))));
    stream.awaitConnected();
    String before = "before-" + UUID.randomUUID();
    accepted(merchant, before, "Lead");
    stream.await(e -> before.equals(eventId(e)), 1, 2);

    ServerSentEvent<JsonNode> expired =
        stream.await(e -> "expired".equals(e.event()), 1, 10).get(0);
    assertThat(Instant.parse(expired.data().get("expired_at").asText())).isEqualTo(expiry);
    assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    // Nothing reaches the client after that, though the feed goes on.
    String after = "after-" + UUID.randomUUID();
    accepted(merchant, after, "Lead");
    stream.quiet(Duration.ofSeconds(2));
    assertThat(stream.records())
        .extracting(LiveEventsIntegrationTest::eventId)
        .doesNotContain(after);
    assertThat(stream.completed).isTrue();
  }

  @Test
  void aMerchantHoldsAtMostTenStreamsAtOnce() {
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      streams.add(open("/v1/events/stream", token));
    }
    streams.forEach(Stream::awaitConnected);

    JsonNode refused =
        body(
            get("/v1/events/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
    assertThat(refused.at("/error/code").asText()).isEqualTo("rate_limited");
    // Another merchant is not held back by this one's streams.
    open("/v1/events/stream", Tokens.valid(Tokens.newSub())).awaitConnected();

    // A client that goes away frees its place.
    open.get(0).dispose();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int status = 429;
    while (status == 429 && System.nanoTime() < deadline) {
      status =
          get("/v1/events/stream")
              .accept(MediaType.TEXT_EVENT_STREAM)
              .exchange()
              .returnResult(SSE)
              .getStatus()
              .value();
    }
    assertThat(status).isEqualTo(200);
  }

  // --- the stream as a client reads it ---

  private Stream open(String uri, String bearer) {
    Stream stream = new Stream();
    open.add(
        web.get()
            .uri(URI.create(uri))
            .headers(h -> h.setBearerAuth(bearer))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
            .returnResult(SSE)
            .getResponseBody()
            .subscribe(stream.events::add, e -> {}, () -> stream.completed = true));
    return stream;
  }

  private static final class Stream {
    final LinkedBlockingQueue<ServerSentEvent<JsonNode>> events = new LinkedBlockingQueue<>();
    final List<ServerSentEvent<JsonNode>> taken = new ArrayList<>();
    volatile boolean completed;

    /** The stream's first comment: from now on what is written to the topics is sent. */
    void awaitConnected() {
      take(e -> e.comment() != null && e.comment().strip().equals("connected"), 1, 20);
    }

    List<ServerSentEvent<JsonNode>> await(
        Predicate<ServerSentEvent<JsonNode>> wanted, int count, int seconds) {
      List<ServerSentEvent<JsonNode>> found = take(wanted, count, seconds);
      assertThat(found).as("events after %d s", seconds).hasSize(count);
      return found;
    }

    private List<ServerSentEvent<JsonNode>> take(
        Predicate<ServerSentEvent<JsonNode>> wanted, int count, int seconds) {
      List<ServerSentEvent<JsonNode>> found =
          new ArrayList<>(taken.stream().filter(wanted).toList());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (found.size() < count && System.nanoTime() < deadline) {
        try {
          ServerSentEvent<JsonNode> e =
              events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (e != null) {
            taken.add(e);
            if (wanted.test(e)) {
              found.add(e);
            }
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return found;
    }

    /** Takes what arrives in the next {@code time}. */
    void quiet(Duration time) {
      take(e -> false, 1, 0);
      try {
        Thread.sleep(time.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.drainTo(taken);
    }

    List<ServerSentEvent<JsonNode>> all() {
      events.drainTo(taken);
      return taken;
    }

    /** Named events, without the comments. */
    List<ServerSentEvent<JsonNode>> records() {
      return all().stream().filter(e -> e.event() != null).toList();
    }
  }

  private static <T> ServerSentEvent<T> only(List<ServerSentEvent<T>> events, String name) {
    List<ServerSentEvent<T>> named = events.stream().filter(e -> name.equals(e.event())).toList();
    assertThat(named).hasSize(1);
    return named.get(0);
  }

  private static List<String> fieldNamesOf(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String eventId(ServerSentEvent<JsonNode> e) {
    return e.data() == null ? null : e.data().path("event_id").asText(null);
  }

  // --- records as the pipeline writes them ---

  private static void accepted(String merchant, String eventId, String name) {
    send(ACCEPTED_TOPIC, merchant, acceptedRecord(merchant, eventId, name));
  }

  private static Map<String, Object> acceptedRecord(String merchant, String eventId, String name) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("merchant_id", merchant);
    r.put("event_id", eventId);
    r.put("event_name", name);
    r.put("source", "server");
    r.put("event_time", 1_776_679_200L); // 2026-04-20T10:00:00Z
    r.put("received_at", System.currentTimeMillis());
    r.put("value", new java.math.BigDecimal("19.99"));
    r.put("currency", "EUR");
    r.put("fields", IdentityFields.EMAIL.bit() | IdentityFields.IP.bit());
    r.put("customer_key", "em:0123456789abcdef");
    r.put("first_touch_platform", "");
    r.put("warning_codes", List.of("phone_unusable"));
    r.put("warning_paths", List.of("$.user_data.phone"));
    return r;
  }

  /** A copy the ingest gateway answered 409: a browser copy with its address, UA and fbp. */
  private static void duplicate(String merchant, String eventId, String name, long receivedAt) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("merchant_id", merchant);
    r.put("event_id", eventId);
    r.put("event_name", name);
    r.put("source", "browser");
    r.put("received_at", receivedAt);
    r.put(
        "fields",
        IdentityFields.IP.bit() | IdentityFields.USER_AGENT.bit() | IdentityFields.FBP.bit());
    // the gateway keys by merchant:event; by merchant, a test keeps its order
    send(DUPLICATES_TOPIC, merchant, r);
  }

  private static void delivery(
      String merchant,
      String eventId,
      String name,
      String platform,
      String status,
      long nextAttemptAt) {
    long now = System.currentTimeMillis();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("merchant_id", merchant);
    r.put("event_id", eventId);
    r.put("event_name", name);
    r.put("event_date", "2026-04-20");
    r.put("source", "server");
    r.put("event_time", 1_776_679_200L);
    r.put("fields", IdentityFields.EMAIL.bit());
    r.put("platform", platform);
    r.put("connection_id", "conn-1");
    r.put("status", status);
    r.put("attempts", status.equals("QUEUED") ? 0 : 2);
    r.put("http_status", status.equals("RETRY") ? 500 : 0);
    r.put("error", status.equals("RETRY") ? "HTTP 500" : "");
    r.put("latency_ms", 12);
    r.put("value", new java.math.BigDecimal("19.99"));
    r.put("received_at", now / 1000);
    r.put("updated_at", now / 1000);
    r.put("version", now * 1000);
    r.put("next_attempt_at", nextAttemptAt);
    // the pipeline keys by merchant:event:platform; by merchant, a test keeps its order
    send(RESULTS_TOPIC, merchant, r);
  }

  private static void send(String topic, String key, Map<String, Object> record) {
    try {
      PRODUCER
          .send(new ProducerRecord<>(topic, key, Json.toBytes(record)))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.shared().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p);
  }
}
