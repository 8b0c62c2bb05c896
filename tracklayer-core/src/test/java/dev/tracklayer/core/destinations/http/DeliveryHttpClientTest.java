package dev.tracklayer.core.destinations.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DeliveryRequest;
import dev.tracklayer.core.destinations.DeliveryResponse;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.testing.FakePlatforms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The I/O layer against the fake's faults: retries, timeouts, isolation, token caching. */
class DeliveryHttpClientTest {

  private static FakePlatforms fake;
  private static DeliveryHttpClient client;

  @BeforeAll
  static void start() {
    fake = FakePlatforms.start();
    client = new DeliveryHttpClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
    client.tokens().clear();
  }

  private static List<Outcome> deliver(String platform, TrackEvent... events) throws Exception {
    return deliverAsync(platform, events).get(15, TimeUnit.SECONDS);
  }

  private static CompletableFuture<List<Outcome>> deliverAsync(
      String platform, TrackEvent... events) {
    DestinationAdapter adapter = DestinationAdapters.forPlatform(platform).orElseThrow();
    return client.deliver(
        adapter,
        "conn-" + platform,
        List.of(events),
        FakePlatformsDeliveryTest.credentials(platform),
        FakePlatformsDeliveryTest.settings(platform),
        DeliveryContext.of(fake.endpoints(), Instant.now()));
  }

  private static TrackEvent event(String id) {
    return FakePlatformsDeliveryTest.recentPurchase(id);
  }

  @Test
  void a500IsRetriedAndTheRetryIsDelivered() throws Exception {
    fake.failNext(
        "meta",
        1,
        500,
        "{\"error\":{\"message\":\"An unknown error occurred\",\"code\":1,\"is_transient\":true}}",
        null);
    Outcome first = deliver("meta", event("a")).get(0);
    assertThat(first.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(first.httpStatus()).isEqualTo(500);
    assertThat(first.message()).isEqualTo("An unknown error occurred");
    assertThat(deliver("meta", event("a")).get(0).isDelivered()).isTrue();
    assertThat(fake.receivedIds("meta")).containsExactly("a");
  }

  @Test
  void a429CarriesRetryAfter() throws Exception {
    fake.failNext(
        "pinterest",
        1,
        429,
        "{\"code\":8,\"message\":\"This request exceeded a rate limit.\"}",
        Duration.ofSeconds(7));
    Outcome o = deliver("pinterest", event("p")).get(0);
    assertThat(o.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(o.message()).isEqualTo("This request exceeded a rate limit.");
  }

  @Test
  void aSlowPlatformTimesOutAtItsOwnTimeoutWithoutHoldingOthersBack() throws Exception {
    fake.delay("meta", Duration.ofSeconds(5));
    long start = System.nanoTime();
    CompletableFuture<List<Outcome>> slow = deliverAsync("meta", event("slow"));
    List<Outcome> quick = deliver("tiktok", event("quick"));
    long quickMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(quick.get(0).isDelivered()).isTrue();
    assertThat(quickMillis).isLessThan(1400);
    Outcome timedOut = slow.get(10, TimeUnit.SECONDS).get(0);
    long slowMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(timedOut.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(timedOut.httpStatus()).isZero();
    assertThat(timedOut.message()).contains("timed out");
    // Meta's 1.5 s timeout fired long before the fake's 5 s answer.
    assertThat(slowMillis).isBetween(1400L, 4500L);
  }

  @Test
  void aPlatformThatIsDownOrDropsConnectionsIsRetried() throws Exception {
    fake.down("snapchat");
    Outcome down = deliver("snapchat", event("s")).get(0);
    assertThat(down.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(down.httpStatus()).isEqualTo(503);

    fake.drop("reddit");
    Outcome dropped = deliver("reddit", event("r")).get(0);
    assertThat(dropped.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(dropped.httpStatus()).isZero();

    fake.up("snapchat").up("reddit");
    assertThat(deliver("snapchat", event("s")).get(0).isDelivered()).isTrue();
    assertThat(deliver("reddit", event("r")).get(0).isDelivered()).isTrue();
  }

  @Test
  void nothingListeningIsARetry() throws Exception {
    int port = dev.tracklayer.core.testing.FreePorts.next();
    CompletableFuture<DeliveryResponse> f =
        client.send(
            DeliveryRequest.post("http://127.0.0.1:" + port + "/x", Map.of(), "{}"),
            Duration.ofSeconds(2));
    Throwable failure = f.handle((r, t) -> t).get(5, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    Outcome o = DestinationAdapters.forPlatform("meta").orElseThrow().classifyFailure(failure);
    assertThat(o.isRetry()).isTrue();
    assertThat(o.message()).startsWith("connection refused");
  }

  @Test
  void googleTokensAreFetchedOnceAndRenewedAfterA401() throws Exception {
    assertThat(deliver("google_ads", event("g1")).get(0).isDelivered()).isTrue();
    assertThat(deliver("google_ads", event("g2")).get(0).isDelivered()).isTrue();
    assertThat(fake.requestCount("google_oauth")).isEqualTo(1);

    fake.expireGoogleTokens();
    Outcome rejected = deliver("google_ads", event("g3")).get(0);
    assertThat(rejected.kind()).isEqualTo(OutcomeKind.RETRY);
    assertThat(rejected.httpStatus()).isEqualTo(401);
    assertThat(deliver("google_ads", event("g3")).get(0).isDelivered()).isTrue();
    assertThat(fake.requestCount("google_oauth")).isEqualTo(2);
    assertThat(fake.receivedIds("google_ads"))
        .containsExactly("order-of-g1", "order-of-g2", "order-of-g3");
  }

  @Test
  void concurrentDeliveriesShareOneTokenRequest() throws Exception {
    fake.delay("google_oauth", Duration.ofMillis(200));
    List<CompletableFuture<List<Outcome>>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(deliverAsync("google_ads", event("c" + i)));
    }
    for (CompletableFuture<List<Outcome>> f : all) {
      assertThat(f.get(10, TimeUnit.SECONDS).get(0).isDelivered()).isTrue();
    }
    assertThat(fake.requestCount("google_oauth")).isEqualTo(1);
    assertThat(fake.received("google_ads")).hasSize(20);
  }

  @Test
  void aMissingCredentialFailsEveryEventWithoutSending() throws Exception {
    DestinationAdapter meta = DestinationAdapters.forPlatform("meta").orElseThrow();
    List<Outcome> out =
        client
            .deliver(
                meta,
                "c",
                List.of(event("a"), event("b")),
                dev.tracklayer.core.destinations.Credentials.of("pixel_id", "1"),
                Map.of(),
                DeliveryContext.of(fake.endpoints(), Instant.now()))
            .get(5, TimeUnit.SECONDS);
    assertThat(out).hasSize(2).allMatch(Outcome::isFailed);
    assertThat(out.get(0).message()).isEqualTo("missing credential: access_token");
    assertThat(fake.requestCount("meta")).isZero();
  }

  @Test
  void responsesCarryLowerCaseHeaders() throws Exception {
    fake.failNext("klaviyo", 1, 429, "{}", Duration.ofSeconds(1));
    DeliveryResponse r =
        client
            .send(
                DeliveryRequest.post(fake.baseUrl() + "/api/events", Map.of(), "{}"),
                Duration.ofSeconds(2))
            .get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers()).containsEntry("retry-after", "1");
    assertThat(r.header("Retry-After")).isEqualTo("1");
  }
}
