package dev.tracklayer.core.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Abuse of the HTTP layer: request targets (bad percent-encoding, huge queries, control and
 * non-ASCII bytes), methods, and header edits (bad Content-Type and charset, absurd Content-Length,
 * repeats, oversized and malformed lines). Strings here are ISO-8859-1: each char is one byte on
 * the wire ({@link RawHttp#request}).
 */
public final class HttpAbuse {
  private HttpAbuse() {}

  /** A header edit: drop every {@code name}, then add {@code value} unless it is null. */
  public record HeaderEdit(String name, String value, boolean replace) {
    public List<String[]> applyTo(List<String[]> headers) {
      List<String[]> out = new ArrayList<>();
      for (String[] h : headers) {
        if (!(replace && h[0].equalsIgnoreCase(name))) {
          out.add(h);
        }
      }
      if (value != null) {
        out.add(new String[] {name, value});
      }
      return out;
    }

    @Override
    public String toString() {
      return (replace ? "set " : "add ")
          + Shown.wire(name)
          + ": "
          + (value == null ? "(removed)" : Shown.wire(value));
    }
  }

  /** Text sent byte for byte (ISO-8859-1), shown in reports with odd bytes as \\xNN. */
  public record Wire(String text) {
    @Override
    public String toString() {
      return Shown.wire(text);
    }
  }

  public static Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            6, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE")),
        Tuple.of(
            1,
            Arbitraries.of(
                "CONNECT",
                "FOO",
                "get",
                "post",
                "PRI",
                "M-SEARCH",
                "PROPFIND",
                "G\u0000T",
                "POST\u0001",
                "X".repeat(300))));
  }

  /** Paths near and far from {@code known}, with queries, in every broken form. */
  public static Arbitrary<String> targets(List<String> known) {
    Arbitrary<String> base =
        Arbitraries.oneOf(
            Arbitraries.of(known),
            Arbitraries.of(known).map(p -> p + "/"),
            Arbitraries.of(known).map(p -> p.toUpperCase(Locale.ROOT)),
            Arbitraries.of(known).map(p -> p.replace("/v1/", "/v1//")),
            Arbitraries.of(known).map(p -> p.replace("/v1/", "/v1/./")),
            Arbitraries.of(known).map(p -> p.replace("/v1/", "/v1/x/../")),
            Arbitraries.of(known).map(p -> p.replace("/v1/", "/v1/%2e%2e/v1/")),
            Arbitraries.of(known).map(p -> p + ";jsessionid=1"),
            Arbitraries.of(
                "/",
                "//",
                "*",
                "/%",
                "/%2",
                "/%zz",
                "/%g0",
                "/%00",
                "/%ff",
                "/%C0%AF",
                "/%2F%2F",
                "/..",
                "/../../etc/passwd",
                "/\\",
                "/v1/%",
                "/v1/\u00e9",
                "/v1/\u00ff\u00fe",
                "http://127.0.0.1/v1/events",
                "http://evil.example/v1/events",
                "/actuator/health",
                "/actuator/prometheus",
                "/actuator/env",
                "/error",
                "/v3/api-docs",
                "/favicon.ico"),
            segments());
    Arbitrary<String> query =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just("")),
            Tuple.of(
                3,
                Arbitraries.of(
                    "?",
                    "?a",
                    "?a=",
                    "?=",
                    "?a=1&a=2",
                    "?a=%",
                    "?a=%zz",
                    "?a=%C0%AF",
                    "?a=%00",
                    "?a=%ff%fe",
                    "?%",
                    "?a=b#frag",
                    "#frag",
                    "?a=\u00e9",
                    "?a= b",
                    "?a=\t",
                    "?a=\u0001",
                    "?a=\u007f",
                    "?utm_source=x&utm_source=y",
                    "??",
                    "?a[]=1&a[0]=2")),
            Tuple.of(
                2,
                Arbitraries.of(1_000, 4_000, 4_097, 8_200, 20_000, 70_000)
                    .map(n -> "?q=" + "a".repeat(n))),
            Tuple.of(2, segments().map(s -> "?" + s.substring(1))));
    return Combinators.combine(base, query).as((b, q) -> b + q);
  }

  /** Random segments built from the characters that URL parsers disagree about. */
  private static Arbitrary<String> segments() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6),
            Arbitraries.of(
                "%",
                "%2",
                "%zz",
                "%00",
                "%2f",
                "%5c",
                "%25",
                "%C0%AF",
                "%E0%80%AF",
                "%ED%A0%80",
                "%F4%90%80%80",
                ";",
                ":",
                "@",
                "!",
                "$",
                "&",
                "'",
                "(",
                ")",
                "*",
                "+",
                ",",
                "=",
                "~",
                "[",
                "]",
                "{",
                "}",
                "|",
                "^",
                "`",
                "<",
                ">",
                "\"",
                "\\",
                "..",
                ".",
                "//"),
            Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf),
            Arbitraries.chars().range('\u0080', '\u00ff').map(String::valueOf),
            Arbitraries.of(" ", "\t", "\u007f"));
    return piece.list().ofMinSize(1).ofMaxSize(10).map(parts -> "/" + String.join("", parts));
  }

  /**
   * Header edits of a request whose body has {@code bodyLength} bytes. Content-Length is never set
   * above that within the body limit, where the server would rightly wait for the rest.
   */
  public static Arbitrary<HeaderEdit> headerEdits(int bodyLength) {
    Arbitrary<HeaderEdit> contentType =
        Arbitraries.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/json;charset=UTF-8",
                "application/json; charset=\"utf-8\"",
                "application/json; charset=utf8",
                "application/json; charset=utf-16",
                "application/json; charset=iso-8859-1",
                "application/json; charset=x-unknown",
                "application/json; charset=",
                "application/json; charset",
                "application/json; charset=utf-8; charset=utf-16",
                "application/json;;",
                "application/json, text/plain",
                "APPLICATION/JSON",
                "application/JSON ; Charset=UTF-8",
                "application/json\u0000",
                "application/json; a=\u00e9",
                "application/jsonx",
                "application/*",
                "*/*",
                "text/plain",
                "text/plain; charset=utf-8",
                "text/plain; charset=us-ascii",
                "text/html",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "application/problem+json",
                "application/vnd.api+json",
                "/",
                ";",
                "",
                " ",
                "application/json; " + "p=v; ".repeat(500),
                "a".repeat(9_000))
            .map(v -> new HeaderEdit("Content-Type", v, true));
    Arbitrary<HeaderEdit> contentLength =
        Arbitraries.of(
                "0",
                "1",
                String.valueOf(Math.max(0, bodyLength - 1)),
                String.valueOf(bodyLength),
                " " + bodyLength,
                bodyLength + " ",
                "+" + bodyLength,
                "0" + bodyLength,
                bodyLength + ", " + bodyLength,
                bodyLength + ", " + (bodyLength + 1),
                "65537",
                "1000000000",
                "2147483648",
                String.valueOf(Long.MAX_VALUE),
                "9223372036854775808",
                "99999999999999999999999",
                "-1",
                "-0",
                "abc",
                "0x10",
                "1e3",
                "",
                "\u0000")
            .map(v -> new HeaderEdit("Content-Length", v, true));
    Arbitrary<HeaderEdit> repeated =
        Arbitraries.of(
            new HeaderEdit("Content-Type", "application/json", false),
            new HeaderEdit("Content-Type", "text/html", false),
            new HeaderEdit("Content-Length", String.valueOf(bodyLength), false),
            new HeaderEdit("Content-Length", "0", false),
            new HeaderEdit("Host", "evil.example", false),
            new HeaderEdit("Authorization", "Bearer x", false),
            new HeaderEdit("User-Agent", "Googlebot/2.1", false),
            new HeaderEdit("X-Forwarded-For", "1.2.3.4", false),
            new HeaderEdit("Transfer-Encoding", "identity", false),
            new HeaderEdit("Transfer-Encoding", "gzip", false),
            new HeaderEdit("Transfer-Encoding", "chunked, identity", false));
    Arbitrary<HeaderEdit> odd =
        Arbitraries.of(
            new HeaderEdit("Host", null, true),
            new HeaderEdit("Host", "", true),
            new HeaderEdit("Host", "a".repeat(5_000), true),
            new HeaderEdit("Host", "[::1", true),
            new HeaderEdit("Host", "127.0.0.1:99999", true),
            new HeaderEdit("Content-Type", null, true),
            new HeaderEdit("Content-Length", null, true),
            new HeaderEdit("Expect", "100-continue", true),
            new HeaderEdit("Expect", "200-ok", true),
            new HeaderEdit("Expect", "", true),
            new HeaderEdit("Connection", "close", true),
            new HeaderEdit("Connection", "upgrade", true),
            new HeaderEdit("Upgrade", "websocket", true),
            new HeaderEdit("Upgrade", "h2c", true),
            new HeaderEdit("Content-Encoding", "gzip", true),
            new HeaderEdit("Content-Encoding", "br, x", true),
            new HeaderEdit("Accept", "text/html", true),
            new HeaderEdit("Accept", "application/xml;q=1, */*;q=0", true),
            new HeaderEdit("Accept-Charset", "utf-16", true),
            new HeaderEdit("Origin", "null", true),
            new HeaderEdit("Origin", "https://x.example\u0000", true),
            new HeaderEdit("User-Agent", null, true),
            new HeaderEdit("User-Agent", "", true),
            new HeaderEdit("User-Agent", "\u00e9\u00ff\u0080", true),
            new HeaderEdit("User-Agent", "Mozilla/5.0 " + "x".repeat(7_000), true),
            new HeaderEdit("X-Forwarded-For", "", true),
            new HeaderEdit("X-Forwarded-For", "not-an-ip, 1.2.3.4, ::1, [::1]:80, 999.1.1.1", true),
            new HeaderEdit("X-Forwarded-For", "1.1.1.1, ".repeat(1_000), true),
            new HeaderEdit("If-None-Match", "\"" + "a".repeat(2_000), true),
            new HeaderEdit("If-None-Match", "*, W/\"x\", \"", true),
            new HeaderEdit("Range", "bytes=0-1,2-3,-5", true),
            new HeaderEdit("Cookie", "a=" + "b".repeat(4_000), true),
            new HeaderEdit("X-Huge", "v".repeat(9_000), true),
            new HeaderEdit("X-Huge", "v".repeat(70_000), true),
            new HeaderEdit("X-Control", "a\u0000b", true),
            new HeaderEdit("X-Control", "a\rb", true),
            new HeaderEdit("X-Control", "a\u007fb", true),
            new HeaderEdit("X-Folded", "a\r\n folded", true),
            new HeaderEdit("Bad Name", "v", true),
            new HeaderEdit("Bad:Name", "v", true),
            new HeaderEdit("Bad\u0000Name", "v", true),
            new HeaderEdit("\u00e9", "v", true),
            new HeaderEdit("", "v", true),
            new HeaderEdit(" Leading", "v", true),
            new HeaderEdit("X-Empty", "", true));
    Arbitrary<HeaderEdit> many =
        Arbitraries.of(100, 1_000)
            .map(n -> new HeaderEdit("X-Many", "1\r\nX-Many: 1".repeat(n), true));
    return Arbitraries.frequencyOf(
        Tuple.of(4, contentType),
        Tuple.of(3, contentLength),
        Tuple.of(2, repeated),
        Tuple.of(4, odd),
        Tuple.of(1, many));
  }
}
