package dev.tracklayer.api.events.live;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.events.EventQuery;
import dev.tracklayer.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The stream's optional filters, validated as GET /v1/events validates the same parameters. An
 * accepted event (or a duplicate copy) has no platform or status, so either of those filters leaves
 * only deliveries.
 */
record LiveFilter(String eventName, String platform, String status) {
  static LiveFilter parse(String eventName, String platform, String status) {
    List<FieldError> errors = new ArrayList<>();
    String name = EventQuery.eventNameParam(eventName, errors);
    String p = EventQuery.platformParam(platform, errors);
    String s = EventQuery.statusParam(status, errors);
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
}
