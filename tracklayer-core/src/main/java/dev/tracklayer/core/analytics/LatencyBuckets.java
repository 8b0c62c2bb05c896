package dev.tracklayer.core.analytics;

/**
 * The fixed latency histogram of the analytics rollups (ClickHouse {@code latency_buckets}): the
 * rollup job counts each final delivery in the first bucket whose bound is at least its latency,
 * and readers interpolate percentiles back from the counts. Fixed, so that rows of any minute, hour
 * or job version add up.
 */
public final class LatencyBuckets {
  /** Inclusive upper bounds in milliseconds; one more, unbounded, bucket follows the last. */
  private static final long[] BOUNDS = {
    100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 3_600_000
  };

  /** How many buckets a row holds: the bounded ones and the unbounded last. */
  public static final int COUNT = BOUNDS.length + 1;

  private LatencyBuckets() {}

  /** The bucket of a latency. */
  public static int index(long latencyMs) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (latencyMs <= BOUNDS[i]) {
        return i;
      }
    }
    return BOUNDS.length;
  }

  /**
   * The latency at quantile {@code q} (0..1) of a histogram, linear within the bucket it falls in;
   * the unbounded bucket reads as its lower bound. 0 for an empty histogram.
   */
  public static long quantile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    double rank = q * total;
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && seen + counts[i] >= rank) {
        long lower = i == 0 ? 0 : BOUNDS[i - 1];
        if (i >= BOUNDS.length) {
          return lower;
        }
        double within = (rank - seen) / counts[i];
        return Math.round(lower + within * (BOUNDS[i] - lower));
      }
      seen += counts[i];
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}
