package dev.tracklayer.ingest.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * How many refused requests one client may send before it is refused unread: bad input costs the
 * gateway a parse and a log line each, so a client that only sends garbage (or guesses API keys) is
 * answered 429 for the rest of the window instead. Refusals are counted by a {@link RateLimiter}
 * (Redis when configured, so the count is shared); the block itself is remembered per replica,
 * learned by each from its own count.
 */
public class ErrorBudget {
  private final RateLimiter refusals;
  private final LongSupplier clockMillis;
  private final Cache<String, Long> blockedUntil;

  public ErrorBudget(RateLimiter refusals, long maxClients, LongSupplier clockMillis) {
    this.refusals = refusals;
    this.clockMillis = clockMillis;
    this.blockedUntil = Caffeine.newBuilder().maximumSize(maxClients).build();
  }

  /** The client's request as {@code handling} answers it, or a 429 unread when over budget. */
  public <T> Mono<T> unlessSpent(String client, Supplier<Mono<T>> handling) {
    IngestException refused = refusal(client);
    return refused == null ? handling.get() : Mono.error(refused);
  }

  /** The 429 for a client over its budget, or null. */
  IngestException refusal(String client) {
    Long until = blockedUntil.getIfPresent(client);
    if (until == null) {
      return null;
    }
    long wait = until - clockMillis.getAsLong();
    if (wait <= 0) {
      blockedUntil.invalidate(client);
      return null;
    }
    return new IngestException(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCodes.RATE_LIMITED,
        "too many refused requests from this client; retry later",
        List.of(),
        Duration.ofMillis(wait));
  }

  /** Counts one refused request; the one past the budget blocks the client until a slot frees. */
  public void charge(String client) {
    refusals
        .acquire(client)
        .subscribe(
            decision -> {
              if (!decision.allowed()) {
                blockedUntil.put(
                    client, clockMillis.getAsLong() + decision.retryAfter().toMillis());
              }
            },
            e -> {}); // the limiters fail open and report their own errors
  }
}
