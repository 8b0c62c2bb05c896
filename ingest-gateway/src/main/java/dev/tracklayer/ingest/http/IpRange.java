package dev.tracklayer.ingest.http;

import java.net.InetAddress;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128. */
public final class IpRange {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private IpRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  public static IpRange parse(String cidr) {
    String s = cidr.trim();
    int slash = s.indexOf('/');
    InetAddress address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
    }
    byte[] bytes = address.getAddress();
    int max = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length in " + cidr);
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("bad prefix length in " + cidr);
    }
    return new IpRange(mask(bytes, prefix), prefix, s);
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefix), network);
  }

  static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - bits)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
