package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.facebook.ads.utils.ServerSideApiUtil;
import dev.tracklayer.core.event.UserData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where Meta's Java SDK disagrees with Meta's customer-information docs, we follow the docs. Each
 * test shows the SDK's behaviour next to ours, so an SDK upgrade that changes it is noticed.
 */
class MetaDocsOverSdkTest {

  @Test
  void phoneIsDigitsOnlyWhileTheSdkKeepsThePlus() {
    assertThat(ServerSideApiUtil.normalize("+1 (650) 555-1212", "ph")).isEqualTo("+16505551212");
    UserData u = new UserData();
    u.phone = "+1 (650) 555-1212";
    assertThat(IdentityRuleSet.META.apply(u).get("ph"))
        .isEqualTo(List.of(Sha256.hex("16505551212")));
  }

  @Test
  void stateNamesMapToCodesWhileTheSdkHashesTheName() {
    assertThat(ServerSideApiUtil.normalize("California", "st")).isEqualTo("california");
    UserData u = new UserData();
    u.state = "California";
    assertThat(IdentityRuleSet.META.apply(u).get("st")).isEqualTo(List.of(Sha256.hex("ca")));
  }

  @Test
  void isoDateOfBirthBecomesYyyymmdd() {
    assertThat(ServerSideApiUtil.normalize("1990-05-22", "db")).isEqualTo("1990-05-22");
    UserData u = new UserData();
    u.dateOfBirth = "1990-05-22";
    assertThat(IdentityRuleSet.META.apply(u).get("db")).isEqualTo(List.of(Sha256.hex("19900522")));
  }

  @Test
  void externalIdsAreTrimmedLowercasedHashedAndAllSent() {
    UserData u = new UserData();
    u.customerId = " CUST_123 ";
    u.externalIds = List.of("cust_123", "Loyalty-77", "  ");
    assertThat(IdentityRuleSet.META.apply(u).get("external_id"))
        .isEqualTo(List.of(Sha256.hex("cust_123"), Sha256.hex("loyalty-77")));
  }

  @Test
  void hyphenatedNonUsPostcodesKeepAllTheirCharacters() {
    // The SDK keeps only the part before '-', turning Warsaw's 00-950 into "00".
    assertThat(ServerSideApiUtil.normalize("00-950", "zp")).isEqualTo("00");
    UserData u = new UserData();
    u.zip = "00-950";
    u.country = "pl";
    assertThat(IdentityRuleSet.META.apply(u).get("zp")).isEqualTo(List.of(Sha256.hex("00950")));
  }
}
