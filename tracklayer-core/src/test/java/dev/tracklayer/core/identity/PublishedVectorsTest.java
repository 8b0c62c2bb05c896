package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.UserData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platforms' own published examples, end to end through the rule sets. */
class PublishedVectorsTest {

  @Test
  void metaEmail() {
    UserData u = new UserData();
    u.email = "John_Smith@gmail.com";
    assertThat(IdentityRuleSet.META.apply(u).get("em"))
        .isEqualTo(List.of("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"));
  }

  @Test
  void metaUsPhoneWithCountryUs() {
    UserData u = new UserData();
    u.phone = "(650)555-1212";
    u.country = "us";
    assertThat(Normalizers.phoneDigits("(650)555-1212", "us")).isEqualTo("16505551212");
    assertThat(IdentityRuleSet.META.apply(u).get("ph"))
        .isEqualTo(List.of("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"));
  }

  @Test
  void metaUsPhoneWithoutCountryDefaultsToUs() {
    UserData u = new UserData();
    u.phone = "(650)555-1212";
    assertThat(IdentityRuleSet.META.apply(u).get("ph"))
        .isEqualTo(List.of("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"));
  }

  @Test
  void metaFirstName() {
    UserData u = new UserData();
    u.firstName = "Mary";
    assertThat(IdentityRuleSet.META.apply(u).get("fn"))
        .isEqualTo(List.of("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"));
  }

  @Test
  void snapchatEmail() {
    UserData u = new UserData();
    u.email = "Person@Example.com";
    assertThat(IdentityRuleSet.SNAPCHAT.apply(u).get("em"))
        .isEqualTo(List.of("542d240129883c019e106e3b1b2d3f3cb3537c43c425364de8e951d5a3083345"));
  }

  @Test
  void snapchatUkPhone() {
    UserData u = new UserData();
    u.phone = "+44 844 412 4653";
    assertThat(Normalizers.snapchatPhone("+44 844 412 4653")).isEqualTo("448444124653");
    assertThat(IdentityRuleSet.SNAPCHAT.apply(u).get("ph"))
        .isEqualTo(List.of("dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383"));
  }
}
