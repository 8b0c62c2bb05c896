package dev.tracklayer.ingest.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's IP address: the socket peer, unless the peer is one of our trusted proxies, in which
 * case X-Forwarded-For is read from the right and the first address that is not a trusted proxy is
 * the client. Addresses to the left of it were written by the client itself and prove nothing.
 */
public final class ClientAddresses {
  private final List<IpRange> trustedProxies;

  public ClientAddresses(List<IpRange> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param remote the socket peer
   * @param headers the request's headers; X-Forwarded-For is read only behind a trusted proxy
   */
  public InetAddress resolve(InetSocketAddress remote, HttpHeaders headers) {
    InetAddress peer = remote == null ? null : remote.getAddress();
    if (peer == null || !isTrusted(peer)) {
      return peer;
    }
    List<String> elements = new ArrayList<>();
    for (String header : headers.getAll("X-Forwarded-For")) {
      for (String element : header.split(",")) {
        elements.add(element);
      }
    }
    InetAddress client = peer;
    for (int i = elements.size() - 1; i >= 0; i--) {
      InetAddress hop = IpAddresses.parseForwarded(elements.get(i));
      if (hop == null) {
        // Garbage inside the trusted part of the chain: the last proxy we trust is all we know.
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    for (IpRange range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
