package dev.tracklayer.api.events.live;

/**
 * One client's allowance: at most {@code perSecond} records in each one-second window, and a count
 * of what was left out (over the allowance, or pushed out of a slow client's buffer) until the next
 * {@code sampled} event reports it.
 */
final class ClientBudget {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int perSecond;
  private long windowStart = System.nanoTime();
  private int sent;
  private int dropped;

  ClientBudget(int perSecond) {
    this.perSecond = perSecond;
  }

  synchronized boolean admit(long nanoTime) {
    if (nanoTime - windowStart >= WINDOW_NANOS) {
      windowStart = nanoTime;
      sent = 0;
    }
    if (sent < perSecond) {
      sent++;
      return true;
    }
    dropped++;
    return false;
  }

  synchronized void dropped() {
    dropped++;
  }

  /** What was left out since the last call. */
  synchronized int takeDropped() {
    int d = dropped;
    dropped = 0;
    return d;
  }
}
