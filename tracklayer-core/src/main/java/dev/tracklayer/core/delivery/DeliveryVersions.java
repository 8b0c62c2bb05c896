package dev.tracklayer.core.delivery;

import java.time.Instant;

/**
 * The version of a delivery state row: the {@code deliveries} table and its lookups keep, per
 * (event, platform), the row with the highest version (docs/contracts.md, "Delivery statuses").
 *
 * <p>A delivery settles at its first final state. After a recovery the pipeline sends again what it
 * had sent since its last checkpoint (at-least-once), and that attempt's outcome must not replace
 * the state: a DELIVERED that later shows ERROR would be retried by retry-failed and counted as a
 * failure. So final rows rank above every non-final row, and among final rows the earlier one ranks
 * higher. Non-final rows (QUEUED, RETRY) rank by time.
 */
public final class DeliveryVersions {
  /** Above every timestamp version: microseconds × 8 stay below 2⁵⁵ until the year 2250. */
  private static final long SETTLED = 1L << 62;

  private DeliveryVersions() {}

  /**
   * @param at when the state was reached
   * @param rank breaks ties within one microsecond (the status's order in the state machine)
   * @param isFinal whether the state is final
   */
  public static long of(Instant at, int rank, boolean isFinal) {
    long timed = (at.getEpochSecond() * 1_000_000 + at.getNano() / 1000) * 8 + rank;
    return isFinal ? SETTLED - timed : timed;
  }
}
