package dev.tracklayer.api.analytics;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.core.event.FieldError;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The {@code range} of every /v1/analytics endpoint: how far back the window reaches. */
public enum AnalyticsRange {
  H24("24h", Duration.ofHours(24)),
  D7("7d", Duration.ofDays(7)),
  D30("30d", Duration.ofDays(30)),
  D90("90d", Duration.ofDays(90));

  public static final AnalyticsRange DEFAULT = D7;
  public static final List<String> LABELS =
      Arrays.stream(values()).map(AnalyticsRange::label).toList();

  private final String label;
  private final Duration length;

  AnalyticsRange(String label, Duration length) {
    this.label = label;
    this.length = length;
  }

  public String label() {
    return label;
  }

  public Duration length() {
    return length;
  }

  /** The range named by the query string; absent means 7d, anything unknown is a 400. */
  public static AnalyticsRange parse(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    for (AnalyticsRange r : values()) {
      if (r.label.equals(text.strip())) {
        return r;
      }
    }
    String allowed = "must be one of " + String.join(", ", LABELS);
    throw new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_query",
        "range " + allowed,
        List.of(new FieldError(FieldError.INVALID_VALUE, "range", allowed)));
  }
}
