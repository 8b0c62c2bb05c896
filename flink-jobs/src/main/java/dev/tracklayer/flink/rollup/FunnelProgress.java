package dev.tracklayer.flink.rollup;

import java.util.Arrays;

/**
 * One customer's progress through the funnel (docs/analytics.md, "Funnel by customer"), as keyed
 * state of {@code event-contributions}: for each stage k, the latest bucket second at which a run
 * through stage k starts ({@link #starts()}; a customer reached stage k within [start, now) exactly
 * when that is at or after start).
 *
 * <p>Events arrive out of order, so the stage events of the last {@code horizon} seconds before the
 * newest received_at are kept one by one ({@link #open}); older ones are folded into {@link
 * #closed}, the starts of the runs made of them alone. That is exact as long as no event arrives
 * older than the fold line: an event's bucket time is never more than the lateness before its
 * received_at, so with a horizon of twice the lateness only an event received more than one
 * lateness before one of the same customer already seen, and arriving after it, can be refused
 * ({@link #add} answers false; counted as too late, as the minute windows count theirs).
 *
 * <p>A Flink POJO. Times in epoch seconds; open events packed as {@code second * 8 + stage}, so
 * their natural order is (second, stage): a later stage in the same second comes after.
 */
public class FunnelProgress {
  static final int STAGES = 6;

  /**
   * At most about this many stage events are kept one by one. A customer key that many events share
   * (a placeholder email on every guest checkout, a test account) would otherwise keep hours of
   * them, and each new one copied and sorted them all: 140,000 events of one key in a minute
   * stalled the rollup. Beyond it the older half is folded, so for such a key only, an event older
   * than that line is refused as too late.
   */
  static final int MAX_OPEN = 256;

  /** Stage events at or after {@link #frozenBefore}, packed. */
  public long[] open = new long[0];

  /** Per stage k (index k-1), the latest start of a run through k among the folded events. */
  public long[] closed = new long[STAGES];

  /** Events before this second are folded into {@link #closed}. */
  public long frozenBefore = Long.MIN_VALUE;

  /** The newest received_at seen, seconds. */
  public long newestReceived = Long.MIN_VALUE;

  /** The starts last written, to write a row only when they change. */
  public long[] written = new long[STAGES];

  public FunnelProgress() {}

  /**
   * Adds a stage event (stage 1..6 at bucket second {@code second}); false, and nothing changes,
   * when it is older than the fold line.
   */
  public boolean add(long second, int stage, long receivedSecond, long horizonSeconds) {
    if (second < frozenBefore) {
      return false;
    }
    newestReceived = Math.max(newestReceived, receivedSecond);
    long packed = second * 8 + stage;
    // The same stage in the same second again changes no start.
    boolean known = false;
    for (long e : open) {
      if (e == packed) {
        known = true;
        break;
      }
    }
    if (!known) {
      open = Arrays.copyOf(open, open.length + 1);
      open[open.length - 1] = packed;
    }
    long line = newestReceived - horizonSeconds;
    if (line > frozenBefore) {
      fold(line);
    }
    if (open.length > MAX_OPEN) {
      // Sorted in place (their order is no one's): fold finds it sorted.
      Arrays.sort(open);
      long keep = open[open.length - MAX_OPEN / 2] / 8;
      if (keep > frozenBefore) {
        fold(keep);
      }
    }
    return true;
  }

  private void fold(long line) {
    long[] sorted = open.clone();
    Arrays.sort(sorted);
    int cut = 0;
    while (cut < sorted.length && sorted[cut] / 8 < line) {
      cut++;
    }
    closed = combine(closed, Arrays.copyOfRange(sorted, 0, cut));
    open = Arrays.copyOfRange(sorted, cut, sorted.length);
    frozenBefore = line;
  }

  /** Per stage k (index k-1), the latest start of a run through k; 0 for none. */
  public long[] starts() {
    long[] sorted = open.clone();
    Arrays.sort(sorted);
    return combine(closed, sorted);
  }

  /**
   * The starts over A ∪ B from A's starts and B's events (sorted), every event of B after every
   * event of A. A run through k starts in B, or runs through some j ≥ 1 in A (its latest start is
   * A's start j) and through j+1..k in B, which exists when B's events take a customer at stage j
   * to k or further.
   */
  static long[] combine(long[] a, long[] b) {
    long[] out = latestStarts(b);
    for (int j = 1; j <= STAGES; j++) {
      if (a[j - 1] == 0) {
        continue;
      }
      int reached = advance(b, j);
      for (int k = j; k <= reached; k++) {
        out[k - 1] = Math.max(out[k - 1], a[j - 1]);
      }
    }
    return out;
  }

  /** The stage a customer at {@code level} reaches through the events, in order. */
  static int advance(long[] sorted, int level) {
    for (long e : sorted) {
      if (level < STAGES && e % 8 == level + 1) {
        level++;
      }
    }
    return level;
  }

  /**
   * Per k, the latest start of a run through k within the events: from the last event of stage k
   * back, each stage's latest event at or before the next one's (the latest run is found from its
   * end).
   */
  static long[] latestStarts(long[] sorted) {
    long[] out = new long[STAGES];
    for (int k = 1; k <= STAGES; k++) {
      int stage = k;
      long bound = Long.MAX_VALUE;
      for (int i = sorted.length - 1; i >= 0 && stage >= 1; i--) {
        if (sorted[i] % 8 == stage && sorted[i] <= bound) {
          bound = sorted[i];
          stage--;
        }
      }
      if (stage == 0) {
        out[k - 1] = bound / 8;
      }
    }
    return out;
  }

  /** Whether the starts differ from those last written; if so, they become the written ones. */
  boolean changed(long[] starts) {
    if (Arrays.equals(starts, written)) {
      return false;
    }
    written = starts.clone();
    return true;
  }
}
