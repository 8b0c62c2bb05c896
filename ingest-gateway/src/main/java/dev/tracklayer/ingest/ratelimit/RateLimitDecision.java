package dev.tracklayer.ingest.ratelimit;

import java.time.Duration;

/**
 * @param retryAfter when the next slot frees up; zero when allowed
 * @param refund gives an allowed event's slot back (the event was refused after all); fire and
 *     forget, a no-op for a denial
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter, Runnable refund) {
  private static final Runnable NOTHING = () -> {};

  /** Allowed without a slot to give back (the limiter could not be asked). */
  public static final RateLimitDecision ALLOWED = allowed(NOTHING);

  public static RateLimitDecision allowed(Runnable refund) {
    return new RateLimitDecision(true, Duration.ZERO, refund);
  }

  public static RateLimitDecision denied(long retryAfterMillis) {
    return new RateLimitDecision(false, Duration.ofMillis(Math.max(1, retryAfterMillis)), NOTHING);
  }
}
