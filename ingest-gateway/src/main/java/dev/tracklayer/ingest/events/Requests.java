package dev.tracklayer.ingest.events;

import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.ingest.http.ClientAddresses;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.Inet6Address;
import java.net.InetAddress;
import reactor.netty.http.server.HttpServerRequest;

/** What both event handlers read off a request besides its body. */
final class Requests {
  private Requests() {}

  /** The User-Agent, cut to what the event model allows, or null. */
  static String userAgent(HttpServerRequest request) {
    String ua = request.requestHeaders().get(HttpHeaderNames.USER_AGENT);
    if (ua == null || ua.isBlank()) {
      return null;
    }
    ua = ua.trim();
    if (ua.codePointCount(0, ua.length()) > EventValidator.MAX_USER_AGENT) {
      ua = ua.substring(0, ua.offsetByCodePoints(0, EventValidator.MAX_USER_AGENT));
    }
    return ua;
  }

  static InetAddress client(ClientAddresses addresses, HttpServerRequest request) {
    return addresses.resolve(request.remoteAddress(), request.requestHeaders());
  }

  static String text(InetAddress address) {
    return address == null ? null : address.getHostAddress();
  }

  /**
   * The rate-limit identity of an address: an IPv6 client gets a whole /64 from its provider and
   * can pick any address in it, so the /64 is what identifies it.
   */
  static String rateLimitIdentity(InetAddress address) {
    if (address == null) {
      return "unknown";
    }
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
      }
      return sb.append(":/64").toString();
    }
    return address.getHostAddress();
  }
}
