package dev.tracklayer.api.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The buckets one figure adds up: {@code [start, end)}, read from the hourly tables for {@code
 * [start, hourlyEnd)} and from the minute tables for {@code [hourlyEnd, end)}; within the hourly
 * part, the whole UTC days {@code [dailyStart, dailyEnd)} may be read from the daily tables instead
 * (a reader that places rows in a time zone other than UTC keeps reading hours).
 *
 * <p>The hourly tables are complete below {@code analytics_progress.built_until}, the daily ones
 * below that of job {@code rollup-daily}. A window that starts there starts on the hour (an hourly
 * row cannot be split), so it may reach up to 59 minutes further back than its range; one that
 * starts after it starts on the minute. The end is the end of the current minute. The previous
 * period ends where this one starts and is as long, so the two never overlap.
 *
 * @param start first bucket counted
 * @param end first bucket not counted
 * @param hourlyEnd where the hourly rows stop and the minute rows take over ({@code start} when no
 *     hourly row is used)
 * @param hourlyUntil {@code built_until}, on the hour
 * @param dailyUntil the daily tables' {@code built_until}, on the day (the epoch without one)
 * @param rebuilt the hourly and daily buckets built more than once
 */
public record AnalyticsWindow(
    Instant start,
    Instant end,
    Instant hourlyEnd,
    Instant hourlyUntil,
    Instant dailyUntil,
    AnalyticsReader.Rebuilt rebuilt) {

  /** The window of {@code length} that ends with the minute of {@code now}. */
  public static AnalyticsWindow current(
      Instant now, Duration length, AnalyticsReader.Progress built) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return ending(
        end,
        length,
        built.hourly().truncatedTo(ChronoUnit.HOURS),
        built.daily().truncatedTo(ChronoUnit.DAYS),
        built.rebuilt());
  }

  private static AnalyticsWindow ending(
      Instant end,
      Duration length,
      Instant hourlyUntil,
      Instant dailyUntil,
      AnalyticsReader.Rebuilt rebuilt) {
    Instant start = end.minus(length);
    if (!start.isBefore(hourlyUntil)) {
      return new AnalyticsWindow(start, end, start, hourlyUntil, dailyUntil, rebuilt);
    }
    start = start.truncatedTo(ChronoUnit.HOURS);
    Instant lastWholeHour = end.truncatedTo(ChronoUnit.HOURS);
    Instant hourlyEnd = hourlyUntil.isBefore(lastWholeHour) ? hourlyUntil : lastWholeHour;
    return new AnalyticsWindow(start, end, hourlyEnd, hourlyUntil, dailyUntil, rebuilt);
  }

  /** The period of {@code length} just before this one. */
  public AnalyticsWindow previous(Duration length) {
    return ending(start, length, hourlyUntil, dailyUntil, rebuilt);
  }

  /** The first whole UTC day of the hourly part. */
  public Instant dailyStart() {
    Instant day = start.truncatedTo(ChronoUnit.DAYS);
    return day.equals(start) ? day : day.plus(Duration.ofDays(1));
  }

  /** The end of the whole UTC days of the hourly part the daily tables hold; at most dailyStart. */
  public Instant dailyEnd() {
    Instant end = hourlyEnd.truncatedTo(ChronoUnit.DAYS);
    if (dailyUntil.isBefore(end)) {
      end = dailyUntil;
    }
    return end.isAfter(dailyStart()) ? end : dailyStart();
  }

  /** Whether any whole day is read from the daily tables. */
  public boolean hasDays() {
    return dailyEnd().isAfter(dailyStart());
  }

  /**
   * The window from {@code earlier}'s start to this one's end, split as each of the two is: one
   * read covers both (and every period between).
   */
  public AnalyticsWindow spanning(AnalyticsWindow earlier) {
    return ending(end, Duration.between(earlier.start, end), hourlyUntil, dailyUntil, rebuilt);
  }
}
