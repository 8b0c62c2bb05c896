package dev.tracklayer.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Percentiles read back from the rollups' latency histogram (overview's p95_latency_ms). */
class LatencyBucketsTest {
  private static long[] histogram(long... leading) {
    long[] counts = new long[LatencyBuckets.COUNT];
    System.arraycopy(leading, 0, counts, 0, leading.length);
    return counts;
  }

  @Test
  void bucketsAreInclusiveUpperBounds() {
    assertThat(LatencyBuckets.index(0)).isZero();
    assertThat(LatencyBuckets.index(100)).isZero();
    assertThat(LatencyBuckets.index(101)).isEqualTo(1);
    assertThat(LatencyBuckets.index(1_000)).isEqualTo(3);
    assertThat(LatencyBuckets.index(3_600_000)).isEqualTo(LatencyBuckets.COUNT - 2);
    assertThat(LatencyBuckets.index(3_600_001)).isEqualTo(LatencyBuckets.COUNT - 1);
  }

  @Test
  void emptyHistogramReadsAsZero() {
    assertThat(LatencyBuckets.quantile(histogram(), 0.95)).isZero();
  }

  @Test
  void interpolatesLinearlyWithinTheBucketTheRankFallsIn() {
    // 10 deliveries of at most 100 ms: the median is half-way through [0, 100].
    assertThat(LatencyBuckets.quantile(histogram(10), 0.5)).isEqualTo(50);
    // 90 fast, 10 in (500, 1000]: rank 95 is half-way through the slow ones.
    assertThat(LatencyBuckets.quantile(histogram(90, 0, 0, 10), 0.95)).isEqualTo(750);
    // Empty buckets before the first filled one are skipped: (250, 500], rank 0.25 of 5.
    assertThat(LatencyBuckets.quantile(histogram(0, 0, 5), 0.05)).isEqualTo(263);
    // The maximum is the upper bound of the highest filled bucket.
    assertThat(LatencyBuckets.quantile(histogram(3, 4, 0, 0, 1), 1.0)).isEqualTo(2_000);
  }

  @Test
  void theUnboundedBucketReadsAsItsLowerBound() {
    long[] counts = histogram();
    counts[LatencyBuckets.COUNT - 1] = 7;
    assertThat(LatencyBuckets.quantile(counts, 0.95)).isEqualTo(3_600_000);
  }

  @Test
  void quantilesNeverDecreaseWithQ() {
    long[] counts = histogram(5, 0, 12, 3, 0, 9, 1, 0, 2, 0, 0, 1);
    long previous = 0;
    for (int i = 0; i <= 100; i++) {
      long v = LatencyBuckets.quantile(counts, i / 100.0);
      assertThat(v).as("q=%d%%", i).isGreaterThanOrEqualTo(previous);
      previous = v;
    }
  }
}
