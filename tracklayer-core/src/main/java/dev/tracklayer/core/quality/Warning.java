package dev.tracklayer.core.quality;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Something about an accepted event that did not block it but will cost matches or reports (see
 * {@link EventWarnings}). Part of {@code TrackEvent}, so a Flink POJO: public fields, public no-arg
 * constructor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Warning {

  /** A top-level or user_data key that the validator does not know and so ignored. */
  public static final String UNKNOWN_FIELD = "unknown_field";

  /** user_data.email was sent but normalizes to nothing (no local@domain shape, no hash). */
  public static final String EMAIL_UNUSABLE = "email_unusable";

  /** user_data.phone was sent but normalizes to nothing (too few or too many digits). */
  public static final String PHONE_UNUSABLE = "phone_unusable";

  /** A purchase without value or without currency: no revenue for it anywhere. */
  public static final String PURCHASE_WITHOUT_VALUE = "purchase_without_value";

  /** A browser event without user_data.browser_ids.fbp: Meta matches it less well. */
  public static final String BROWSER_WITHOUT_FBP = "browser_without_fbp";

  /** A server-side event without anything a platform matches a person on. */
  public static final String NO_MATCHABLE_IDENTIFIER = "no_matchable_identifier";

  @JsonProperty("code")
  public String code;

  /** JSON path of the field concerned, e.g. {@code $.user_data.email}; {@code $} for the event. */
  @JsonProperty("path")
  public String path;

  public Warning() {}

  public Warning(String code, String path) {
    this.code = code;
    this.path = path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Warning other
        && Objects.equals(code, other.code)
        && Objects.equals(path, other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, path);
  }

  @Override
  public String toString() {
    return code + "@" + path;
  }
}
