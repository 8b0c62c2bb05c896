package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.UserData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityRuleSetTest {

  private static final String FBC_WITH_5TH_SEGMENT = "fb.1.1554763741205.IwAR2F4-dbP0l7Mn.AQ";
  private static final String UA =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari";

  private static UserData fullUser() {
    UserData u = new UserData();
    u.email = " Buyer@Example.com ";
    u.phone = "+1 (555) 123-4567";
    u.gender = "Female";
    u.dateOfBirth = "1990-05-22";
    u.firstName = "Ada";
    u.lastName = "Lovelace";
    u.city = "San Francisco";
    u.state = "California";
    u.zip = "94103-1234";
    u.country = "United States";
    u.customerId = "cust_123";
    u.externalIds = List.of("CRM-9");
    u.clientIp = "203.0.113.7";
    u.userAgent = UA;
    u.madid = "6D92078A-8246-4BA4-AE5B-76104861E7DC";
    u.fbLoginId = "1234567890";
    u.subscriptionId = "sub_1";
    u.leadId = "lead_1";
    u.anonId = "anon_1";
    u.ctwaClid = "ctwa_1";
    u.browserIds = new BrowserIds();
    u.browserIds.fbp = "fb.1.1596403881668.1116446470";
    u.browserIds.fbc = FBC_WITH_5TH_SEGMENT;
    u.browserIds.ttp = "ttp_1";
    u.browserIds.ttclid = "ttclid_1";
    u.browserIds.scClickId = "ScCid_1";
    u.browserIds.epik = "epik_1";
    return u;
  }

  @Test
  void metaSendsEveryContractFieldInOrderHashedAsArraysAndRawAsStrings() {
    Map<String, Object> out = IdentityRuleSet.META.apply(fullUser());
    assertThat(out)
        .containsExactly(
            Map.entry("em", List.of(Sha256.hex("buyer@example.com"))),
            Map.entry("ph", List.of(Sha256.hex("15551234567"))),
            Map.entry("fn", List.of(Sha256.hex("ada"))),
            Map.entry("ln", List.of(Sha256.hex("lovelace"))),
            Map.entry("ge", List.of(Sha256.hex("f"))),
            Map.entry("db", List.of(Sha256.hex("19900522"))),
            Map.entry("ct", List.of(Sha256.hex("sanfrancisco"))),
            Map.entry("st", List.of(Sha256.hex("ca"))),
            Map.entry("zp", List.of(Sha256.hex("94103"))),
            Map.entry("country", List.of(Sha256.hex("us"))),
            Map.entry("external_id", List.of(Sha256.hex("cust_123"), Sha256.hex("crm-9"))),
            Map.entry("client_ip_address", "203.0.113.7"),
            Map.entry("client_user_agent", UA),
            Map.entry("fbc", FBC_WITH_5TH_SEGMENT),
            Map.entry("fbp", "fb.1.1596403881668.1116446470"),
            Map.entry("madid", "6d92078a-8246-4ba4-ae5b-76104861e7dc"),
            Map.entry("fb_login_id", "1234567890"),
            Map.entry("subscription_id", "sub_1"),
            Map.entry("lead_id", "lead_1"),
            Map.entry("anon_id", "anon_1"),
            Map.entry("ctwa_clid", "ctwa_1"));
  }

  @Test
  void alreadyHashedValuesPassThroughLowercasedNeverHashedTwice() {
    String emailHash = Sha256.hex("buyer@example.com");
    String phoneHash = Sha256.hex("15551234567");
    UserData u = new UserData();
    u.email = "  " + emailHash.toUpperCase() + " ";
    u.phone = phoneHash;
    u.customerId = emailHash.toUpperCase();
    Map<String, Object> meta = IdentityRuleSet.META.apply(u);
    assertThat(meta.get("em")).isEqualTo(List.of(emailHash));
    assertThat(meta.get("ph")).isEqualTo(List.of(phoneHash));
    assertThat(meta.get("external_id")).isEqualTo(List.of(emailHash));
    assertThat(IdentityRuleSet.TIKTOK.apply(u).get("email")).isEqualTo(emailHash);
    assertThat(IdentityRuleSet.GOOGLE.apply(u).get("sha256_email_address")).isEqualTo(emailHash);
  }

  @Test
  void emptyNullAndWhitespaceOnlyValuesAreOmittedEverywhere() {
    UserData u = new UserData();
    u.email = "";
    u.phone = "   ";
    u.firstName = "\t";
    u.lastName = null;
    u.city = "\n";
    u.country = " ";
    u.customerId = "";
    u.externalIds = List.of(" ", "");
    u.clientIp = " ";
    u.userAgent = "";
    u.browserIds = new BrowserIds();
    u.browserIds.fbc = "  ";
    for (IdentityRuleSet set :
        List.of(
            IdentityRuleSet.META,
            IdentityRuleSet.TIKTOK,
            IdentityRuleSet.GOOGLE,
            IdentityRuleSet.SNAPCHAT,
            IdentityRuleSet.PINTEREST)) {
      assertThat(set.apply(u)).as(set.name()).isEmpty();
      assertThat(set.apply(new UserData())).as(set.name()).isEmpty();
      assertThat(set.apply(null)).as(set.name()).isEmpty();
    }
  }

  @Test
  void rawFieldsAreForwardedExactly() {
    UserData u = new UserData();
    u.browserIds = new BrowserIds();
    u.browserIds.fbc = FBC_WITH_5TH_SEGMENT;
    u.browserIds.fbp = "fb.1.1596403881668.1116446470";
    u.userAgent = UA;
    u.ip = "2001:DB8::1";
    Map<String, Object> out = IdentityRuleSet.META.apply(u);
    assertThat(out.get("fbc")).isEqualTo(FBC_WITH_5TH_SEGMENT);
    assertThat(out.get("client_user_agent")).isEqualTo(UA);
    assertThat(out.get("client_ip_address")).isEqualTo("2001:DB8::1");
  }

  @Test
  void clientIpWinsOverIpAndZipOverPostalCode() {
    UserData u = new UserData();
    u.clientIp = "203.0.113.7";
    u.ip = "198.51.100.1";
    u.zip = "94103";
    u.postalCode = "10001";
    u.country = "us";
    Map<String, Object> out = IdentityRuleSet.META.apply(u);
    assertThat(out.get("client_ip_address")).isEqualTo("203.0.113.7");
    assertThat(out.get("zp")).isEqualTo(List.of(Sha256.hex("94103")));

    u.zip = null;
    u.clientIp = null;
    out = IdentityRuleSet.META.apply(u);
    assertThat(out.get("client_ip_address")).isEqualTo("198.51.100.1");
    assertThat(out.get("zp")).isEqualTo(List.of(Sha256.hex("10001")));
  }

  @Test
  void phoneUsesTheUsersCountryForItsCallingCode() {
    UserData u = new UserData();
    u.phone = "9876543210";
    u.country = "India";
    assertThat(IdentityRuleSet.META.apply(u).get("ph"))
        .isEqualTo(List.of(Sha256.hex("919876543210")));
    u.country = "USA";
    assertThat(IdentityRuleSet.META.apply(u).get("ph"))
        .isEqualTo(List.of(Sha256.hex("19876543210")));
  }

  @Test
  void tiktokHashesE164PhoneWithPlusAndKeepsExternalIdCase() {
    Map<String, Object> out = IdentityRuleSet.TIKTOK.apply(fullUser());
    assertThat(out)
        .containsExactly(
            Map.entry("email", Sha256.hex("buyer@example.com")),
            Map.entry("phone", Sha256.hex("+15551234567")),
            Map.entry("external_id", Sha256.hex("cust_123")),
            Map.entry("ttp", "ttp_1"),
            Map.entry("ttclid", "ttclid_1"),
            Map.entry("ip", "203.0.113.7"),
            Map.entry("user_agent", UA));

    UserData u = new UserData();
    u.phone = "(650) 555-1212";
    u.customerId = " Cust_ABC ";
    Map<String, Object> t = IdentityRuleSet.TIKTOK.apply(u);
    assertThat(t.get("phone")).isEqualTo(Sha256.hex("+16505551212"));
    assertThat(t.get("external_id")).isEqualTo(Sha256.hex("Cust_ABC"));
  }

  @Test
  void googleAppliesTheGmailRuleAndLeavesAddressUnhashed() {
    UserData u = fullUser();
    u.email = "John.Smith@Gmail.com";
    Map<String, Object> out = IdentityRuleSet.GOOGLE.apply(u);
    assertThat(out)
        .containsExactly(
            Map.entry("sha256_email_address", Sha256.hex("johnsmith@gmail.com")),
            Map.entry("sha256_phone_number", Sha256.hex("+15551234567")),
            Map.entry("sha256_first_name", Sha256.hex("ada")),
            Map.entry("sha256_last_name", Sha256.hex("lovelace")),
            Map.entry("city", "san francisco"),
            Map.entry("region", "ca"),
            Map.entry("postal_code", "94103"),
            Map.entry("country", "us"));

    u.email = "John.Smith@example.com";
    assertThat(IdentityRuleSet.GOOGLE.apply(u).get("sha256_email_address"))
        .isEqualTo(Sha256.hex("john.smith@example.com"));
  }

  @Test
  void snapchat() {
    Map<String, Object> out = IdentityRuleSet.SNAPCHAT.apply(fullUser());
    assertThat(out)
        .containsExactly(
            Map.entry("em", List.of(Sha256.hex("buyer@example.com"))),
            Map.entry("ph", List.of(Sha256.hex("15551234567"))),
            Map.entry("fn", List.of(Sha256.hex("ada"))),
            Map.entry("ln", List.of(Sha256.hex("lovelace"))),
            Map.entry("client_ip_address", "203.0.113.7"),
            Map.entry("client_user_agent", UA),
            Map.entry("sc_click_id", "ScCid_1"));
  }

  @Test
  void pinterest() {
    UserData u = fullUser();
    u.gender = "Non-binary";
    Map<String, Object> out = IdentityRuleSet.PINTEREST.apply(u);
    assertThat(out)
        .containsExactly(
            Map.entry("em", List.of(Sha256.hex("buyer@example.com"))),
            Map.entry("ph", List.of(Sha256.hex("15551234567"))),
            Map.entry("fn", List.of(Sha256.hex("ada"))),
            Map.entry("ln", List.of(Sha256.hex("lovelace"))),
            Map.entry("ge", List.of(Sha256.hex("n"))),
            Map.entry("db", List.of(Sha256.hex("19900522"))),
            Map.entry("ct", List.of(Sha256.hex("sanfrancisco"))),
            Map.entry("st", List.of(Sha256.hex("ca"))),
            Map.entry("zp", List.of(Sha256.hex("94103"))),
            Map.entry("country", List.of(Sha256.hex("us"))),
            Map.entry("external_id", List.of(Sha256.hex("cust_123"), Sha256.hex("crm-9"))),
            Map.entry("hashed_maids", List.of(Sha256.hex("6d92078a-8246-4ba4-ae5b-76104861e7dc"))),
            Map.entry("client_ip_address", "203.0.113.7"),
            Map.entry("client_user_agent", UA),
            Map.entry("click_id", "epik_1"));
  }

  @Test
  void forPlatformFindsBuiltInsCaseInsensitively() {
    assertThat(IdentityRuleSet.forPlatform("META")).contains(IdentityRuleSet.META);
    assertThat(IdentityRuleSet.forPlatform("tiktok")).contains(IdentityRuleSet.TIKTOK);
    assertThat(IdentityRuleSet.forPlatform("reddit")).isEmpty();
    assertThat(IdentityRuleSet.forPlatform(null)).isEmpty();
  }

  @Test
  void ruleSetsSurviveJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(IdentityRuleSet.META);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertThat(copy).isEqualTo(IdentityRuleSet.META);
    assertThat(((IdentityRuleSet) copy).apply(fullUser()))
        .isEqualTo(IdentityRuleSet.META.apply(fullUser()));
  }
}
