package dev.tracklayer.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Sha256;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerKeyTest {
  @Test
  void externalIdFirstThenEmailThenFbpElseEmpty() {
    UserData u = new UserData();
    assertThat(CustomerKey.of(null)).isEmpty();
    assertThat(CustomerKey.of(u)).isEmpty();
    u.browserIds = new BrowserIds();
    u.browserIds.fbp = "fb.1.1700000000.123";
    assertThat(CustomerKey.of(u)).isEqualTo("fbp:fb.1.1700000000.123");
    u.email = " John@Example.com ";
    assertThat(CustomerKey.of(u)).isEqualTo("em:" + Sha256.hex("john@example.com"));
    u.externalIds = List.of(" ", "Shop-7");
    assertThat(CustomerKey.of(u)).isEqualTo("ext:" + Sha256.hex("shop-7"));
    u.customerId = "C-1";
    assertThat(CustomerKey.of(u)).isEqualTo("ext:" + Sha256.hex("c-1"));
  }

  @Test
  void aHashedEmailIsUsedAsItIsAndAnUnusableOneIsNoKey() {
    UserData u = new UserData();
    u.email = "not an email";
    assertThat(CustomerKey.of(u)).isEmpty();
    String digest = Sha256.hex("a@b.co");
    u.email = digest.toUpperCase();
    assertThat(CustomerKey.of(u)).isEqualTo("em:" + digest);
  }

  @Test
  void identityFieldsAreOneBitPerSentField() {
    UserData u = new UserData();
    u.email = "a@b.co";
    u.lastName = "Smith";
    u.ip = "203.0.113.1";
    u.userAgent = " ";
    u.browserIds = new BrowserIds();
    u.browserIds.gclid = "g";
    int f = IdentityFields.of(u);
    assertThat(IdentityFields.ALL.stream().filter(x -> x.in(f)).toList())
        .containsExactly(
            IdentityFields.EMAIL, IdentityFields.NAME, IdentityFields.IP, IdentityFields.CLICK_ID);
  }
}
