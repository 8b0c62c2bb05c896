package dev.tracklayer.core.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One change to a body's bytes, below the JSON level: invalid and overlong UTF-8 inside a string
 * value, byte-order marks, other encodings, truncation, duplicate keys, deep nesting, garbage
 * before or after, stray bytes and non-JSON whitespace.
 *
 * @param kind what is done
 * @param target the key whose string value (or object) it is done in, where that applies
 * @param where a position as a fraction of the body in millionths, where that applies
 * @param bytes the bytes inserted, where that applies
 * @param count a repeat count (nesting depth), where that applies
 */
public record ByteMutation(Kind kind, String target, int where, byte[] bytes, int count) {

  public enum Kind {
    BYTES_IN_STRING,
    BYTES_ANYWHERE,
    PREFIX,
    SUFFIX,
    REENCODE,
    TRUNCATE,
    DUPLICATE_KEY,
    NEST,
  }

  /** Bytes that are not UTF-8, or not the shortest UTF-8 of what they mean. */
  public static final List<byte[]> INVALID_UTF8 =
      List.of(
          hex("c0af"), // overlong '/'
          hex("e080af"), // overlong '/', three bytes
          hex("f08080af"), // overlong '/', four bytes
          hex("c080"), // overlong NUL (modified UTF-8)
          hex("c1bf"),
          hex("eda080"), // U+D800 encoded (CESU-8)
          hex("edbfbf"), // U+DFFF encoded
          hex("eda0bdedb880"), // a surrogate pair encoded one half at a time (CESU-8)
          hex("f4908080"), // above U+10FFFF
          hex("f8888080af"), // five bytes
          hex("80"), // lone continuation byte
          hex("bf"),
          hex("e282"), // truncated sequence
          hex("c3"),
          hex("ff"),
          hex("fe"),
          hex("c328"), // lead byte followed by ASCII
          hex("e28228"));

  public static final List<byte[]> BOMS =
      List.of(
          hex("efbbbf"),
          hex("feff"),
          hex("fffe"),
          hex("0000feff"),
          hex("fffe0000"),
          hex("efbbbfefbbbf"));

  /** Invalid or overlong UTF-8 inside a string value under one of {@code keys}, or anywhere. */
  public static Arbitrary<ByteMutation> invalidUtf8(List<String> keys) {
    Arbitrary<byte[]> invalid = Arbitraries.of(INVALID_UTF8);
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            Combinators.combine(Arbitraries.of(keys), invalid, Arbitraries.integers().between(0, 3))
                .as((k, b, at) -> new ByteMutation(Kind.BYTES_IN_STRING, k, at, b, 1))),
        Tuple.of(
            1,
            Combinators.combine(positions(), invalid)
                .as((w, b) -> new ByteMutation(Kind.BYTES_ANYWHERE, null, w, b, 1))));
  }

  /** Byte-order marks of UTF-8, 16 and 32 before the body, or the body in another encoding. */
  public static Arbitrary<ByteMutation> otherEncodings() {
    return Arbitraries.oneOf(
        Arbitraries.of(BOMS).map(b -> new ByteMutation(Kind.PREFIX, null, 0, b, 1)),
        Combinators.combine(
                Arbitraries.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE", "ISO-8859-1"),
                Arbitraries.of(true, false))
            .as(
                (charset, bom) ->
                    new ByteMutation(Kind.REENCODE, charset, bom ? 1 : 0, new byte[0], 1)));
  }

  /**
   * A key of the root object repeated, first or last, with a string, a number, null, an object or
   * an empty string: one of {@code keys} or a key every event has.
   */
  public static Arbitrary<ByteMutation> duplicateKeys(List<String> keys) {
    return Combinators.combine(
            Arbitraries.oneOf(
                Arbitraries.of(keys), Arbitraries.of("event_id", "event_name", "merchant_id")),
            Arbitraries.of("\"x\"", "1", "null", "{}", "\"\""),
            Arbitraries.of(true, false))
        .as(
            (k, v, first) ->
                new ByteMutation(
                    Kind.DUPLICATE_KEY, k, first ? 0 : 1, v.getBytes(StandardCharsets.UTF_8), 1));
  }

  /** Structural damage: truncation, deep nesting, garbage before or after, stray bytes anywhere. */
  public static Arbitrary<ByteMutation> structure(List<String> keys) {
    Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6);
    Arbitrary<byte[]> garbage =
        Arbitraries.oneOf(
            Arbitraries.of(
                    "x",
                    "}",
                    "{}",
                    "]",
                    ",",
                    "\u0000",
                    " \u0000",
                    "//c",
                    "/*c*/",
                    ")]}'\n",
                    "\r\n\r\n",
                    "\u00a0",
                    "\u2028",
                    "\f",
                    "\u000b",
                    "null",
                    "{\"a\":1}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)),
            anyBytes);
    return Arbitraries.frequencyOf(
        Tuple.of(
            2,
            Combinators.combine(positions(), Arbitraries.oneOf(anyBytes, garbage))
                .as((w, b) -> new ByteMutation(Kind.BYTES_ANYWHERE, null, w, b, 1))),
        Tuple.of(2, garbage.map(b -> new ByteMutation(Kind.PREFIX, null, 0, b, 1))),
        Tuple.of(2, garbage.map(b -> new ByteMutation(Kind.SUFFIX, null, 0, b, 1))),
        Tuple.of(2, positions().map(w -> new ByteMutation(Kind.TRUNCATE, null, w, new byte[0], 1))),
        Tuple.of(
            1,
            Combinators.combine(
                    Arbitraries.integers()
                        .between(1, 20_000)
                        .edgeCases(c -> c.add(499, 500, 501, 999, 1000, 1001)),
                    Arbitraries.of(true, false))
                .as(
                    (depth, arrays) ->
                        new ByteMutation(Kind.NEST, arrays ? "[" : "{", 0, new byte[0], depth))));
  }

  private static Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1_000_000);
  }

  public byte[] apply(byte[] body) {
    return switch (kind) {
      case BYTES_IN_STRING -> inString(body);
      case BYTES_ANYWHERE -> insert(body, at(body), bytes);
      case PREFIX -> concat(bytes, body);
      case SUFFIX -> concat(body, bytes);
      case REENCODE -> reencode(body);
      case TRUNCATE -> java.util.Arrays.copyOf(body, at(body));
      case DUPLICATE_KEY -> duplicate(body);
      case NEST -> nest(body);
    };
  }

  private int at(byte[] body) {
    return (int) ((long) where * body.length / 1_000_000);
  }

  /** Into the string value of {@code target} ({@code where} bytes in, at most its end). */
  private byte[] inString(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int start = text.indexOf("\"" + target + "\":\"");
    if (start < 0) {
      return insert(body, body.length / 2, bytes);
    }
    int valueStart = start + target.length() + 4;
    int valueEnd = text.indexOf('"', valueStart);
    if (valueEnd < 0) {
      valueEnd = body.length; // a claim whose string is not closed: at most the end
    }
    return insert(body, Math.min(valueStart + where, valueEnd), bytes);
  }

  private byte[] reencode(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    byte[] encoded = text.getBytes(Charset.forName(target));
    if (where == 0) {
      return encoded;
    }
    byte[] bom = ("\uFEFF").getBytes(Charset.forName(target));
    return concat(bom, encoded);
  }

  /** {@code "target":value} once more, as the first or the last member of the root object. */
  private byte[] duplicate(byte[] body) {
    byte[] member = concat(("\"" + target + "\":").getBytes(StandardCharsets.UTF_8), bytes);
    String text = new String(body, StandardCharsets.ISO_8859_1);
    if (where == 0) {
      int open = text.indexOf('{');
      return open < 0 ? body : insert(body, open + 1, concat(member, new byte[] {','}));
    }
    int close = text.lastIndexOf('}');
    return close < 0 ? body : insert(body, close, concat(new byte[] {','}, member));
  }

  /** The body as the innermost value of {@code count} arrays or objects. */
  private byte[] nest(byte[] body) {
    String open = target.equals("[") ? "[" : "{\"a\":";
    String close = target.equals("[") ? "]" : "}";
    return concat(
        concat(open.repeat(count).getBytes(StandardCharsets.UTF_8), body),
        close.repeat(count).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] insert(byte[] body, int at, byte[] extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + extra.length);
    out.write(body, 0, at);
    out.writeBytes(extra);
    out.write(body, at, body.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return insert(a, a.length, b);
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case BYTES_IN_STRING ->
          "bytes " + Shown.bytes(bytes) + " in the string " + target + " at +" + where;
      case BYTES_ANYWHERE -> "bytes " + Shown.bytes(bytes) + " at " + where / 10_000.0 + " %";
      case PREFIX -> "prefix " + Shown.bytes(bytes);
      case SUFFIX -> "suffix " + Shown.bytes(bytes);
      case REENCODE -> "encoded as " + target + (where == 1 ? " with BOM" : "");
      case TRUNCATE -> "truncated at " + where / 10_000.0 + " %";
      case DUPLICATE_KEY ->
          "duplicate key " + target + "=" + Shown.utf8(bytes) + (where == 0 ? " first" : " last");
      case NEST -> "nested in " + count + " × " + target;
    };
  }
}
