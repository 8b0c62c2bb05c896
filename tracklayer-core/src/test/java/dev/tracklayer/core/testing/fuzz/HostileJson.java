package dev.tracklayer.core.testing.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile JSON values as raw text, so that tokens a JSON library would never write (huge exponents,
 * {@code -0}, lone surrogate escapes, bare NaN) can be put anywhere in a body.
 */
public final class HostileJson {
  private HostileJson() {}

  /** Any of the kinds below. */
  public static Arbitrary<String> values() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, numbers()),
        net.jqwik.api.Tuple.of(4, strings()),
        net.jqwik.api.Tuple.of(2, wrongTypes()),
        net.jqwik.api.Tuple.of(1, nesting()),
        net.jqwik.api.Tuple.of(1, invalidTokens()));
  }

  /** Numbers at the edges of int, long, double and BigDecimal, exponents included. */
  public static Arbitrary<String> numbers() {
    Arbitrary<String> edges =
        Arbitraries.of(
            "0",
            "-0",
            "-0.0",
            "0.0",
            "0e0",
            "0E-2147483648",
            "0e+2147483648",
            "1",
            "-1",
            "1e309",
            "-1e309",
            "1e-400",
            "1E+2147483648",
            "1E+2147483647",
            "1E-2147483648",
            "1e-2147483649",
            "0.1e-2147483647",
            "1e2147483647",
            "-1E+2147483648",
            "9.999999999999999e999999999",
            "1e-10000",
            "1E-19",
            "4.9e-324",
            "2.2250738585072014E-308",
            "1.7976931348623157E308",
            "1.7976931348623159E308",
            "9007199254740993",
            String.valueOf(Integer.MAX_VALUE),
            String.valueOf(Integer.MIN_VALUE),
            String.valueOf(Integer.MAX_VALUE + 1L),
            String.valueOf(Integer.MIN_VALUE - 1L),
            String.valueOf(Long.MAX_VALUE),
            String.valueOf(Long.MIN_VALUE),
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).toString(),
            BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE).toString(),
            "18446744073709551616",
            "99999999999999.9999",
            "99999999999999.99995",
            "100000000000000",
            "0.000000000000000001",
            "0.0000000000000000001",
            "1." + "0".repeat(900),
            "1" + "0".repeat(1000),
            "0." + "0".repeat(1000) + "1",
            "9".repeat(5000));
    Arbitrary<String> exponents =
        Combinators.combine(
                Arbitraries.bigIntegers()
                    .between(BigInteger.valueOf(-99_999), BigInteger.valueOf(99_999)),
                Arbitraries.integers().between(0, 20),
                Arbitraries.longs()
                    .between(-(1L << 33), 1L << 33)
                    .edgeCases(c -> c.add(1L << 31, -(1L << 31), (1L << 31) - 1, -(1L << 31) - 1)),
                Arbitraries.of("e", "E", "e+", "E-"))
            .as(
                (mantissa, places, exponent, e) ->
                    new BigDecimal(mantissa, places).toString().replace("E", "")
                        + e
                        + (e.endsWith("-") || e.endsWith("+") ? Math.abs(exponent) : exponent));
    Arbitrary<String> integers =
        Arbitraries.bigIntegers()
            .between(BigInteger.TWO.pow(130).negate(), BigInteger.TWO.pow(130))
            .map(BigInteger::toString);
    Arbitrary<String> decimals =
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-1e20"), new BigDecimal("1e20"))
            .ofScale(25)
            .map(BigDecimal::toPlainString);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, edges),
        net.jqwik.api.Tuple.of(3, exponents),
        net.jqwik.api.Tuple.of(1, integers),
        net.jqwik.api.Tuple.of(1, decimals));
  }

  /**
   * JSON strings: huge, with control characters (escaped, and raw, which is invalid JSON), with
   * {@code \\u} escapes of lone and reversed surrogates, noncharacters, BOMs and direction marks,
   * broken escapes, and any Unicode text.
   */
  public static Arbitrary<String> strings() {
    Arbitrary<String> escapes =
        Arbitraries.of(
            "\\u0000",
            "\\u0001",
            "\\u001f",
            "\\u007f",
            "\\u0085",
            "\\u2028",
            "\\u2029",
            "\\ud800",
            "\\udbff",
            "\\udc00",
            "\\udfff",
            "\\udc00\\ud800",
            "\\ud800\\ud800",
            "\\ud83d\\ude00",
            "\\ud83d",
            "\\ufeff",
            "\\ufffe",
            "\\uffff",
            "\\u202e",
            "\\u200b",
            "\\u0301",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b\\f\\n\\r\\t");
    Arbitrary<String> brokenEscapes =
        Arbitraries.of("\\x41", "\\u12", "\\u12g4", "\\U0001F600", "\\", "\\a", "\\0", "\\'");
    Arbitrary<String> rawControls =
        Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf);
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40).map(HostileJson::escape);
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, text),
            net.jqwik.api.Tuple.of(4, escapes),
            net.jqwik.api.Tuple.of(1, brokenEscapes),
            net.jqwik.api.Tuple.of(1, rawControls));
    Arbitrary<String> composed =
        piece.list().ofMinSize(0).ofMaxSize(8).map(parts -> "\"" + String.join("", parts) + "\"");
    Arbitrary<String> huge =
        Combinators.combine(
                Arbitraries.of("x", "é", "😀", "\\u0000", " ", "\\ud800"),
                Arbitraries.of(129, 257, 513, 1025, 2049, 5_000, 20_000, 70_000))
            .as((unit, times) -> "\"" + unit.repeat(times) + "\"");
    Arbitrary<String> unterminated = Arbitraries.of("\"", "\"abc", "\"abc\\\"", "\"\\u00");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, composed),
        net.jqwik.api.Tuple.of(2, huge),
        net.jqwik.api.Tuple.of(1, unterminated));
  }

  /** Every other JSON type, deep nesting and tokens that are not JSON. */
  public static Arbitrary<String> structures() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, wrongTypes()),
        net.jqwik.api.Tuple.of(1, nesting()),
        net.jqwik.api.Tuple.of(2, invalidTokens()));
  }

  /**
   * Valid JSON strings of at most ~100 characters that are odd but lawful: escaped controls and
   * NUL, lone and reversed surrogate escapes, noncharacters, BOMs, direction marks, combining
   * marks, emoji, any Unicode text. What a server accepts of these it must store as sent.
   */
  public static Arbitrary<String> oddText() {
    Arbitrary<String> escapes =
        Arbitraries.of(
            "\\u0000",
            "\\u0001",
            "\\u001f",
            "\\u007f",
            "\\u0085",
            "\\u2028",
            "\\ud800",
            "\\udbff",
            "\\udc00",
            "\\udfff",
            "\\udc00\\ud800",
            "\\ud83d\\ude00",
            "\\ufeff",
            "\\ufffe",
            "\\uffff",
            "\\u202e",
            "\\u200b",
            "e\\u0301",
            "\\\"",
            "\\\\",
            "\\/",
            "\\t",
            "\\n",
            "\uFEFF",
            "\u00e9",
            "\uD83D\uDE00",
            "\u202E",
            "\uFFFD");
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12).map(HostileJson::escape);
    return Arbitraries.oneOf(escapes, text)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(parts -> "\"x" + String.join("", parts) + "\"");
  }

  /** Values of every other JSON type. */
  public static Arbitrary<String> wrongTypes() {
    return Arbitraries.of(
        "null",
        "true",
        "false",
        "[]",
        "{}",
        "[null]",
        "[1,\"a\",{}]",
        "{\"a\":1}",
        "{\"\":null}",
        "\"\"",
        "\" \"",
        "0",
        "[\"\\u0000\"]",
        "{\"__proto__\":{}}",
        "{\"$ref\":\"#\"}");
  }

  /** Arrays and objects nested from a little to far past any parser's limit. */
  public static Arbitrary<String> nesting() {
    return Combinators.combine(
            Arbitraries.integers()
                .between(1, 30_000)
                .edgeCases(c -> c.add(499, 500, 501, 1000, 1001)),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (depth, arrays, closed) -> {
              String open = arrays ? "[" : "{\"a\":";
              String close = arrays ? "]" : "}";
              return open.repeat(depth) + "1" + (closed ? close.repeat(depth) : "");
            });
  }

  /** Tokens that are not JSON at all. */
  public static Arbitrary<String> invalidTokens() {
    return Arbitraries.of(
        "NaN",
        "-NaN",
        "Infinity",
        "-Infinity",
        "+1",
        "01",
        "-01",
        ".5",
        "5.",
        "1e",
        "1e+",
        "0x10",
        "1_000",
        "1 000",
        "--1",
        "nul",
        "True",
        "undefined",
        "'a'",
        "\u00a01",
        "1,",
        "]",
        "}",
        "");
  }

  /**
   * {@code s} as a JSON string body: quotes, backslashes and controls escaped, surrogates (lone
   * ones included) as {@code \\u} escapes, everything else as itself.
   */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
