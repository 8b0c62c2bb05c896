package dev.tracklayer.core.identity;

import dev.tracklayer.core.event.UserData;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One destination field: read {@code field} from user_data, normalize it, optionally hash it, and
 * emit it under {@code key} as a single string or as an array.
 *
 * @param key the destination's field name, e.g. {@code em}
 * @param hashed SHA-256 the normalized value; a value that already is a SHA-256 hex digest is
 *     passed through lowercased instead, never hashed twice
 * @param array emit a {@code List<String>} (all values of a multi-valued field, de-duplicated)
 *     instead of one {@code String}
 */
public record FieldRule(
    String key, UserDataField field, Normalization normalization, boolean hashed, boolean array)
    implements Serializable {

  public FieldRule {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(normalization, "normalization");
  }

  public static FieldRule hashedArray(String key, UserDataField field, Normalization n) {
    return new FieldRule(key, field, n, true, true);
  }

  public static FieldRule hashed(String key, UserDataField field, Normalization n) {
    return new FieldRule(key, field, n, true, false);
  }

  public static FieldRule raw(String key, UserDataField field, Normalization n) {
    return new FieldRule(key, field, n, false, false);
  }

  public static FieldRule raw(String key, UserDataField field) {
    return raw(key, field, Normalization.RAW);
  }

  /**
   * @param country the user's normalized country or null
   * @return a String, a non-empty List of String, or null when the field is to be omitted
   */
  public Object evaluate(UserData userData, String country) {
    List<String> candidates = field.read(userData);
    if (array && field.multiValued()) {
      Set<String> values = new LinkedHashSet<>();
      for (String c : candidates) {
        String v = value(c, country);
        if (v != null) {
          values.add(v);
        }
      }
      return values.isEmpty() ? null : List.copyOf(values);
    }
    for (String c : candidates) {
      String v = value(c, country);
      if (v != null) {
        return array ? List.of(v) : v;
      }
    }
    return null;
  }

  /**
   * Whether {@link #evaluate} would emit something, without hashing: the eligibility checks ask
   * this for every event and platform, and SHA-256 is most of a rule's cost.
   */
  public boolean present(UserData userData, String country) {
    for (String c : field.read(userData)) {
      if (value(c, country, false) != null) {
        return true;
      }
    }
    return false;
  }

  /** One raw value through normalization and hashing; null when it is to be omitted. */
  public String value(String raw, String country) {
    return value(raw, country, true);
  }

  /** {@code hash} false stops before SHA-256: null exactly when the hashed value would be. */
  private String value(String raw, String country, boolean hash) {
    if (!hashed) {
      return normalization.apply(raw, country);
    }
    String trimmed = Normalizers.clean(raw);
    if (trimmed == null) {
      return null;
    }
    if (Sha256.isHex(trimmed)) {
      return trimmed.toLowerCase(Locale.ROOT);
    }
    String normalized = normalization.apply(trimmed, country);
    return normalized == null || !hash ? normalized : Sha256.hex(normalized);
  }
}
