package dev.tracklayer.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.ValidationResult;
import dev.tracklayer.core.quality.EventWarnings;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.http.ClientAddresses;
import dev.tracklayer.ingest.http.EventLoops;
import dev.tracklayer.ingest.http.JsonBodies;
import dev.tracklayer.ingest.http.JsonResponses;
import dev.tracklayer.ingest.keys.ApiKey;
import dev.tracklayer.ingest.keys.ApiKeyAuthenticator;
import dev.tracklayer.ingest.quota.QuotaGuard;
import dev.tracklayer.ingest.ratelimit.ErrorBudget;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** POST /v1/events: a merchant's server, authenticated by API key. */
@Component
public class ServerEventHandler {
  private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final ApiKeyAuthenticator keys;
  private final JsonBodies bodies;
  private final EventValidator validator;
  private final ClientAddresses clientAddresses;
  private final EventAcceptor acceptor;
  private final IngestMetrics metrics;
  private final ErrorBudget errorBudget;
  private final Rejections rejections;
  private final Clock clock;
  private final QuotaGuard quota;
  private final Duplicates duplicates;

  public ServerEventHandler(
      ApiKeyAuthenticator keys,
      JsonBodies bodies,
      EventValidator validator,
      ClientAddresses clientAddresses,
      EventAcceptor acceptor,
      IngestMetrics metrics,
      ErrorBudget errorBudget,
      Rejections rejections,
      Clock clock,
      QuotaGuard quota,
      Duplicates duplicates) {
    this.keys = keys;
    this.bodies = bodies;
    this.validator = validator;
    this.clientAddresses = clientAddresses;
    this.acceptor = acceptor;
    this.metrics = metrics;
    this.errorBudget = errorBudget;
    this.rejections = rejections;
    this.clock = clock;
    this.quota = quota;
    this.duplicates = duplicates;
  }

  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    Executor replyOn = EventLoops.of(request);
    InetAddress client = Requests.client(clientAddresses, request);
    String clientId = Requests.rateLimitIdentity(client);
    return errorBudget
        .unlessSpent(
            clientId,
            () ->
                keys.authenticate(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))
                    .flatMap(
                        key ->
                            bodies
                                .read(request, JSON)
                                .doOnError(
                                    IngestException.class,
                                    e ->
                                        rejections.record(
                                            Endpoint.SERVER, key.merchantId(), e, null))
                                .flatMap(body -> accept(request, client, key, body, replyOn))))
        .flatMap(eventId -> JsonResponses.accepted(response, eventId))
        .onErrorResume(
            IngestException.class,
            e -> {
              metrics.countRefusal(Endpoint.SERVER, e);
              // Only guessing keys costs the budget here: a merchant's server that sends some
              // invalid events among many good ones must not have the good ones refused.
              if (e.status() == HttpStatus.UNAUTHORIZED) {
                errorBudget.charge(clientId);
              }
              return JsonResponses.error(response, e);
            });
  }

  /** Completes with the event_id once Kafka has the event. */
  private Mono<String> accept(
      HttpServerRequest request, InetAddress client, ApiKey key, JsonNode body, Executor replyOn) {
    if (claimsOtherMerchant(body, key)) {
      return Mono.error(
          new IngestException(
              HttpStatus.FORBIDDEN,
              ErrorCodes.MERCHANT_MISMATCH,
              "merchant_id names another merchant than the API key's"));
    }
    ValidationResult result = validator.validate(body);
    if (!result.isValid()) {
      IngestException refused = IngestException.validationFailed(result.errors());
      rejections.record(Endpoint.SERVER, key.merchantId(), refused, body);
      return Mono.error(refused);
    }
    TrackEvent event = result.event();
    event.merchantId = key.merchantId();
    if (event.eventId == null) {
      event.eventId = UUID.randomUUID().toString();
    }
    event.source = serverSource(event.source);
    event.receivedAt = clock.millis();
    event.apiKeyId = key.id();
    // user_data stays as sent: the connection is the merchant's server, not the shopper.
    event.ingestIp = Requests.text(client);
    event.ingestUserAgent = Requests.userAgent(request);
    event.warnings = EventWarnings.of(body, event);
    String eventId = event.eventId;
    byte[] record = Json.toBytes(event);
    return quota
        .admit(event.merchantId)
        .flatMap(
            ticket ->
                acceptor.accept(
                    Endpoint.SERVER, event.merchantId, eventId, record, replyOn, ticket))
        // the 409 is decided: noting the copy only queues a record, the answer does not wait
        .doOnError(IngestException.class, e -> duplicates.record(e, event))
        .thenReturn(eventId);
  }

  private static boolean claimsOtherMerchant(JsonNode body, ApiKey key) {
    JsonNode claimed = body.get("merchant_id");
    return claimed != null
        && claimed.isTextual()
        && UUID_SHAPE.matcher(claimed.textValue()).matches()
        && !claimed.textValue().equalsIgnoreCase(key.merchantId());
  }

  /**
   * Events arriving here are sent by a server: "app" and "offline" are server-side channels and
   * kept; "browser" and "replay" are not this endpoint's to claim and become "server".
   */
  static String serverSource(String claimed) {
    return "app".equals(claimed) || "offline".equals(claimed) ? claimed : "server";
  }
}
