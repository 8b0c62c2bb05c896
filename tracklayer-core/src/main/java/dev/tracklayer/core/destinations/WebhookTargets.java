package dev.tracklayer.core.destinations;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Whether a webhook URL points at the public internet, so that TrackLayer never sends requests (and
 * answers' text) into its own network on a merchant's behalf: loopback, private, link-local (the
 * cloud metadata service at 169.254.169.254), carrier-grade NAT, unspecified, multicast, broadcast
 * and reserved IPv4 ranges; IPv6 loopback, unique-local, link-local, site-local and multicast; and
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) by that address. A host
 * name counts as public only if every address it resolves to is public.
 *
 * <p>The API checks when a connection is created or tested; the pipeline can check again at
 * delivery time, since a name may resolve differently later.
 */
public final class WebhookTargets {

  /** What {@link #check} found. */
  public enum Verdict {
    /** Every address of the host is public. */
    PUBLIC,
    /** At least one address is internal. */
    INTERNAL,
    /** The host does not resolve (or the URL has no host): nothing could be checked. */
    UNRESOLVED
  }

  /** Host name lookup; {@link #DNS} in production, a map in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** The system resolver, which also reads IP literals without a lookup. */
  public static final Resolver DNS = InetAddress::getAllByName;

  private WebhookTargets() {}

  /** Checks the URL's host with the system resolver. Blocking. */
  public static Verdict check(String url) {
    return check(url, DNS);
  }

  /** Checks the URL's host: every address it resolves to must be public. */
  public static Verdict check(String url, Resolver resolver) {
    String host;
    try {
      host = url == null ? null : new URI(url).getHost();
    } catch (URISyntaxException e) {
      return Verdict.UNRESOLVED;
    }
    if (host == null || host.isEmpty()) {
      return Verdict.UNRESOLVED;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      return Verdict.UNRESOLVED;
    }
    if (addresses == null || addresses.length == 0) {
      return Verdict.UNRESOLVED;
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        return Verdict.INTERNAL;
      }
    }
    return Verdict.PUBLIC;
  }

  /** True for any address that is not on the public internet (see the class comment). */
  public static boolean isInternal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isInternalV4(b);
    }
    if (address instanceof Inet6Address) {
      return isInternalV6(b);
    }
    return true;
  }

  private static boolean isInternalV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return a0 == 0 // 0.0.0.0/8 "this network", including the unspecified address
        || a0 == 10 // 10.0.0.0/8 private
        || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT
        || a0 == 127 // 127.0.0.0/8 loopback
        || (a0 == 169 && a1 == 254) // 169.254.0.0/16 link-local, cloud metadata
        || (a0 == 172 && (a1 & 0xf0) == 16) // 172.16.0.0/12 private
        || (a0 == 192 && a1 == 0 && a2 == 0) // 192.0.0.0/24 protocol assignments
        || (a0 == 192 && a1 == 168) // 192.168.0.0/16 private
        || (a0 == 198 && (a1 & 0xfe) == 18) // 198.18.0.0/15 benchmarking
        || a0 >= 224; // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, 255.255.255.255 broadcast
  }

  private static boolean isInternalV6(byte[] b) {
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isInternalV4(v4(b, 12)); // ::ffff:0:0/96 IPv4-mapped
    }
    if (zeros(b, 0, 12)) {
      return true; // ::/96: unspecified, loopback and deprecated IPv4-compatible addresses
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      if (zeros(b, 4, 12)) {
        return isInternalV4(v4(b, 12)); // 64:ff9b::/96 NAT64
      }
      return true; // 64:ff9b:1::/48 local-use NAT64
    }
    if (b0 == 0x20 && b1 == 0x02) {
      return isInternalV4(v4(b, 2)); // 2002::/16 6to4
    }
    return (b0 == 0x01 && b1 == 0x00 && zeros(b, 2, 8)) // 100::/64 discard-only
        || (b0 & 0xfe) == 0xfc // fc00::/7 unique local
        || (b0 == 0xfe && (b1 & 0xc0) == 0x80) // fe80::/10 link-local
        || (b0 == 0xfe && (b1 & 0xc0) == 0xc0) // fec0::/10 site-local (deprecated)
        || b0 == 0xff; // ff00::/8 multicast
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] v4(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
