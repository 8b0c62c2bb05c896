package dev.tracklayer.core.destinations;

import dev.tracklayer.core.event.TrackEvent;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ad or marketing platform, as pure functions: which events it takes ({@link #skipReason}), how
 * a batch of them becomes one HTTP request ({@link #build}) and what the answer means for each
 * event ({@link #classify}). No I/O happens here; {@code
 * dev.tracklayer.core.destinations.http.DeliveryHttpClient} sends the requests.
 *
 * <p>Implementations are stateless and serializable (Flink ships them to task managers), one file
 * per platform named {@code <Platform>Adapter}, registered in {@link DestinationAdapters}.
 *
 * <p>The order of operations for a batch: drop the events for which {@link #skipReason} says
 * something (they are SKIPPED), split the rest into chunks of at most {@link #maxBatchSize()},
 * obtain a token when {@link #tokenRequest} asks for one, {@link #build} each chunk, send it with
 * {@link #timeout()}, and {@link #classify} the response (or {@link #classifyFailure} the
 * exception) into one outcome per event, in order.
 */
public interface DestinationAdapter extends Serializable {

  /** The platform key of docs/contracts.md: {@code meta}, {@code tiktok}, …, {@code webhook}. */
  String platform();

  /**
   * The credential fields of docs/contracts.md for this platform; the API validates connections
   * with it.
   */
  List<String> requiredCredentials();

  /** The most events one request may carry (1 where the API takes one event per call). */
  int maxBatchSize();

  /**
   * The oldest event (by event_time) the platform accepts, or empty when it states no limit. The
   * pipeline never sends an event past it, however long a retry has waited: such an event ends as
   * ERROR "older than the platform accepts".
   */
  default Optional<Duration> maxEventAge() {
    return Optional.empty();
  }

  /** How long to wait for the platform's answer before treating the request as failed (RETRY). */
  Duration timeout();

  /**
   * Why this platform should not receive {@code event} at all (it becomes SKIPPED with this
   * reason), or empty when it is eligible. {@code settings} are the connection's: several platforms
   * are only eligible for the events the merchant mapped to a conversion (Google Ads, LinkedIn, X).
   */
  Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now);

  /**
   * {@link #skipReason(TrackEvent, Map, Instant)} for a connection without settings.
   *
   * @see #skipReason(TrackEvent, Map, Instant)
   */
  default Optional<String> skipReason(TrackEvent event, Instant now) {
    return skipReason(event, Map.of(), now);
  }

  /**
   * The request that delivers {@code events} (1 to {@link #maxBatchSize()} eligible events). Pure:
   * the same arguments always give the same request.
   *
   * @throws MissingCredentialException when the connection lacks a field this platform needs
   */
  DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx);

  /**
   * One outcome per event of the request, in the order they were given to {@link #build}. The same
   * outcome for all unless the platform reports per-event results.
   */
  List<Outcome> classify(DeliveryResponse response, int batchSize);

  /** A request that got no response: timeout, refused connection, reset. Always worth a retry. */
  default Outcome classifyFailure(Throwable failure) {
    return Responses.networkFailure(failure);
  }

  /**
   * The OAuth token request to make before {@link #build} (whose result then arrives in {@link
   * DeliveryContext#accessToken()}), or empty when the platform authenticates with the stored
   * credentials alone. The I/O layer caches the token per connection until it expires.
   */
  default Optional<DeliveryRequest> tokenRequest(Credentials credentials, DeliveryContext ctx) {
    return Optional.empty();
  }

  /**
   * The token in the answer to {@link #tokenRequest}.
   *
   * @throws TokenException when the answer carries no token; its outcome applies to the events
   */
  default TokenGrant parseToken(DeliveryResponse response) {
    throw new UnsupportedOperationException(platform() + " uses no OAuth token exchange");
  }
}
