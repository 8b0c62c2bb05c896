package dev.tracklayer.core.event;

import java.util.Objects;

/**
 * One problem with one field of a request body.
 *
 * @param code machine-readable reason, one of the constants below
 * @param path JSON path of the offending value, e.g. {@code $.items[3].price}; {@code $} is the
 *     body itself
 * @param message human-readable explanation, safe to return to the client (never echoes values)
 */
public record FieldError(String code, String path, String message) {

  /** Missing, null, or (for required strings) blank. */
  public static final String REQUIRED = "required";

  /** Wrong JSON type, e.g. a string where a number is expected. */
  public static final String INVALID_TYPE = "invalid_type";

  /** Present but shorter than allowed (an empty event_id). */
  public static final String TOO_SHORT = "too_short";

  /** Longer than the field's cap. */
  public static final String TOO_LONG = "too_long";

  /** A number or time outside its allowed range. */
  public static final String OUT_OF_RANGE = "out_of_range";

  /** Right type, wrong shape (UUID, currency code, URL, IP address, control characters). */
  public static final String INVALID_FORMAT = "invalid_format";

  /** Not one of an enumerated set (source). */
  public static final String INVALID_VALUE = "invalid_value";

  /** An array with more elements than allowed. */
  public static final String TOO_MANY = "too_many";

  public FieldError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
