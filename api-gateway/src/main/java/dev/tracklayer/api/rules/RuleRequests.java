package dev.tracklayer.api.rules;

import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation and normalization of rule bodies; the same rules apply to POST and PATCH. */
final class RuleRequests {
  /** As many as an event's amount may have (EventValidator). */
  private static final int MAX_MIN_VALUE_PLACES = 18;

  static final int MAX_NAME = 100;
  static final int MAX_EVENT_NAMES = 100;
  static final int MAX_COUNTRIES = 250;
  private static final Pattern COUNTRY = Pattern.compile("[a-z]{2}");

  private RuleRequests() {}

  static String name(Violations v, String name, boolean required) {
    return v.text("$.name", name, MAX_NAME, required);
  }

  static List<String> platforms(Violations v, List<String> platforms) {
    if (platforms == null || platforms.isEmpty()) {
      v.add(FieldError.REQUIRED, "$.platforms", "name at least one platform");
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < platforms.size(); i++) {
      String p = platforms.get(i);
      if (!PlatformCatalog.isKnown(p)) {
        v.add(
            FieldError.INVALID_VALUE,
            "$.platforms[" + i + "]",
            "must be one of " + String.join(", ", PlatformCatalog.keys()));
      } else {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** The stored form: trimmed, de-duplicated, countries lower-case, empty lists dropped. */
  static Conditions conditions(Violations v, Conditions c) {
    if (c == null) {
      return Conditions.none();
    }
    List<String> eventNames = null;
    if (c.eventNames() != null) {
      if (c.eventNames().size() > MAX_EVENT_NAMES) {
        v.add(FieldError.TOO_MANY, "$.conditions.event_names", "at most " + MAX_EVENT_NAMES);
      }
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < c.eventNames().size(); i++) {
        String name =
            v.text(
                "$.conditions.event_names[" + i + "]",
                c.eventNames().get(i),
                EventValidator.MAX_EVENT_NAME,
                true);
        if (name != null) {
          names.add(name);
        }
      }
      eventNames = emptyToNull(names);
    }
    List<String> sources = null;
    if (c.sources() != null) {
      Set<String> out = new LinkedHashSet<>();
      for (int i = 0; i < c.sources().size(); i++) {
        String s = c.sources().get(i);
        if (s == null || !TrackEvent.SOURCES.contains(s)) {
          v.add(
              FieldError.INVALID_VALUE,
              "$.conditions.sources[" + i + "]",
              "must be one of " + String.join(", ", new java.util.TreeSet<>(TrackEvent.SOURCES)));
        } else {
          out.add(s);
        }
      }
      sources = emptyToNull(out);
    }
    BigDecimal minValue = c.minValue();
    if (minValue != null
        && (minValue.signum() < 0 || minValue.compareTo(EventValidator.MAX_AMOUNT) > 0)) {
      v.add(
          FieldError.OUT_OF_RANGE,
          "$.conditions.min_value",
          "must be between 0 and " + EventValidator.MAX_AMOUNT.toPlainString());
    } else if (minValue != null && minValue.stripTrailingZeros().scale() > MAX_MIN_VALUE_PLACES) {
      v.add(
          FieldError.OUT_OF_RANGE,
          "$.conditions.min_value",
          "must have at most " + MAX_MIN_VALUE_PLACES + " decimal places");
    } else if (minValue != null && minValue.signum() == 0) {
      minValue = BigDecimal.ZERO; // 0E-1001 is 0, but PostgreSQL's numeric refuses its scale
    } else if (minValue != null && minValue.scale() < 0) {
      minValue = minValue.setScale(0); // 1E+3 is 1000, as every amount is written plainly
    }
    List<String> countries = null;
    if (c.countries() != null) {
      if (c.countries().size() > MAX_COUNTRIES) {
        v.add(FieldError.TOO_MANY, "$.conditions.countries", "at most " + MAX_COUNTRIES);
      }
      Set<String> out = new LinkedHashSet<>();
      for (int i = 0; i < c.countries().size(); i++) {
        String raw = c.countries().get(i);
        String code = raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
        if (code == null || !COUNTRY.matcher(code).matches()) {
          v.add(
              FieldError.INVALID_FORMAT,
              "$.conditions.countries[" + i + "]",
              "must be an ISO 3166-1 alpha-2 code such as us or de");
        } else {
          out.add(code);
        }
      }
      countries = emptyToNull(out);
    }
    return new Conditions(eventNames, sources, minValue, countries);
  }

  private static List<String> emptyToNull(Set<String> values) {
    return values.isEmpty() ? null : new ArrayList<>(values);
  }
}
