package dev.tracklayer.api.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The buckets one figure adds up: {@code [start, end)}, read from the hourly tables for {@code
 * [start, hourlyEnd)} and from the minute tables for {@code [hourlyEnd, end)}.
 *
 * <p>The hourly tables are complete below {@code analytics_progress.built_until}. A window that
 * starts there starts on the hour (an hourly row cannot be split), so it may reach up to 59 minutes
 * further back than its range; one that starts after it starts on the minute. The end is the end of
 * the current minute. The previous period ends where this one starts and is as long, so the two
 * never overlap.
 *
 * @param start first bucket counted
 * @param end first bucket not counted
 * @param hourlyEnd where the hourly rows stop and the minute rows take over ({@code start} when no
 *     hourly row is used)
 * @param hourlyUntil {@code built_until}, on the hour
 */
public record AnalyticsWindow(Instant start, Instant end, Instant hourlyEnd, Instant hourlyUntil) {

  /** The window of {@code length} that ends with the minute of {@code now}. */
  public static AnalyticsWindow current(Instant now, Duration length, Instant builtUntil) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return ending(end, length, builtUntil.truncatedTo(ChronoUnit.HOURS));
  }

  private static AnalyticsWindow ending(Instant end, Duration length, Instant hourlyUntil) {
    Instant start = end.minus(length);
    if (!start.isBefore(hourlyUntil)) {
      return new AnalyticsWindow(start, end, start, hourlyUntil);
    }
    start = start.truncatedTo(ChronoUnit.HOURS);
    Instant lastWholeHour = end.truncatedTo(ChronoUnit.HOURS);
    Instant hourlyEnd = hourlyUntil.isBefore(lastWholeHour) ? hourlyUntil : lastWholeHour;
    return new AnalyticsWindow(start, end, hourlyEnd, hourlyUntil);
  }

  /** The period of {@code length} just before this one. */
  public AnalyticsWindow previous(Duration length) {
    return ending(start, length, hourlyUntil);
  }
}
