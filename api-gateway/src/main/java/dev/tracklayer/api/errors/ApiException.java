package dev.tracklayer.api.errors;

import dev.tracklayer.core.event.FieldError;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error the client can act on: its status, a stable machine-readable code and a message that
 * never echoes secrets. Everything else that escapes a handler is a 500 with a generic message.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final List<FieldError> details;
  private final Duration retryAfter;

  public ApiException(HttpStatus status, String code, String message, List<FieldError> details) {
    this(status, code, message, details, null);
  }

  private ApiException(
      HttpStatus status,
      String code,
      String message,
      List<FieldError> details,
      Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.retryAfter = retryAfter;
  }

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, List.of());
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  public static ApiException validation(List<FieldError> details) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "validation_failed", "the request is not valid", details);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(HttpStatus.CONFLICT, code, message);
  }

  /** A 503 whose answer tells the client when to try again (a {@code Retry-After} header). */
  public static ApiException unavailable(String message, Duration retryAfter) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, List.of(), retryAfter);
  }

  /** A 429 whose answer tells the client when to try again (a {@code Retry-After} header). */
  public static ApiException rateLimited(String message, Duration retryAfter) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message, List.of(), retryAfter);
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

  /** When the client may retry, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
