package dev.tracklayer.core.identity;

/**
 * The normalizers of {@link Normalizers} as values, so rule sets are plain serializable data
 * (enums) rather than lambdas.
 */
public enum Normalization {
  EMAIL,
  /** Google: gmail.com / googlemail.com local parts lose their dots. */
  GMAIL_EMAIL,
  /** Meta, Pinterest. */
  PHONE_DIGITS,
  /** TikTok, Google. */
  PHONE_E164,
  SNAPCHAT_PHONE,
  NAME,
  CITY,
  STATE,
  ZIP,
  /** Pinterest: numeric postal codes only. */
  ZIP_DIGITS,
  COUNTRY,
  GENDER,
  /** Pinterest: m, f or n. */
  GENDER_MFN,
  DATE_OF_BIRTH,
  /** Meta external_id: trim, lowercase. */
  EXTERNAL_ID,
  LOWER_TRIM,
  TRIM,
  /** Untouched, for platform tokens (fbc, fbp, click ids, user agent, IP). */
  RAW;

  /**
   * @param value the raw client value
   * @param country the user's already-normalized country (alpha-2 lowercase) or null; phone and zip
   *     rules depend on it
   * @return the normalized value, or null when nothing usable remains
   */
  public String apply(String value, String country) {
    return switch (this) {
      case EMAIL -> Normalizers.email(value);
      case GMAIL_EMAIL -> Normalizers.gmailEmail(value);
      case PHONE_DIGITS -> Normalizers.phoneDigits(value, country);
      case PHONE_E164 -> Normalizers.phoneE164(value, country);
      case SNAPCHAT_PHONE -> Normalizers.snapchatPhone(value, country);
      case NAME -> Normalizers.name(value);
      case CITY -> Normalizers.city(value);
      case STATE -> Normalizers.state(value);
      case ZIP -> Normalizers.zip(value, country);
      case ZIP_DIGITS -> Normalizers.zipDigits(value, country);
      case COUNTRY -> Normalizers.country(value);
      case GENDER -> Normalizers.gender(value);
      case GENDER_MFN -> Normalizers.genderMfn(value);
      case DATE_OF_BIRTH -> Normalizers.dateOfBirth(value);
      case EXTERNAL_ID -> Normalizers.externalId(value);
      case LOWER_TRIM -> Normalizers.lowerTrim(value);
      case TRIM -> Normalizers.trim(value);
      case RAW -> Normalizers.raw(value);
    };
  }
}
