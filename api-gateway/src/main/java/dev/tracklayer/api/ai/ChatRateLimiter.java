package dev.tracklayer.api.ai;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Chat requests per merchant in a sliding window, in this replica's memory (each replica allows the
 * limit: model calls cost money, and a merchant's dashboard talks to one replica at a time in
 * practice). A window holds at most {@code limit} timestamps.
 */
@Component
public class ChatRateLimiter {
  private final int limit;
  private final long windowNanos;
  private final LongSupplier clock;
  private final Map<UUID, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

  @Autowired
  public ChatRateLimiter(AiProperties properties) {
    this(properties.rateLimit(), properties.rateWindow(), System::nanoTime);
  }

  ChatRateLimiter(int limit, Duration window, LongSupplier clock) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /** Null when admitted (and counted), else how long until the oldest request leaves the window. */
  public Duration admit(UUID merchant) {
    long now = clock.getAsLong();
    if (windows.size() > 10_000) {
      windows.values().removeIf(w -> expired(w, now));
    }
    ArrayDeque<Long> window = windows.computeIfAbsent(merchant, m -> new ArrayDeque<>());
    synchronized (window) {
      while (!window.isEmpty() && now - window.peekFirst() >= windowNanos) {
        window.pollFirst();
      }
      if (window.size() >= limit) {
        return Duration.ofNanos(windowNanos - (now - window.peekFirst()));
      }
      window.addLast(now);
      return null;
    }
  }

  private boolean expired(ArrayDeque<Long> window, long now) {
    synchronized (window) {
      return window.isEmpty() || now - window.peekLast() >= windowNanos;
    }
  }
}
