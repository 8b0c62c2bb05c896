package dev.tracklayer.core.destinations.http;

import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DeliveryRequest;
import dev.tracklayer.core.destinations.DeliveryResponse;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.TokenGrant;
import dev.tracklayer.core.identity.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * OAuth access tokens per connection id, for adapters that exchange credentials for a token (Google
 * Ads). Thread-safe; concurrent callers for the same connection share one token request; a token is
 * reused until shortly before it expires, and a change of the connection's credentials (a new
 * refresh token) forces a new exchange. Failed exchanges are not cached.
 */
public final class TokenCache {

  /** Renew this long before expiry so a request never leaves with a token about to lapse. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public TokenCache() {
    this(Clock.systemUTC());
  }

  public TokenCache(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The access token for {@code connectionId}, or a completed {@code null} when the adapter needs
   * none. Fails with the adapter's {@code TokenException} when the exchange is refused.
   *
   * @param send how to send the token request (the delivery client's {@code send})
   */
  public CompletableFuture<String> token(
      String connectionId,
      DestinationAdapter adapter,
      Credentials credentials,
      DeliveryContext ctx,
      Function<DeliveryRequest, CompletableFuture<DeliveryResponse>> send) {
    Optional<DeliveryRequest> request = adapter.tokenRequest(credentials, ctx);
    if (request.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String fingerprint = fingerprint(adapter, credentials);
    Instant now = clock.instant();
    CompletableFuture<TokenGrant> created = new CompletableFuture<>();
    Entry entry =
        entries.compute(
            connectionId,
            (k, current) ->
                current != null && current.fingerprint.equals(fingerprint) && current.usable(now)
                    ? current
                    : new Entry(created, fingerprint, now));
    if (entry.grant == created) {
      send.apply(request.get())
          .thenApply(adapter::parseToken)
          .whenComplete(
              (grant, error) -> {
                if (error != null) {
                  entries.remove(connectionId, entry);
                  created.completeExceptionally(error);
                } else {
                  created.complete(grant);
                }
              });
    }
    return entry.grant.thenApply(TokenGrant::accessToken);
  }

  /** Forget the connection's token, e.g. after the platform answered 401 to it. */
  public void invalidate(String connectionId) {
    entries.remove(connectionId);
  }

  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  private static String fingerprint(DestinationAdapter adapter, Credentials credentials) {
    return Sha256.hex(adapter.platform() + "|" + new TreeMap<>(credentials.asMap()));
  }

  private static final class Entry {
    final CompletableFuture<TokenGrant> grant;
    final String fingerprint;
    final Instant requestedAt;

    Entry(CompletableFuture<TokenGrant> grant, String fingerprint, Instant requestedAt) {
      this.grant = grant;
      this.fingerprint = fingerprint;
      this.requestedAt = requestedAt;
    }

    /** In flight (join it) or done with time to spare; never a failed one. */
    boolean usable(Instant now) {
      if (!grant.isDone()) {
        return true;
      }
      if (grant.isCompletedExceptionally()) {
        return false;
      }
      TokenGrant g = grant.join();
      Duration margin =
          g.expiresIn().dividedBy(10).compareTo(MARGIN) < 0 ? g.expiresIn().dividedBy(10) : MARGIN;
      return now.isBefore(g.expiresAt(requestedAt).minus(margin));
    }
  }
}
