package dev.tracklayer.api.events.live;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.events.DeliveryStatuses;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * The stream's optional filters, validated as GET /v1/events validates the same parameters. An
 * accepted event (or a duplicate copy) has no platform or status, so either of those filters leaves
 * only deliveries.
 */
record LiveFilter(String eventName, String platform, String status) {
  static LiveFilter parse(String eventName, String platform, String status) {
    List<FieldError> errors = new ArrayList<>();
    String name = blankToNull(eventName);
    if (name != null && name.length() > 64) {
      errors.add(new FieldError(FieldError.TOO_LONG, "event_name", "at most 64 characters"));
    }
    String p = blankToNull(platform);
    if (p != null && !PlatformCatalog.isKnown(p)) {
      errors.add(
          new FieldError(
              FieldError.INVALID_VALUE,
              "platform",
              "must be one of " + String.join(", ", PlatformCatalog.keys())));
    }
    String s = blankToNull(status);
    if (s != null) {
      s = s.toUpperCase(Locale.ROOT);
      if (!DeliveryStatuses.ALL.contains(s)) {
        errors.add(
            new FieldError(
                FieldError.INVALID_VALUE,
                "status",
                "must be one of " + String.join(", ", DeliveryStatuses.ALL)));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "invalid_query", "the query parameters are not valid", errors);
    }
    return new LiveFilter(name, p, s);
  }

  boolean test(LiveRecord r) {
    return (eventName == null || eventName.equals(r.eventName()))
        && (platform == null || platform.equals(r.platform()))
        && (status == null || status.equals(r.status()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
