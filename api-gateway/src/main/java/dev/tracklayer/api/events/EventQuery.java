package dev.tracklayer.api.events;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.TrackEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GET /v1/events parameters, validated. Sort columns and directions come from allow-lists; every
 * other value is bound as a literal, so nothing here can change the shape of the query.
 */
public record EventQuery(
    int limit,
    int offset,
    String platform,
    String status,
    String eventName,
    String source,
    Instant start,
    Instant end,
    String search,
    String orderBy,
    boolean ascending) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /**
   * Deep pages cost the server the rows before them (it reads offset + limit keys); beyond this a
   * narrower filter or time range finds the events.
   */
  public static final int MAX_OFFSET = 10_000;

  public static final int MAX_SEARCH = 320;

  /** API name → ClickHouse column. */
  public static final Map<String, String> ORDER_COLUMNS =
      Map.of(
          "event_time", "event_time",
          "received_at", "received_at",
          "value", "value",
          "event_name", "event_name");

  public static EventQuery parse(
      String limit,
      String offset,
      String platform,
      String status,
      String eventName,
      String source,
      String start,
      String end,
      String search,
      String orderBy,
      String orderDirection) {
    List<FieldError> errors = new ArrayList<>();
    // A limit above the maximum is served at the maximum (the answer says which); an offset
    // above it is refused: a page from elsewhere would be wrong data.
    int parsedLimit = integer(errors, "limit", limit, DEFAULT_LIMIT, 1);
    int parsedOffset = integer(errors, "offset", offset, 0, 0);
    if (parsedOffset > MAX_OFFSET) {
      errors.add(
          new FieldError(FieldError.OUT_OF_RANGE, "offset", "must be at most " + MAX_OFFSET));
    }
    String p = platformParam(platform, errors);
    String s = statusParam(status, errors);
    String name = eventNameParam(eventName, errors);
    String src = blankToNull(source);
    if (src != null && !TrackEvent.SOURCES.contains(src)) {
      errors.add(
          new FieldError(
              FieldError.INVALID_VALUE,
              "source",
              "must be one of " + String.join(", ", new java.util.TreeSet<>(TrackEvent.SOURCES))));
    }
    Instant from = time(errors, "start", start, false);
    Instant to = time(errors, "end", end, true);
    if (from != null && to != null && from.isAfter(to)) {
      errors.add(new FieldError(FieldError.OUT_OF_RANGE, "end", "must not be before start"));
    }
    String q = blankToNull(search);
    if (q != null && q.length() > MAX_SEARCH) {
      errors.add(
          new FieldError(FieldError.TOO_LONG, "search", "at most " + MAX_SEARCH + " characters"));
    }
    String order = blankToNull(orderBy);
    if (order == null) {
      order = "event_time";
    } else if (!ORDER_COLUMNS.containsKey(order)) {
      errors.add(
          new FieldError(
              FieldError.INVALID_VALUE,
              "orderBy",
              "must be one of "
                  + String.join(", ", new java.util.TreeSet<>(ORDER_COLUMNS.keySet()))));
    }
    String direction = blankToNull(orderDirection);
    boolean ascending = false;
    if (direction != null) {
      direction = direction.toLowerCase(Locale.ROOT);
      if (direction.equals("asc")) {
        ascending = true;
      } else if (!direction.equals("desc")) {
        errors.add(new FieldError(FieldError.INVALID_VALUE, "orderDirection", "asc or desc"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "invalid_query",
          "the query parameters are not valid",
          errors);
    }
    return new EventQuery(
        Math.min(parsedLimit, MAX_LIMIT),
        parsedOffset,
        p,
        s,
        name,
        src,
        from,
        to,
        q,
        order,
        ascending);
  }

  private static int integer(
      List<FieldError> errors, String name, String text, int fallback, int min) {
    String t = blankToNull(text);
    if (t == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(t);
      if (value < min) {
        errors.add(new FieldError(FieldError.OUT_OF_RANGE, name, "must be at least " + min));
        return fallback;
      }
      return (int) Math.min(value, Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(FieldError.INVALID_TYPE, name, "must be an integer"));
      return fallback;
    }
  }

  /**
   * ISO-8601 instant, offset date-time, date, or unix seconds. A date is that whole day in UTC: its
   * first instant as a start, its last as an end, so {@code start=end=2026-04-20} is that day.
   */
  static Instant time(List<FieldError> errors, String name, String text, boolean end) {
    String t = blankToNull(text);
    if (t == null) {
      return null;
    }
    try {
      if (t.chars().allMatch(Character::isDigit) && t.length() <= 12) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      if (t.length() == 10) {
        LocalDate day = LocalDate.parse(t);
        return end
            ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
            : day.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      errors.add(
          new FieldError(
              FieldError.INVALID_FORMAT,
              name,
              "must be ISO-8601 (2026-04-20T10:00:00Z) or unix seconds"));
      return null;
    }
  }

  /** {@code event_name}: null when absent; at most 64 characters (the stream filters alike). */
  public static String eventNameParam(String raw, List<FieldError> errors) {
    String name = blankToNull(raw);
    if (name != null && name.length() > 64) {
      errors.add(new FieldError(FieldError.TOO_LONG, "event_name", "at most 64 characters"));
    }
    return name;
  }

  /** {@code platform}: null when absent; one of the twelve platform keys. */
  public static String platformParam(String raw, List<FieldError> errors) {
    String p = blankToNull(raw);
    if (p != null && !PlatformCatalog.isKnown(p)) {
      errors.add(
          new FieldError(
              FieldError.INVALID_VALUE,
              "platform",
              "must be one of " + String.join(", ", PlatformCatalog.keys())));
    }
    return p;
  }

  /** {@code status}: null when absent; a delivery status in any case, returned upper case. */
  public static String statusParam(String raw, List<FieldError> errors) {
    String s = blankToNull(raw);
    if (s == null) {
      return null;
    }
    s = s.toUpperCase(Locale.ROOT);
    if (!DeliveryStatuses.ALL.contains(s)) {
      errors.add(
          new FieldError(
              FieldError.INVALID_VALUE,
              "status",
              "must be one of " + String.join(", ", DeliveryStatuses.ALL)));
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
