package dev.tracklayer.core.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.destinations.WebhookTargets.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Literal addresses and {@code localhost} only: nothing here asks a DNS server. */
class WebhookTargetsTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "10.255.255.255",
        "100.64.0.1",
        "100.127.255.254",
        "127.0.0.1",
        "127.10.20.30",
        "169.254.169.254",
        "169.254.0.1",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.170",
        "192.168.1.1",
        "198.18.0.1",
        "198.19.255.255",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::127.0.0.1",
        "::ffff:127.0.0.1",
        "::ffff:10.1.2.3",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::1",
        "2002:7f00:1::1",
        "2002:c0a8:101::1",
        "100::1",
        "fc00::1",
        "fd12:3456:789a::1",
        "fe80::1",
        "febf:ffff::1",
        "fec0::1",
        "ff02::1",
        "ff0e::1"
      })
  void internalAddressesAreRefused(String literal) {
    assertThat(WebhookTargets.isInternal(ip(literal))).as(literal).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "126.255.255.255",
        "128.0.0.1",
        "169.253.255.255",
        "169.255.0.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.0.1.1",
        "192.167.255.255",
        "192.169.0.1",
        "198.17.255.255",
        "198.20.0.1",
        "203.0.113.7",
        "223.255.255.255",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "2001:4860:4860::8888",
        "2606:4700:4700::1111",
        "fbff::1",
        "fe7f::1"
      })
  void publicAddressesAreAllowed(String literal) {
    assertThat(WebhookTargets.isInternal(ip(literal))).as(literal).isFalse();
  }

  @Test
  void urlsWithLiteralHostsAreJudgedByTheirAddress() {
    assertThat(WebhookTargets.check("https://8.8.8.8/hook")).isEqualTo(Verdict.PUBLIC);
    assertThat(WebhookTargets.check("https://[2001:4860:4860::8888]:8443/hook"))
        .isEqualTo(Verdict.PUBLIC);
    assertThat(WebhookTargets.check("http://127.0.0.1:8080/hook")).isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("http://169.254.169.254/latest/meta-data/"))
        .isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("http://[::1]/hook")).isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("http://[::ffff:a9fe:a9fe]/")).isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("http://[fe80::1%251]/")).isEqualTo(Verdict.INTERNAL);
    // A shorthand IPv4 form that the JDK (and so the delivery client) reads as 127.0.0.1.
    assertThat(WebhookTargets.check("http://2130706433/")).isEqualTo(Verdict.INTERNAL);
    // java.net.URI finds no host in this one, so neither can the delivery client.
    assertThat(WebhookTargets.check("http://127.1/")).isEqualTo(Verdict.UNRESOLVED);
    // user info does not hide the host
    assertThat(WebhookTargets.check("https://8.8.8.8@127.0.0.1/")).isEqualTo(Verdict.INTERNAL);
  }

  @Test
  void localhostResolvesToLoopback() {
    assertThat(WebhookTargets.check("http://localhost:9000/hook")).isEqualTo(Verdict.INTERNAL);
  }

  @Test
  void aNameIsPublicOnlyIfEveryAddressIs() {
    Map<String, InetAddress[]> zone =
        Map.of(
            "hooks.shop.example",
            new InetAddress[] {ip("8.8.8.8"), ip("2001:4860:4860::8888")},
            "rebind.example",
            new InetAddress[] {ip("8.8.8.8"), ip("169.254.169.254")},
            "v6-internal.example",
            new InetAddress[] {ip("8.8.4.4"), ip("fd00::1")},
            "empty.example",
            new InetAddress[0]);
    WebhookTargets.Resolver resolver =
        host -> {
          InetAddress[] found = zone.get(host);
          if (found == null) {
            throw new UnknownHostException(host);
          }
          return found;
        };
    assertThat(WebhookTargets.check("https://hooks.shop.example/t", resolver))
        .isEqualTo(Verdict.PUBLIC);
    assertThat(WebhookTargets.check("https://rebind.example/t", resolver))
        .isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("https://v6-internal.example/t", resolver))
        .isEqualTo(Verdict.INTERNAL);
    assertThat(WebhookTargets.check("https://empty.example/t", resolver))
        .isEqualTo(Verdict.UNRESOLVED);
    assertThat(WebhookTargets.check("https://nowhere.example/t", resolver))
        .isEqualTo(Verdict.UNRESOLVED);
  }

  @Test
  void urlsWithoutAHostAreUnresolved() {
    assertThat(WebhookTargets.check("mailto:someone@example.com")).isEqualTo(Verdict.UNRESOLVED);
    assertThat(WebhookTargets.check("https:///path")).isEqualTo(Verdict.UNRESOLVED);
    assertThat(WebhookTargets.check("not a url")).isEqualTo(Verdict.UNRESOLVED);
    assertThat(WebhookTargets.check(null)).isEqualTo(Verdict.UNRESOLVED);
  }
}
