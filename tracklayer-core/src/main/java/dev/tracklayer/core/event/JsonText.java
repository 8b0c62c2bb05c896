package dev.tracklayer.core.event;

/**
 * Checks of a JSON body's bytes that Jackson does not make, each of which would otherwise let text
 * be stored as something other than what was sent: Jackson decodes overlong UTF-8 ({@code C0 AF}
 * becomes '/'), guesses UTF-16/32 from NUL bytes, and lets an unpaired surrogate escape through
 * (the UTF-8 writer then stores '?').
 */
public final class JsonText {
  private JsonText() {}

  /**
   * The first reason the bytes are not UTF-8 JSON text, naming the byte offset, or null. Strict
   * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), no control bytes
   * but JSON's whitespace (JSON strings must escape them; their presence means another encoding),
   * and every {@code \}{@code uD800}–{@code \}{@code uDBFF} escape followed by a {@code \}{@code
   * uDC00}–{@code \}{@code uDFFF} one and the other way round.
   */
  public static String problem(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          return "the body has a control character at byte " + i;
        }
        if (c == '\\') {
          int unit = unicodeEscape(b, i);
          if (unit < 0 || !Character.isSurrogate((char) unit)) {
            i += unit < 0 ? 2 : 6;
            continue;
          }
          // a pair is a high surrogate escape followed at once by a low one
          if (Character.isLowSurrogate((char) unit)
              || !Character.isLowSurrogate((char) Math.max(0, unicodeEscape(b, i + 6)))) {
            return "the body has an unpaired surrogate escape at byte " + i;
          }
          i += 12;
          continue;
        }
        i++;
        continue;
      }
      int length = sequenceLength(b, i);
      if (length < 0) {
        return "the body is not valid UTF-8 at byte " + i;
      }
      i += length;
    }
    return null;
  }

  /** The length of the well-formed sequence at i, or -1. */
  private static int sequenceLength(byte[] b, int i) {
    int c = b[i] & 0xff;
    int length;
    int min2; // the allowed range of the second byte excludes overlong forms and surrogates
    int max2 = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      min2 = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      min2 = c == 0xe0 ? 0xa0 : 0x80;
      max2 = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      min2 = c == 0xf0 ? 0x90 : 0x80;
      max2 = c == 0xf4 ? 0x8f : 0xbf;
    } else {
      return -1; // a continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (i + length > b.length) {
      return -1;
    }
    int second = b[i + 1] & 0xff;
    if (second < min2 || second > max2) {
      return -1;
    }
    for (int k = i + 2; k < i + length; k++) {
      if ((b[k] & 0xc0) != 0x80) {
        return -1;
      }
    }
    return length;
  }

  /** The code unit of a {@code \}{@code uXXXX} escape starting at i, or -1. */
  private static int unicodeEscape(byte[] b, int i) {
    if (i < 0 || i + 6 > b.length || b[i] != '\\' || b[i + 1] != 'u') {
      return -1;
    }
    int unit = 0;
    for (int k = i + 2; k < i + 6; k++) {
      int d = Character.digit(b[k], 16);
      if (d < 0) {
        return -1;
      }
      unit = unit * 16 + d;
    }
    return unit;
  }
}
