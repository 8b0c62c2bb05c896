package dev.tracklayer.ingest.errors;

import dev.tracklayer.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses, with the status and error body it gets. Thrown for expected
 * outcomes (bad input, duplicates, an unavailable broker), so it carries no stack trace: building
 * one per refused request would cost more than the request itself.
 */
public final class IngestException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final List<FieldError> details;
  private final Duration retryAfter;
  private final Map<String, Object> fields;

  public IngestException(
      HttpStatus status,
      String code,
      String message,
      List<FieldError> details,
      Duration retryAfter) {
    this(status, code, message, details, retryAfter, Map.of());
  }

  /**
   * @param fields members added to the error object beside code, message and details (a 429 {@code
   *     quota_exceeded} says which plan, its allowance and when it resets)
   */
  public IngestException(
      HttpStatus status,
      String code,
      String message,
      List<FieldError> details,
      Duration retryAfter,
      Map<String, Object> fields) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : List.copyOf(details);
    this.retryAfter = retryAfter;
    this.fields = fields;
  }

  public IngestException(HttpStatus status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }

  /** Extra members of the error object, in order; usually none. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** When the client may retry (429, 503), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public static IngestException invalidJson(String message) {
    return new IngestException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_JSON, message);
  }

  public static IngestException validationFailed(List<FieldError> errors) {
    return new IngestException(
        HttpStatus.BAD_REQUEST,
        ErrorCodes.VALIDATION_FAILED,
        "the event has "
            + errors.size()
            + (errors.size() == 1 ? " invalid field" : " invalid fields"),
        errors,
        null);
  }

  public static IngestException missingApiKey() {
    return new IngestException(
        HttpStatus.UNAUTHORIZED,
        ErrorCodes.MISSING_API_KEY,
        "send the API key as 'Authorization: Bearer tl_live_...'");
  }

  public static IngestException invalidApiKey() {
    return new IngestException(
        HttpStatus.UNAUTHORIZED, ErrorCodes.INVALID_API_KEY, "the API key is invalid or revoked");
  }

  public static IngestException duplicate() {
    return new IngestException(
        HttpStatus.CONFLICT,
        ErrorCodes.DUPLICATE_EVENT,
        "an event with this event_id was already accepted in the last 24 hours");
  }

  public static IngestException unavailable(String code, String message, Duration retryAfter) {
    return new IngestException(
        HttpStatus.SERVICE_UNAVAILABLE, code, message, List.of(), retryAfter);
  }
}
