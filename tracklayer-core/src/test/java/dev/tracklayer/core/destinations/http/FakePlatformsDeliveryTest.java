package dev.tracklayer.core.destinations.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.destinations.TestEvents;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.testing.FakePlatforms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each adapter's request, sent by the real client to a fake that checks it the way the platform's
 * docs say the platform does: the adapter and the documented API agree. Then, per platform, a
 * request the fake must refuse, classified from the fake's (the platform's) own error body.
 */
class FakePlatformsDeliveryTest {

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
    fake.xSecrets("x-consumer-secret", "x-token-secret");
    client.tokens().clear();
  }

  static List<String> platforms() {
    return DestinationAdapters.PLATFORMS;
  }

  static Credentials credentials(String platform) {
    return switch (platform) {
      case "meta" -> Credentials.of("pixel_id", "1234567890", "access_token", "meta-token");
      case "tiktok" -> Credentials.of("pixel_code", "CABC123", "access_token", "tt-token");
      case "ga4" -> Credentials.of("measurement_id", "G-ABC123", "api_secret", "s3cr3t");
      case "google_ads" ->
          Credentials.of(
              "customer_id",
              "123-456-7890",
              "conversion_action_id",
              "987654",
              "developer_token",
              "dev-tok",
              "client_id",
              "cid",
              "client_secret",
              "csecret",
              "refresh_token",
              "1//refresh");
      case "snapchat" -> Credentials.of("pixel_id", "snap-pixel", "access_token", "snap-token");
      case "pinterest" -> Credentials.of("ad_account_id", "549755885175", "access_token", "pina");
      case "reddit" -> Credentials.of("ad_account_id", "t2_abc123", "access_token", "rdt");
      case "linkedin" -> Credentials.of("conversion_rule_id", "104012", "access_token", "li");
      case "x" ->
          Credentials.of(
              "pixel_id",
              "o8z6j",
              "consumer_key",
              "ck",
              "consumer_secret",
              "x-consumer-secret",
              "access_token",
              "at",
              "access_token_secret",
              "x-token-secret");
      case "microsoft" -> Credentials.of("uet_tag_id", "343009876", "access_token", "ms");
      case "klaviyo" -> Credentials.of("private_api_key", "pk_test");
      case "webhook" -> Credentials.of("url", fake.webhookUrl(), "signing_secret", "whsec_test");
      default -> throw new IllegalArgumentException(platform);
    };
  }

  static Map<String, String> settings(String platform) {
    return platform.equals("x") ? Map.of("event_id", "tw-o8z6j-o87ne") : Map.of();
  }

  /** The id the platform deduplicates on, as the fake records it. */
  static String dedupId(String platform, TrackEvent e) {
    return platform.equals("google_ads") ? e.orderId : e.eventId;
  }

  static TrackEvent recentPurchase(String id) {
    TrackEvent e = TestEvents.purchase(Instant.now().minusSeconds(60).getEpochSecond());
    e.eventId = id;
    e.orderId = "order-of-" + id;
    return e;
  }

  static DeliveryContext ctx() {
    return DeliveryContext.of(fake.endpoints(), Instant.now());
  }

  static List<Outcome> deliver(
      String platform, List<TrackEvent> events, Credentials creds, Map<String, String> settings)
      throws Exception {
    DestinationAdapter adapter = DestinationAdapters.forPlatform(platform).orElseThrow();
    for (TrackEvent e : events) {
      assertThat(adapter.skipReason(e, settings, Instant.now())).as(platform + " skip").isEmpty();
    }
    return client
        .deliver(adapter, "conn-" + platform, events, creds, settings, ctx())
        .get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @MethodSource("platforms")
  void theFakeAcceptsWhatTheAdapterSends(String platform) throws Exception {
    TrackEvent e = recentPurchase("evt-" + platform);
    List<Outcome> out = deliver(platform, List.of(e), credentials(platform), settings(platform));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).kind())
        .as(platform + ": " + out.get(0).message())
        .isEqualTo(OutcomeKind.DELIVERED);
    assertThat(fake.receivedIds(platform)).containsExactly(dedupId(platform, e));
  }

  @ParameterizedTest
  @MethodSource("platforms")
  void batchesAreAcceptedWholeAndInOrder(String platform) throws Exception {
    DestinationAdapter adapter = DestinationAdapters.forPlatform(platform).orElseThrow();
    int n = Math.min(3, adapter.maxBatchSize());
    List<TrackEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(recentPurchase("batch-" + platform + "-" + i));
    }
    List<Outcome> out = deliver(platform, events, credentials(platform), settings(platform));
    assertThat(out).hasSize(n).allMatch(Outcome::isDelivered);
    assertThat(fake.receivedIds(platform))
        .containsExactlyElementsOf(events.stream().map(e -> dedupId(platform, e)).toList());
    assertThat(fake.requestCount(platform)).isEqualTo(1);
  }

  // ---- each platform refuses a bad request, and we read its refusal right

  @Test
  void metaRejectsAnEventOlderThanSevenDays() throws Exception {
    TrackEvent old = recentPurchase("old");
    old.eventTime = Instant.now().minus(Duration.ofDays(8)).getEpochSecond();
    Outcome o = sendUnchecked("meta", old, credentials("meta"), Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.httpStatus()).isEqualTo(400);
    assertThat(o.message())
        .startsWith("Invalid parameter: The timestamp for this event is too far in the past");
    assertThat(fake.received("meta")).isEmpty();
  }

  @Test
  void tiktokRejectsABadTokenInA200() throws Exception {
    Outcome o =
        sendUnchecked(
            "tiktok",
            recentPurchase("t"),
            Credentials.of("pixel_code", "C", "access_token", "invalid"),
            Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.message()).startsWith("code 40105");
  }

  @Test
  void ga4DropsInvalidEventsSilentlyButTheValidationServerSaysWhy() throws Exception {
    Map<String, String> badName = new HashMap<>(Map.of("event_name.purchase", "bad name!"));
    Outcome silent = sendUnchecked("ga4", recentPurchase("g"), credentials("ga4"), badName);
    assertThat(silent.isDelivered()).isTrue();
    assertThat(fake.received("ga4")).isEmpty();
    badName.put("validate", "true");
    Outcome validated = sendUnchecked("ga4", recentPurchase("g"), credentials("ga4"), badName);
    assertThat(validated.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(validated.message()).contains("event name bad name! is invalid");
  }

  @Test
  void googleAdsReportsAnUnknownClickForThatRowOnly() throws Exception {
    TrackEvent good = recentPurchase("g1");
    TrackEvent bad = recentPurchase("g2");
    bad.userData.browserIds.gclid = "unknown-click";
    List<Outcome> out =
        deliver("google_ads", List.of(good, bad), credentials("google_ads"), Map.of());
    assertThat(out.get(0).isDelivered()).isTrue();
    assertThat(out.get(1).isFailed()).isTrue();
    assertThat(out.get(1).message()).startsWith("conversionUploadError.CLICK_NOT_FOUND");
    assertThat(fake.receivedIds("google_ads")).containsExactly("order-of-g1");
  }

  @Test
  void googleAdsWithARevokedRefreshTokenFails() throws Exception {
    Map<String, String> fields = new HashMap<>(credentials("google_ads").asMap());
    fields.put("refresh_token", "revoked");
    List<Outcome> out =
        deliver("google_ads", List.of(recentPurchase("r")), Credentials.of(fields), Map.of());
    assertThat(out.get(0).kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(out.get(0).message()).contains("invalid_grant");
    assertThat(fake.requestCount("google_ads")).isZero();
  }

  @Test
  void snapchatRejectsEventsOutsideItsWindow() throws Exception {
    TrackEvent old = recentPurchase("s");
    old.eventTime = Instant.now().minus(Duration.ofDays(40)).getEpochSecond();
    Outcome o = sendUnchecked("snapchat", old, credentials("snapchat"), Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).contains("outside the last 37 days");
  }

  @Test
  void pinterestFailsOnlyTheInvalidEvent() throws Exception {
    TrackEvent good = recentPurchase("p1");
    TrackEvent bad = recentPurchase("p2");
    bad.eventName = "quiz";
    List<Outcome> out =
        deliver(
            "pinterest",
            List.of(good, bad),
            credentials("pinterest"),
            Map.of("event_name.quiz", "bogus"));
    assertThat(out.get(0).isDelivered()).isTrue();
    assertThat(out.get(1).isFailed()).isTrue();
    assertThat(out.get(1).message()).isEqualTo("Event name 'bogus' is not valid.");
    assertThat(fake.receivedIds("pinterest")).containsExactly("p1");
  }

  @Test
  void redditRejectsEventsOlderThanSevenDays() throws Exception {
    TrackEvent old = recentPurchase("r");
    old.eventTime = Instant.now().minus(Duration.ofDays(8)).getEpochSecond();
    Outcome o = sendUnchecked("reddit", old, credentials("reddit"), Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).contains("None were processed").contains("within the last 7 days");
  }

  @Test
  void linkedinRejectsAMissingVersion() throws Exception {
    Outcome o =
        sendUnchecked(
            "linkedin",
            recentPurchase("l"),
            credentials("linkedin"),
            Map.of("api_version", "latest"));
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).startsWith("A version must be present");
  }

  @Test
  void xRejectsABadSignature() throws Exception {
    Map<String, String> fields = new HashMap<>(credentials("x").asMap());
    fields.put("consumer_secret", "wrong");
    Outcome o = sendUnchecked("x", recentPurchase("x"), Credentials.of(fields), settings("x"));
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.httpStatus()).isEqualTo(401);
    assertThat(o.message())
        .isEqualTo("UNAUTHORIZED_ACCESS: This request is not properly authenticated");
  }

  @Test
  void microsoftRejectsABadToken() throws Exception {
    Outcome o =
        sendUnchecked(
            "microsoft",
            recentPurchase("m"),
            Credentials.of("uet_tag_id", "1", "access_token", "invalid"),
            Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message())
        .isEqualTo("Unauthorized: You are not authorized to access this resource.");
  }

  @Test
  void klaviyoRejectsAMalformedRevision() throws Exception {
    Outcome o =
        sendUnchecked(
            "klaviyo", recentPurchase("k"), credentials("klaviyo"), Map.of("revision", "latest"));
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).startsWith("Invalid revision.");
  }

  @Test
  void webhookReceiverRejectsAWrongSignature() throws Exception {
    Outcome o =
        sendUnchecked(
            "webhook",
            recentPurchase("w"),
            Credentials.of("url", fake.webhookUrl(), "signing_secret", "other"),
            Map.of());
    assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(o.message()).isEqualTo("HTTP 401: invalid signature");
  }

  /** Sends without consulting skipReason, to see what the platform itself says. */
  private static Outcome sendUnchecked(
      String platform, TrackEvent e, Credentials creds, Map<String, String> settings)
      throws Exception {
    DestinationAdapter adapter = DestinationAdapters.forPlatform(platform).orElseThrow();
    return client
        .deliver(adapter, "conn-" + platform, List.of(e), creds, settings, ctx())
        .get(10, TimeUnit.SECONDS)
        .get(0);
  }
}
