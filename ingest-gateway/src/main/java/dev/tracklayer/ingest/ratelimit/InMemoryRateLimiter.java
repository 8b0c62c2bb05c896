package dev.tracklayer.ingest.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * An exact sliding window per key: the times of the last {@code limit} accepted events in a ring.
 * An event is allowed when the oldest of them has left the window; {@code limit} longs per client,
 * and no burst of 2 × limit across a window boundary as fixed windows allow.
 */
public class InMemoryRateLimiter implements RateLimiter {
  private final int limit;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Cache<String, SlidingLog> logs;

  public InMemoryRateLimiter(int limit, Duration window, long maxKeys, LongSupplier clockMillis) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clockMillis;
    this.logs =
        Caffeine.newBuilder()
            .expireAfterAccess(window)
            .maximumSize(maxKeys)
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Mono<RateLimitDecision> acquire(String key) {
    SlidingLog log = logs.get(key, k -> new SlidingLog(limit));
    long now = clock.getAsLong();
    long wait = log.acquire(now, windowMillis);
    return Mono.just(
        wait == 0
            ? RateLimitDecision.allowed(() -> log.refund(now))
            : RateLimitDecision.denied(wait));
  }

  static final class SlidingLog {
    private final int limit;
    private long[] times;
    private int next;
    private int size;

    SlidingLog(int limit) {
      this.limit = limit;
      // Grown as slots are taken: a generous limit (the error budget's) must not cost every
      // client that sends one request its whole ring.
      this.times = new long[Math.min(limit, 4)];
    }

    /** Takes a slot at {@code now} and answers 0, or answers the milliseconds until one frees. */
    synchronized long acquire(long now, long window) {
      if (size == times.length && size < limit) {
        long[] grown = new long[(int) Math.min(limit, 2L * size)];
        for (int i = 0; i < size; i++) {
          grown[i] = times[(next + i) % times.length];
        }
        times = grown;
        next = 0;
      }
      if (size < times.length) {
        times[(next + size) % times.length] = now;
        size++;
        return 0;
      }
      long oldest = times[next];
      if (now - oldest >= window) {
        times[next] = now;
        next = (next + 1) % times.length;
        return 0;
      }
      return Math.max(1, oldest + window - now);
    }

    /** Removes one entry of time {@code t}, the newest first; the later ones move up a place. */
    synchronized void refund(long t) {
      for (int i = size - 1; i >= 0; i--) {
        if (times[(next + i) % times.length] == t) {
          for (int j = i; j < size - 1; j++) {
            times[(next + j) % times.length] = times[(next + j + 1) % times.length];
          }
          size--;
          return;
        }
      }
    }
  }
}
