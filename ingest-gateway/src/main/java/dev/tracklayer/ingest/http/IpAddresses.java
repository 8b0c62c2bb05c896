package dev.tracklayer.ingest.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals without ever resolving a name (a header value must not trigger DNS). */
public final class IpAddresses {
  private IpAddresses() {}

  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:][0-9A-Fa-f:.]*$");

  /** The address, or null when {@code text} is not an IPv4/IPv6 literal. */
  public static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    if (!IPV4.matcher(s).matches()) {
      // A name never contains ':'; with it, InetAddress parses a v6 literal or throws.
      if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
        return null;
      }
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  /**
   * One X-Forwarded-For element: a bare address, or with a port ({@code 1.2.3.4:80}, {@code
   * [2001:db8::1]:80}) as some proxies write it.
   */
  public static InetAddress parseForwarded(String element) {
    String s = element.trim();
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      return end < 0 ? null : parse(s.substring(1, end));
    }
    int colon = s.indexOf(':');
    if (colon > 0 && colon == s.lastIndexOf(':') && s.indexOf('.') > 0) {
      s = s.substring(0, colon);
    }
    return parse(s);
  }
}
