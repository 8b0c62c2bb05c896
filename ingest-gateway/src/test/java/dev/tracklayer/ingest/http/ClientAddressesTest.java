package dev.tracklayer.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private static final ClientAddresses BEHIND_PROXIES =
      new ClientAddresses(
          Stream.of("10.0.0.0/8", "192.168.1.5", "fd00::/8").map(IpRange::parse).toList());

  private static String resolve(ClientAddresses resolver, String peer, String... forwardedFor) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (String header : forwardedFor) {
      headers.add("X-Forwarded-For", header);
    }
    return resolver.resolve(new InetSocketAddress(peer, 40000), headers).getHostAddress();
  }

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
    ClientAddresses direct = new ClientAddresses(List.of());
    assertThat(resolve(direct, "203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
  }

  @Test
  void anUntrustedPeerCannotSpoofItsAddress() {
    assertThat(resolve(BEHIND_PROXIES, "203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
  }

  @Test
  void behindTrustedProxiesTheFirstUntrustedAddressFromTheRightIsTheClient() {
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "6.6.6.6, 198.51.100.4, 10.9.9.9"))
        .isEqualTo("198.51.100.4");
    // Several headers are one list, in order.
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "6.6.6.6", "198.51.100.4, 192.168.1.5"))
        .isEqualTo("198.51.100.4");
    assertThat(resolve(BEHIND_PROXIES, "fd12::1", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void portsAndBracketsInForwardedAddressesAreUnderstood() {
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "198.51.100.4:5555")).isEqualTo("198.51.100.4");
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "[2001:db8::7]:443"))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "10.0.0.7, 10.0.0.8")).isEqualTo("10.0.0.7");
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3")).isEqualTo("10.1.2.3");
  }

  @Test
  void garbageInsideTheTrustedChainStopsAtTheLastTrustedHop() {
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "1.2.3.4, unknown, 10.0.0.8"))
        .isEqualTo("10.0.0.8");
    // Garbage the client wrote to the left of its own address does not matter.
    assertThat(resolve(BEHIND_PROXIES, "10.1.2.3", "evil.example, 198.51.100.4"))
        .isEqualTo("198.51.100.4");
  }

  @Test
  void namesAreNeverResolved() {
    assertThat(IpAddresses.parse("localhost")).isNull();
    assertThat(IpAddresses.parse("example.com")).isNull();
    assertThat(IpAddresses.parse("abc")).isNull();
    assertThat(IpAddresses.parse("a:b.example.com")).isNull();
    assertThat(IpAddresses.parse("1.2.3.4")).isNotNull();
    assertThat(IpAddresses.parse("::1")).isNotNull();
  }

  @Test
  void cidrBlocks() {
    assertThat(IpRange.parse("10.0.0.0/8").contains(IpAddresses.parse("10.255.0.1"))).isTrue();
    assertThat(IpRange.parse("10.0.0.0/8").contains(IpAddresses.parse("11.0.0.1"))).isFalse();
    assertThat(IpRange.parse("192.168.1.0/25").contains(IpAddresses.parse("192.168.1.127")))
        .isTrue();
    assertThat(IpRange.parse("192.168.1.0/25").contains(IpAddresses.parse("192.168.1.128")))
        .isFalse();
    assertThat(IpRange.parse("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8"))).isTrue();
    assertThat(IpRange.parse("0.0.0.0/0").contains(IpAddresses.parse("::1"))).isFalse();
    assertThat(IpRange.parse("2001:db8::/32").contains(IpAddresses.parse("2001:db8:ffff::1")))
        .isTrue();
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IpRange.parse("proxy.internal"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
