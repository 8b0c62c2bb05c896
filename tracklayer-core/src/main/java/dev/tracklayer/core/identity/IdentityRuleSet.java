package dev.tracklayer.core.identity;

import static dev.tracklayer.core.identity.FieldRule.hashed;
import static dev.tracklayer.core.identity.FieldRule.hashedArray;
import static dev.tracklayer.core.identity.FieldRule.raw;
import static dev.tracklayer.core.identity.Normalization.CITY;
import static dev.tracklayer.core.identity.Normalization.COUNTRY;
import static dev.tracklayer.core.identity.Normalization.DATE_OF_BIRTH;
import static dev.tracklayer.core.identity.Normalization.EMAIL;
import static dev.tracklayer.core.identity.Normalization.EXTERNAL_ID;
import static dev.tracklayer.core.identity.Normalization.GENDER;
import static dev.tracklayer.core.identity.Normalization.GENDER_MFN;
import static dev.tracklayer.core.identity.Normalization.GMAIL_EMAIL;
import static dev.tracklayer.core.identity.Normalization.LOWER_TRIM;
import static dev.tracklayer.core.identity.Normalization.NAME;
import static dev.tracklayer.core.identity.Normalization.PHONE_DIGITS;
import static dev.tracklayer.core.identity.Normalization.PHONE_E164;
import static dev.tracklayer.core.identity.Normalization.SNAPCHAT_PHONE;
import static dev.tracklayer.core.identity.Normalization.STATE;
import static dev.tracklayer.core.identity.Normalization.TRIM;
import static dev.tracklayer.core.identity.Normalization.ZIP;
import static dev.tracklayer.core.identity.Normalization.ZIP_DIGITS;

import dev.tracklayer.core.event.UserData;
import java.io.Serializable;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A destination's identity rules: an ordered list of {@link FieldRule}s that turns a raw {@link
 * UserData} into the map the destination's payload wants (for Meta: {@code user_data}). Pure and
 * stateless; the rule sets are immutable constants built from enums, so they serialize anywhere.
 *
 * <p>Where a platform's docs and its official SDK disagree we follow the docs (Meta: ph digits only
 * with no {@code +}, US state names mapped to codes, external_id hashed).
 */
public final class IdentityRuleSet implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Meta Conversions API {@code user_data}: every field of the user_data contract. Hashed fields
   * are arrays; external_id carries customer_id and every external_ids value.
   */
  public static final IdentityRuleSet META =
      new IdentityRuleSet(
          "meta",
          List.of(
              hashedArray("em", UserDataField.EMAIL, EMAIL),
              hashedArray("ph", UserDataField.PHONE, PHONE_DIGITS),
              hashedArray("fn", UserDataField.FIRST_NAME, NAME),
              hashedArray("ln", UserDataField.LAST_NAME, NAME),
              hashedArray("ge", UserDataField.GENDER, GENDER),
              hashedArray("db", UserDataField.DATE_OF_BIRTH, DATE_OF_BIRTH),
              hashedArray("ct", UserDataField.CITY, CITY),
              hashedArray("st", UserDataField.STATE, STATE),
              hashedArray("zp", UserDataField.ZIP, ZIP),
              hashedArray("country", UserDataField.COUNTRY, COUNTRY),
              hashedArray("external_id", UserDataField.CUSTOMER_IDS, EXTERNAL_ID),
              raw("client_ip_address", UserDataField.CLIENT_IP),
              raw("client_user_agent", UserDataField.USER_AGENT),
              raw("fbc", UserDataField.FBC),
              raw("fbp", UserDataField.FBP),
              raw("madid", UserDataField.MADID, LOWER_TRIM),
              raw("fb_login_id", UserDataField.FB_LOGIN_ID),
              raw("subscription_id", UserDataField.SUBSCRIPTION_ID),
              raw("lead_id", UserDataField.LEAD_ID),
              raw("anon_id", UserDataField.ANON_ID),
              raw("ctwa_clid", UserDataField.CTWA_CLID)));

  /**
   * TikTok Events API 2.0 {@code user} object. Single strings; external_id is trimmed but not
   * lowercased (TikTok's rule), and is the first usable of customer_id, external_ids.
   */
  public static final IdentityRuleSet TIKTOK =
      new IdentityRuleSet(
          "tiktok",
          List.of(
              hashed("email", UserDataField.EMAIL, EMAIL),
              hashed("phone", UserDataField.PHONE, PHONE_E164),
              hashed("external_id", UserDataField.CUSTOMER_IDS, TRIM),
              raw("ttp", UserDataField.TTP),
              raw("ttclid", UserDataField.TTCLID),
              raw("ip", UserDataField.CLIENT_IP),
              raw("user_agent", UserDataField.USER_AGENT)));

  /**
   * Google (GA4 Measurement Protocol {@code user_data} names). Flat: the adapter moves
   * sha256_first_name, sha256_last_name, city, region, postal_code and country into {@code
   * address[0]}. Address parts are normalized but not hashed, as Google asks.
   */
  public static final IdentityRuleSet GOOGLE =
      new IdentityRuleSet(
          "google",
          List.of(
              hashed("sha256_email_address", UserDataField.EMAIL, GMAIL_EMAIL),
              hashed("sha256_phone_number", UserDataField.PHONE, PHONE_E164),
              hashed("sha256_first_name", UserDataField.FIRST_NAME, LOWER_TRIM),
              hashed("sha256_last_name", UserDataField.LAST_NAME, LOWER_TRIM),
              raw("city", UserDataField.CITY, NAME),
              raw("region", UserDataField.STATE, STATE),
              raw("postal_code", UserDataField.ZIP, ZIP),
              raw("country", UserDataField.COUNTRY, COUNTRY)));

  /** Snapchat Conversions API v3 {@code user_data} (Meta-compatible shape: hashed arrays). */
  public static final IdentityRuleSet SNAPCHAT =
      new IdentityRuleSet(
          "snapchat",
          List.of(
              hashedArray("em", UserDataField.EMAIL, EMAIL),
              hashedArray("ph", UserDataField.PHONE, SNAPCHAT_PHONE),
              hashedArray("fn", UserDataField.FIRST_NAME, NAME),
              hashedArray("ln", UserDataField.LAST_NAME, NAME),
              raw("client_ip_address", UserDataField.CLIENT_IP),
              raw("client_user_agent", UserDataField.USER_AGENT),
              raw("sc_click_id", UserDataField.SC_CLICK_ID)));

  /**
   * Pinterest Conversions API v5 {@code user_data}: hashed arrays; ge allows n; zp only when
   * numeric; hashed_maids from madid, lowercased.
   */
  public static final IdentityRuleSet PINTEREST =
      new IdentityRuleSet(
          "pinterest",
          List.of(
              hashedArray("em", UserDataField.EMAIL, EMAIL),
              hashedArray("ph", UserDataField.PHONE, PHONE_DIGITS),
              hashedArray("fn", UserDataField.FIRST_NAME, NAME),
              hashedArray("ln", UserDataField.LAST_NAME, NAME),
              hashedArray("ge", UserDataField.GENDER, GENDER_MFN),
              hashedArray("db", UserDataField.DATE_OF_BIRTH, DATE_OF_BIRTH),
              hashedArray("ct", UserDataField.CITY, CITY),
              hashedArray("st", UserDataField.STATE, STATE),
              hashedArray("zp", UserDataField.ZIP, ZIP_DIGITS),
              hashedArray("country", UserDataField.COUNTRY, COUNTRY),
              hashedArray("external_id", UserDataField.CUSTOMER_IDS, EXTERNAL_ID),
              hashedArray("hashed_maids", UserDataField.MADID, LOWER_TRIM),
              raw("client_ip_address", UserDataField.CLIENT_IP),
              raw("client_user_agent", UserDataField.USER_AGENT),
              raw("click_id", UserDataField.EPIK)));

  private static final Map<String, IdentityRuleSet> BY_NAME =
      Map.of(
          META.name, META,
          TIKTOK.name, TIKTOK,
          GOOGLE.name, GOOGLE,
          SNAPCHAT.name, SNAPCHAT,
          PINTEREST.name, PINTEREST);

  private final String name;
  private final List<FieldRule> rules;

  public IdentityRuleSet(String name, List<FieldRule> rules) {
    this.name = Objects.requireNonNull(name, "name");
    this.rules = List.copyOf(rules);
  }

  /** The built-in rule set for a platform name (meta, tiktok, google, snapchat, pinterest). */
  public static Optional<IdentityRuleSet> forPlatform(String platform) {
    return platform == null
        ? Optional.empty()
        : Optional.ofNullable(BY_NAME.get(platform.toLowerCase(Locale.ROOT)));
  }

  public String name() {
    return name;
  }

  public List<FieldRule> rules() {
    return rules;
  }

  /**
   * Applies every rule in order. Values are {@code String} or {@code List<String>}; omitted fields
   * are absent (never null or empty), so the map can go straight into a JSON payload.
   */
  public LinkedHashMap<String, Object> apply(UserData userData) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    if (userData == null) {
      return out;
    }
    String country = Normalizers.country(userData.country);
    for (FieldRule rule : rules) {
      Object value = rule.evaluate(userData, country);
      if (value != null) {
        out.put(rule.key(), value);
      }
    }
    return out;
  }

  /** The keys {@link #apply} would emit, found without hashing anything. */
  public Set<String> keys(UserData userData) {
    Set<String> keys = new HashSet<>();
    if (userData == null) {
      return keys;
    }
    String country = Normalizers.country(userData.country);
    for (FieldRule rule : rules) {
      if (rule.present(userData, country)) {
        keys.add(rule.key());
      }
    }
    return keys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityRuleSet other
        && name.equals(other.name)
        && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, rules);
  }

  @Override
  public String toString() {
    return "IdentityRuleSet{" + name + "}";
  }
}
