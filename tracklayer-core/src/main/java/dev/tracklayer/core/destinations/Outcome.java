package dev.tracklayer.core.destinations;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one event of a delivery request.
 *
 * @param kind delivered, retry or failed
 * @param httpStatus the HTTP status of the response, or 0 when none was received (timeout, network
 *     error, or an outcome decided before sending)
 * @param message the platform's own error text for RETRY and FAILED (trimmed to {@value
 *     #MAX_MESSAGE} characters), null for DELIVERED
 * @param retryAfter how long the platform asked us to wait (Retry-After or the platform's own
 *     hint), or null when it did not say
 * @param authError a FAILED answer about the connection's credentials (expired or revoked token),
 *     not the event: the pipeline pauses the connection instead of failing every event in turn
 */
public record Outcome(
    OutcomeKind kind, int httpStatus, String message, Duration retryAfter, boolean authError)
    implements Serializable {

  /** Long enough for every platform's error text we have seen, short enough for a table cell. */
  public static final int MAX_MESSAGE = 500;

  public Outcome {
    Objects.requireNonNull(kind, "kind");
    message = trim(message);
    if (retryAfter != null && retryAfter.isNegative()) {
      retryAfter = Duration.ZERO;
    }
  }

  public Outcome(OutcomeKind kind, int httpStatus, String message, Duration retryAfter) {
    this(kind, httpStatus, message, retryAfter, false);
  }

  public static Outcome delivered(int httpStatus) {
    return new Outcome(OutcomeKind.DELIVERED, httpStatus, null, null);
  }

  public static Outcome retry(int httpStatus, String message, Duration retryAfter) {
    return new Outcome(OutcomeKind.RETRY, httpStatus, message, retryAfter);
  }

  public static Outcome retry(int httpStatus, String message) {
    return retry(httpStatus, message, null);
  }

  public static Outcome failed(int httpStatus, String message) {
    return new Outcome(OutcomeKind.FAILED, httpStatus, message, null);
  }

  /** Refused for the credentials (an expired or invalid token): FAILED, and marked as such. */
  public static Outcome authFailed(int httpStatus, String message) {
    return new Outcome(OutcomeKind.FAILED, httpStatus, message, null, true);
  }

  /**
   * Whether this is a refusal of the connection's credentials: marked by the adapter ({@link
   * #authFailed}), or a FAILED 401 or 403, which every platform uses for a bad token.
   */
  public boolean isAuthError() {
    return authError || (kind == OutcomeKind.FAILED && (httpStatus == 401 || httpStatus == 403));
  }

  public static Outcome split(int httpStatus, String message) {
    return new Outcome(OutcomeKind.SPLIT, httpStatus, message, null);
  }

  public boolean isDelivered() {
    return kind == OutcomeKind.DELIVERED;
  }

  public boolean isRetry() {
    return kind == OutcomeKind.RETRY;
  }

  public boolean isFailed() {
    return kind == OutcomeKind.FAILED;
  }

  static String trim(String message) {
    if (message == null) {
      return null;
    }
    String s = message.strip();
    if (s.isEmpty()) {
      return null;
    }
    if (s.length() <= MAX_MESSAGE) {
      return s;
    }
    int end = MAX_MESSAGE - 1;
    // Do not cut a surrogate pair in half: the message ends up in ClickHouse and JSON.
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
