package dev.tracklayer.flink.rollup;

/** The minute a record counts in (docs/analytics.md, "Buckets"). */
public final class Buckets {
  public static final long MINUTE = 60_000;
  public static final long HOUR = 3_600_000;

  private Buckets() {}

  public static long minute(long epochMillis) {
    return Math.floorDiv(epochMillis, MINUTE) * MINUTE;
  }

  public static long hour(long epochMillis) {
    return Math.floorDiv(epochMillis, HOUR) * HOUR;
  }

  /**
   * An event's minute: that of its event_time, unless event_time is more than {@code latenessMs}
   * before received_at (a backfill, a client clock hours off), then that of received_at, whole
   * seconds as the events table stores it.
   */
  public static long ofEvent(long eventTimeSeconds, long receivedAtMillis, long latenessMs) {
    return isLate(eventTimeSeconds, receivedAtMillis, latenessMs)
        ? minute(receivedAtMillis / 1000 * 1000)
        : minute(eventTimeSeconds * 1000);
  }

  /**
   * Whether the event counts at its received minute and in late_events. In whole seconds, as the
   * events table keeps received_at, so the raw tables give the same answer (analytics check).
   */
  public static boolean isLate(long eventTimeSeconds, long receivedAtMillis, long latenessMs) {
    return eventTimeSeconds < Math.floorDiv(receivedAtMillis, 1000) - latenessMs / 1000;
  }
}
