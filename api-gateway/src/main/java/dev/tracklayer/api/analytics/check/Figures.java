package dev.tracklayer.api.analytics.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named figures ({@code volume.2026-12-01.accepted}, {@code coverage.purchase.meta}, …) of one
 * merchant and window, read either from the raw tables or from the endpoints' answers, so that the
 * two can be compared name by name.
 */
final class Figures {
  private final Map<String, BigDecimal> values = new TreeMap<>();

  void add(String name, BigDecimal amount) {
    values.merge(name, amount, BigDecimal::add);
  }

  void add(String name, long amount) {
    add(name, BigDecimal.valueOf(amount));
  }

  BigDecimal get(String name) {
    return values.getOrDefault(name, BigDecimal.ZERO);
  }

  /** The names either side has a figure for. */
  java.util.Set<String> names(Figures other) {
    TreeMap<String, BigDecimal> names = new TreeMap<>(values);
    other.values.forEach(names::putIfAbsent);
    return names.keySet();
  }

  /** The figures whose names start with one of {@code prefixes}. */
  Figures only(java.util.Collection<String> prefixes) {
    Figures out = new Figures();
    values.forEach(
        (name, value) -> {
          if (prefixes.stream().anyMatch(name::startsWith)) {
            out.values.put(name, value);
          }
        });
    return out;
  }

  Map<String, BigDecimal> asMap() {
    return values;
  }

  /**
   * Every name whose figures differ by more than {@code tolerance} (absolute), with both values; a
   * name missing on one side reads as zero there.
   */
  List<String> differences(Figures other, BigDecimal tolerance) {
    List<String> out = new ArrayList<>();
    for (String name : names(other)) {
      BigDecimal mine = get(name);
      BigDecimal theirs = other.get(name);
      if (mine.subtract(theirs).abs().compareTo(tolerance) > 0) {
        out.add(
            name
                + ": raw "
                + mine.stripTrailingZeros().toPlainString()
                + ", endpoint "
                + theirs.stripTrailingZeros().toPlainString());
      }
    }
    return out;
  }
}
