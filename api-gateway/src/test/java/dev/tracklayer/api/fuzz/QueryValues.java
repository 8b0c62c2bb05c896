package dev.tracklayer.api.fuzz;

import dev.tracklayer.core.testing.fuzz.HostileJson;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Hostile query parameter values and path segments, and the ways they reach the URL: properly
 * percent-encoded, raw (any byte, as ISO-8859-1 chars), or with broken percent-encoding added.
 */
final class QueryValues {
  private QueryValues() {}

  /** Text as the server should decode it (before encoding). */
  static Arbitrary<String> decoded() {
    Arbitrary<String> numbers =
        HostileJson.numbers().map(s -> s.length() > 2000 ? s.substring(0, 2000) : s);
    Arbitrary<String> odd =
        HostileJson.oddText().map(s -> StrictJson.parse(s).map(n -> n.textValue()).orElse(s));
    Arbitrary<String> dates =
        Arbitraries.of(
            "2026-13-45",
            "2026-02-30",
            "0000-01-01",
            "+999999999-12-31",
            "-999999999-01-01",
            "2026-12-06T00:00:00+99:00",
            "2026-12-06T25:61:61Z",
            "2026-12-06T00:00:00.000000000001Z",
            "1e9",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "99999999999999999999",
            "1733443200.5",
            "now",
            "",
            " ",
            "T",
            "Z");
    Arbitrary<String> injections =
        Arbitraries.of(
            "' OR 1=1 --",
            "\\'",
            "\\\\",
            "%",
            "_",
            "*",
            "?",
            "{}",
            "[]",
            "\"",
            "`",
            "'; DROP TABLE events; --",
            "FINAL",
            "event_time DESC, 1",
            "1) OR (1=1",
            "\u0000",
            "\u00e9",
            "😀",
            "a".repeat(321),
            "a".repeat(5_000));
    return Arbitraries.frequencyOf(
        Tuple.of(2, numbers), Tuple.of(3, odd), Tuple.of(2, dates), Tuple.of(2, injections));
  }

  /**
   * Hostile values, percent-encoded as a browser would and short enough for any request line: they
   * reach the handler as they were.
   */
  static Arbitrary<String> encoded() {
    return decoded().map(v -> encode(v.length() > 300 ? v.substring(0, 300) : v));
  }

  /** Hostile values raw (any byte) or with a broken percent escape: the URL itself is broken. */
  static Arbitrary<String> broken() {
    return inUrl().filter(v -> !v.equals(encode(v)));
  }

  /** {@code value} as it appears in the URL: encoded, raw, or encoded with a broken escape. */
  static Arbitrary<String> inUrl() {
    return Combinators.combine(
            decoded(),
            Arbitraries.of("encoded", "raw", "broken"),
            Arbitraries.of("%", "%z", "%zz", "%C0%AF", "%ED%A0%80", "%FF", "%00", "%2"))
        .as(
            (value, how, broken) ->
                switch (how) {
                  case "encoded" -> encode(value);
                  case "raw" -> raw(value);
                  default -> encode(value) + broken;
                });
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The value's UTF-8 bytes unescaped (but space, so the request line stays three parts). */
  private static String raw(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
        .replace(" ", "%20");
  }
}
