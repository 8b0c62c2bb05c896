package dev.tracklayer.ingest.ratelimit;

import java.time.Duration;

/**
 * @param retryAfter when the next slot frees up; zero when allowed
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter) {
  public static final RateLimitDecision ALLOWED = new RateLimitDecision(true, Duration.ZERO);

  public static RateLimitDecision denied(long retryAfterMillis) {
    return new RateLimitDecision(false, Duration.ofMillis(Math.max(1, retryAfterMillis)));
  }
}
