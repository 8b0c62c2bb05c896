package dev.tracklayer.core.testing.fuzz;

import java.nio.charset.StandardCharsets;

/** Samples as a report can show them: short, and every invisible character spelled out. */
public final class Shown {
  private static final int MAX = 160;

  private Shown() {}

  public static String text(String s) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < s.length() && shown < MAX; i++, shown++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || (c >= 0x80 && c < 0xa0)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (s.length() > MAX) {
      sb.append("…(").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }

  /** Bytes as text where they are printable ASCII, as \xNN elsewhere. */
  public static String bytes(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length && i < MAX; i++) {
      int v = b[i] & 0xff;
      if (v >= 0x20 && v < 0x7f && v != '\\') {
        sb.append((char) v);
      } else {
        sb.append(String.format("\\x%02x", v));
      }
    }
    if (b.length > MAX) {
      sb.append("…(").append(b.length).append(" bytes)");
    }
    return sb.toString();
  }

  /** Text whose chars are bytes on the wire (ISO-8859-1, as {@link RawHttp#request} sends). */
  public static String wire(String s) {
    return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  public static String utf8(byte[] b) {
    return text(new String(b, StandardCharsets.UTF_8));
  }
}
