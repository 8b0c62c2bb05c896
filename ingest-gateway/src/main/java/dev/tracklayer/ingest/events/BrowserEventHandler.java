package dev.tracklayer.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.event.ValidationResult;
import dev.tracklayer.core.quality.EventWarnings;
import dev.tracklayer.ingest.bots.BotDetector;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.events.IngestMetrics.Outcome;
import dev.tracklayer.ingest.http.ClientAddresses;
import dev.tracklayer.ingest.http.EventLoops;
import dev.tracklayer.ingest.http.JsonBodies;
import dev.tracklayer.ingest.http.JsonResponses;
import dev.tracklayer.ingest.merchants.MerchantDirectory;
import dev.tracklayer.ingest.quota.QuotaGuard;
import dev.tracklayer.ingest.ratelimit.ErrorBudget;
import dev.tracklayer.ingest.ratelimit.RateLimiter;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * POST /v1/browser/events: the pixel, unauthenticated. The merchant comes from the body and must
 * exist; bots are answered like everyone else but dropped; each (merchant, client) is rate limited.
 */
@Component
public class BrowserEventHandler {
  /** text/plain too: sendBeacon and a fetch without preflight can only send that cross-origin. */
  private static final List<MediaType> JSON_OR_TEXT =
      List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN);

  private final JsonBodies bodies;
  private final EventValidator validator;
  private final MerchantDirectory merchants;
  private final BotDetector bots;
  private final RateLimiter rateLimiter;
  private final ErrorBudget errorBudget;
  private final ClientAddresses clientAddresses;
  private final EventAcceptor acceptor;
  private final IngestMetrics metrics;
  private final Rejections rejections;
  private final QuotaGuard quota;
  private final Clock clock;
  private final Duplicates duplicates;

  public BrowserEventHandler(
      JsonBodies bodies,
      EventValidator validator,
      MerchantDirectory merchants,
      BotDetector bots,
      RateLimiter rateLimiter,
      ErrorBudget errorBudget,
      ClientAddresses clientAddresses,
      EventAcceptor acceptor,
      IngestMetrics metrics,
      Rejections rejections,
      Clock clock,
      QuotaGuard quota,
      Duplicates duplicates) {
    this.bodies = bodies;
    this.validator = validator;
    this.merchants = merchants;
    this.bots = bots;
    this.rateLimiter = rateLimiter;
    this.errorBudget = errorBudget;
    this.clientAddresses = clientAddresses;
    this.acceptor = acceptor;
    this.metrics = metrics;
    this.rejections = rejections;
    this.clock = clock;
    this.quota = quota;
    this.duplicates = duplicates;
  }

  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    BrowserCorsFilter.addResponseHeaders(request.requestHeaders(), response::header);
    Executor replyOn = EventLoops.of(request);
    InetAddress client = Requests.client(clientAddresses, request);
    String clientId = Requests.rateLimitIdentity(client);
    return errorBudget
        .unlessSpent(
            clientId,
            () ->
                bodies
                    .read(request, JSON_OR_TEXT)
                    .flatMap(
                        body ->
                            validate(body)
                                .flatMap(event -> checkMerchant(event))
                                .flatMap(
                                    event ->
                                        accept(request, body, event, client, clientId, replyOn))))
        .flatMap(eventId -> JsonResponses.accepted(response, eventId))
        .onErrorResume(
            IngestException.class,
            e -> {
              metrics.countRefusal(Endpoint.BROWSER, e);
              // Copies (409) and rate limits (429) are not bad input; the rest is.
              if (e.status().is4xxClientError()
                  && e.status() != HttpStatus.CONFLICT
                  && e.status() != HttpStatus.TOO_MANY_REQUESTS) {
                errorBudget.charge(clientId);
              }
              return JsonResponses.error(response, e);
            });
  }

  private Mono<TrackEvent> validate(JsonNode body) {
    ValidationResult result = validator.validate(body, true);
    if (!result.isValid()) {
      IngestException refused = IngestException.validationFailed(result.errors());
      // Unparsed bodies name no merchant, so only validation failures are recorded here.
      rejections.record(Endpoint.BROWSER, Rejections.claimedMerchant(body), refused, body);
      return Mono.error(refused);
    }
    return Mono.just(result.event());
  }

  private Mono<TrackEvent> checkMerchant(TrackEvent event) {
    return merchants
        .isActive(event.merchantId)
        .flatMap(
            active ->
                active
                    ? Mono.just(event)
                    : Mono.error(
                        new IngestException(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            ErrorCodes.UNKNOWN_MERCHANT,
                            "merchant_id does not name an active merchant")));
  }

  /** Completes with the event_id once Kafka has the event, or at once for a bot's. */
  private Mono<String> accept(
      HttpServerRequest request,
      JsonNode body,
      TrackEvent event,
      InetAddress client,
      String clientId,
      Executor replyOn) {
    if (event.eventId == null) {
      event.eventId = UUID.randomUUID().toString();
    }
    String eventId = event.eventId;
    String userAgent = Requests.userAgent(request);
    if (bots.isBot(userAgent)) {
      // Same answer as a person gets: a bot learns nothing about what we filter.
      metrics.count(Endpoint.BROWSER, Outcome.BOT_DROPPED);
      return Mono.just(eventId);
    }
    return rateLimiter
        .acquire(event.merchantId + "|" + clientId)
        .flatMap(
            decision -> {
              if (!decision.allowed()) {
                return Mono.error(
                    new IngestException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        ErrorCodes.RATE_LIMITED,
                        "too many events from this client for this merchant; retry later",
                        List.of(),
                        decision.retryAfter()));
              }
              String ip = Requests.text(client);
              fillUserData(event, ip, userAgent);
              event.source = "browser";
              event.receivedAt = clock.millis();
              event.ingestIp = ip;
              event.ingestUserAgent = userAgent;
              event.warnings = EventWarnings.of(body, event);
              byte[] record = Json.toBytes(event);
              return quota
                  .admit(event.merchantId)
                  .flatMap(
                      ticket ->
                          acceptor.accept(
                              Endpoint.BROWSER, event.merchantId, eventId, record, replyOn, ticket))
                  // A copy of an event already in (409) is not a new event: its slot goes back.
                  // A 503 keeps its slot, or a client could post without limit during an outage.
                  .doOnError(
                      IngestException.class,
                      e -> {
                        if (e.status() == HttpStatus.CONFLICT) {
                          decision.refund().run();
                          // only queues a record: the 409 does not wait
                          duplicates.record(e, event);
                        }
                      })
                  .thenReturn(eventId);
            });
  }

  /** The browser is the shopper: what the connection shows about it is user data. */
  static void fillUserData(TrackEvent event, String ip, String userAgent) {
    if (event.userData == null) {
      event.userData = new UserData();
    }
    UserData u = event.userData;
    if (u.clientIp == null && u.ip == null && ip != null) {
      u.clientIp = ip;
    }
    if (u.userAgent == null && userAgent != null) {
      u.userAgent = userAgent;
    }
  }
}
