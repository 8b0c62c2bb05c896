package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.Ids;
import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.WebhookTargets;
import dev.tracklayer.core.destinations.http.DeliveryHttpClient;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends one synthetic purchase through the connection's adapter and the same HTTP client the
 * pipeline uses, in the platform's test mode where it has one, and records what came back.
 */
@Component
public class PlatformTester implements DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformTester.class);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final PlatformService platforms;
  private final DeliveryHttpClient http = new DeliveryHttpClient();
  private final Endpoints endpoints;
  // The web layer's mapper: the stored result is served back as is by GET /v1/platforms.
  private final ObjectMapper json;

  private final WebhooksProperties webhooks;

  public PlatformTester(
      PlatformService platforms,
      DestinationProperties destinations,
      WebhooksProperties webhooks,
      ObjectMapper json) {
    this.platforms = platforms;
    this.webhooks = webhooks;
    this.json = json;
    Map<String, String> urls = new LinkedHashMap<>(Endpoints.fromEnvironment().asMap());
    urls.putAll(destinations.baseUrls());
    this.endpoints = new Endpoints(urls);
  }

  public Mono<TestResult> test(Caller caller, String idText) {
    UUID id = Ids.uuid(idText, "platform");
    return Blocking.call(() -> platforms.connection(caller, id))
        .flatMap(connection -> run(caller, connection))
        .flatMap(
            result ->
                Blocking.call(
                    () -> {
                      platforms.recordTest(
                          caller, id, result.testedAt(), json.writeValueAsString(result));
                      LOG.info(
                          "merchant {} tested {} connection {}: {} {}",
                          caller.merchantId(),
                          result.platform(),
                          id,
                          result.outcome(),
                          result.httpStatus());
                      return result;
                    }));
  }

  private Mono<TestResult> run(Caller caller, PlatformService.Connection connection) {
    DestinationAdapter adapter = PlatformCatalog.adapter(connection.platform());
    Instant now = Instant.now();
    TrackEvent event = syntheticEvent(caller, now);
    Map<String, String> settings = new HashMap<>(connection.settings());
    boolean testMode = enableTestMode(connection.platform(), settings);
    Optional<String> skip =
        refusedTarget(connection).or(() -> adapter.skipReason(event, settings, now));
    if (skip.isPresent()) {
      return Mono.just(
          new TestResult(
              false,
              connection.platform(),
              "SKIPPED",
              null,
              skip.get(),
              testMode,
              event.eventId,
              now));
    }
    Credentials credentials = Credentials.of(connection.credentials());
    return Mono.fromFuture(
            () ->
                http.deliver(
                    adapter,
                    connection.id().toString(),
                    List.of(event),
                    credentials,
                    settings,
                    DeliveryContext.of(endpoints, now)))
        .timeout(LIMIT)
        .map(
            outcomes -> {
              Outcome o = outcomes.get(0);
              return new TestResult(
                  o.isDelivered(),
                  connection.platform(),
                  o.kind().name(),
                  o.httpStatus() == 0 ? null : o.httpStatus(),
                  scrub(o.message(), connection.credentials()),
                  testMode,
                  event.eventId,
                  now);
            })
        .onErrorResume(
            e -> {
              LOG.warn(
                  "platform test of {} connection {} could not run: {}",
                  connection.platform(),
                  connection.id(),
                  e.getClass().getSimpleName());
              return Mono.just(
                  new TestResult(
                      false,
                      connection.platform(),
                      "ERROR",
                      null,
                      "the test could not be run",
                      testMode,
                      event.eventId,
                      now));
            });
  }

  /**
   * The test call is a request from this service's own network, and its answer's text is shown to
   * the caller: a webhook URL is checked again here (its name may resolve differently now, or it
   * was stored while private targets were allowed). Blocking: runs on the blocking scheduler that
   * loaded the connection.
   */
  private Optional<String> refusedTarget(PlatformService.Connection connection) {
    if (!connection.platform().equals("webhook") || webhooks.allowPrivateTargets()) {
      return Optional.empty();
    }
    return WebhookTargets.check(connection.credentials().get("url"))
            == WebhookTargets.Verdict.PUBLIC
        ? Optional.empty()
        : Optional.of("the webhook URL does not point to a public address; nothing was sent");
  }

  /**
   * Turns on the platform's own test mode. Meta, TikTok and Reddit need a code from their events
   * manager, so the connection's setting decides; the others have a switch we can always flip.
   */
  static boolean enableTestMode(String platform, Map<String, String> settings) {
    switch (platform) {
      case "meta", "tiktok" -> {
        return settings.containsKey("test_event_code");
      }
      case "reddit" -> {
        return settings.containsKey("test_id") || settings.containsKey("test_event_code");
      }
      case "ga4" -> settings.put("validate", "true");
      case "pinterest" -> settings.put("test", "true");
      case "google_ads" -> settings.put("validate_only", "true");
      default -> {
        return false;
      }
    }
    return true;
  }

  static TrackEvent syntheticEvent(Caller caller, Instant now) {
    TrackEvent event = new TrackEvent();
    event.eventId = "tracklayer-test-" + UUID.randomUUID();
    event.eventName = "purchase";
    event.eventTime = now.getEpochSecond();
    event.merchantId = caller.merchant();
    event.source = "server";
    event.value = new BigDecimal("1.00");
    event.currency = "USD";
    event.orderId = event.eventId;
    event.eventSourceUrl = "https://tracklayer.dev/platform-test";
    event.receivedAt = now.toEpochMilli();
    UserData user = new UserData();
    user.email = "platform-test@tracklayer.dev";
    user.customerId = "tracklayer-platform-test";
    user.clientIp = "203.0.113.10";
    user.userAgent = "Mozilla/5.0 (TrackLayer platform test)";
    user.country = "us";
    event.userData = user;
    return event;
  }

  /**
   * Platforms and webhooks may quote what they were sent; a credential never goes back out, neither
   * as written nor in the forms a quote takes: URL-encoded (a query string echoed back) or
   * JSON-escaped (a request body echoed back).
   */
  static String scrub(String message, Map<String, String> credentials) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (String secret : credentials.values()) {
      if (secret == null || secret.length() < 4) {
        continue;
      }
      String urlEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      for (String form :
          List.of(
              secret,
              urlEncoded,
              urlEncoded.replace("+", "%20"),
              new String(JsonStringEncoder.getInstance().quoteAsString(secret)))) {
        out = out.replace(form, CredentialMask.DOTS);
      }
    }
    return out;
  }

  @Override
  public void destroy() {
    http.close();
  }
}
