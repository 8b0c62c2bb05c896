package dev.tracklayer.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small, pure normalizers that destination rule sets combine (see {@link IdentityRuleSet}). Each
 * takes the client's raw value and returns the canonical string to hash or send, or {@code null}
 * when there is nothing usable (null, empty, whitespace-only, or unparseable), so callers omit the
 * field rather than send garbage.
 *
 * <p>Lower-casing always uses {@link Locale#ROOT}: a server in a Turkish locale must not hash
 * {@code I} as dotless {@code ı}.
 */
public final class Normalizers {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern WHITESPACE_OR_HYPHEN = Pattern.compile("[\\s\\-]+");
  private static final Pattern NAME_DROP = Pattern.compile("[\\p{P}\\p{S}\\p{Cc}\\p{Cf}]+");
  private static final Pattern NOT_LETTER = Pattern.compile("[^\\p{L}\\p{M}]+");
  private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{M}\\p{Nd}]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ASCII_LETTER = Pattern.compile("[^a-z]+");
  private static final Pattern ISO_SUBDIVISION = Pattern.compile("^[a-z]{2}-([a-z0-9]{1,3})$");
  private static final Pattern US_ZIP = Pattern.compile("^(\\d{5})(-?\\d{4})?$");
  private static final Pattern US_ZIP_PLUS4 = Pattern.compile("^(\\d{5})-\\d{4}$");
  private static final Pattern DIGITS_ONLY = Pattern.compile("^\\d+$");
  private static final Pattern DOB_COMPACT = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");
  private static final Pattern DOB_SEPARATED =
      Pattern.compile("^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})$");

  /** E.164 allows at most 15 digits; fewer than 7 cannot be a reachable number anywhere. */
  private static final int MIN_PHONE_DIGITS = 7;

  private static final int MAX_PHONE_DIGITS = 15;

  private static final Map<String, String> US_STATES = usStates();
  private static final Set<String> ISO_COUNTRIES = new HashSet<>();
  private static final Map<String, String> COUNTRY_NAMES = new HashMap<>();

  static {
    buildCountryIndex();
  }

  private Normalizers() {}

  /** Trim Unicode whitespace and ASCII controls from both ends; null when nothing is left. */
  public static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    int start = 0;
    int end = raw.length();
    while (start < end && isTrimmable(raw.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmable(raw.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : raw.substring(start, end);
  }

  private static boolean isTrimmable(char c) {
    return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** The value exactly as sent (platform tokens must not be altered); null when blank. */
  public static String raw(String raw) {
    return clean(raw) == null ? null : raw;
  }

  /** Trim only: case-sensitive identifiers (TikTok external_id). */
  public static String trim(String raw) {
    return clean(raw);
  }

  /** Trim and lower-case. */
  public static String lowerTrim(String raw) {
    String s = clean(raw);
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Meta external_id: trim, lowercase. */
  public static String externalId(String raw) {
    return lowerTrim(raw);
  }

  /** Trim, lowercase; omitted unless it has the shape local@domain. */
  public static String email(String raw) {
    String s = lowerTrim(raw);
    if (s == null) {
      return null;
    }
    int at = s.lastIndexOf('@');
    return at > 0 && at < s.length() - 1 ? s : null;
  }

  /** Google: {@link #email} plus every '.' removed from the local part of gmail addresses. */
  public static String gmailEmail(String raw) {
    String s = email(raw);
    if (s == null) {
      return null;
    }
    int at = s.lastIndexOf('@');
    String domain = s.substring(at + 1);
    if (!domain.equals("gmail.com") && !domain.equals("googlemail.com")) {
      return s;
    }
    return s.substring(0, at).replace(".", "") + "@" + domain;
  }

  /** Meta / Pinterest ph with no country context; see {@link #phoneDigits(String, String)}. */
  public static String phoneDigits(String raw) {
    return phoneDigits(raw, null);
  }

  /**
   * Meta / Pinterest ph: digits only, leading zeros removed. A number written without an
   * international prefix ({@code +} or {@code 00}) that is exactly ten digits starting 2-9 is a
   * NANP number; when the user's country is {@code us} or unknown we prefix calling code 1, because
   * Meta requires the country code and US shops overwhelmingly omit it ({@code (650)555-1212} →
   * {@code 16505551212}). Another country's national number gets that country's calling code, by
   * its own numbering plan (libphonenumber: {@code 07911 123456} in {@code gb} → {@code
   * 447911123456}, the trunk 0 dropped; Italy's leading 0 kept). Without a country, no calling code
   * is guessed for a number that is not NANP-shaped.
   *
   * @param country the user's normalized ISO alpha-2 country, or null
   */
  public static String phoneDigits(String raw, String country) {
    return phone(raw, country, false);
  }

  /** TikTok / Google: {@code +} followed by {@link #phoneDigits(String, String)}. */
  public static String phoneE164(String raw, String country) {
    String digits = phoneDigits(raw, country);
    return digits == null ? null : "+" + digits;
  }

  public static String phoneE164(String raw) {
    return phoneE164(raw, null);
  }

  /**
   * Snapchat ph: digits only, a leading international {@code 00} removed, then one national trunk
   * {@code 0} removed; the same US default as {@link #phoneDigits(String, String)}.
   */
  public static String snapchatPhone(String raw, String country) {
    return phone(raw, country, true);
  }

  public static String snapchatPhone(String raw) {
    return snapchatPhone(raw, null);
  }

  private static String phone(String raw, String country, boolean snapchatZeros) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    boolean international = s.startsWith("+") || s.startsWith("00");
    if (!international && country != null && !country.equals("us")) {
      String full = withCallingCode(s, country);
      if (full != null) {
        return full.length() < MIN_PHONE_DIGITS || full.length() > MAX_PHONE_DIGITS ? null : full;
      }
    }
    if (s.startsWith("+")) {
      // "+44 (0)20 ..." writes the national trunk prefix inside the international form.
      s = s.replace("(0)", "");
    }
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 10);
      if (d >= 0) {
        digits.append((char) ('0' + d));
      }
    }
    if (!international
        && digits.length() == 10
        && digits.charAt(0) >= '2'
        && (country == null || country.equals("us"))) {
      digits.insert(0, '1');
    }
    int start = 0;
    if (snapchatZeros) {
      if (digits.length() >= 2 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
        start = 2;
      }
      if (start < digits.length() && digits.charAt(start) == '0') {
        start++;
      }
    } else {
      while (start < digits.length() && digits.charAt(start) == '0') {
        start++;
      }
    }
    int n = digits.length() - start;
    return n < MIN_PHONE_DIGITS || n > MAX_PHONE_DIGITS ? null : digits.substring(start);
  }

  /**
   * Calling code and national significant number of a number written nationally in {@code country}
   * (ISO alpha-2, lowercase), digits only; null when the country is not one libphonenumber knows or
   * the text does not read as a number there.
   */
  private static String withCallingCode(String national, String country) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    String region = country.toUpperCase(Locale.ROOT);
    if (util.getCountryCodeForRegion(region) == 0) {
      return null;
    }
    try {
      Phonenumber.PhoneNumber number = util.parse(national, region);
      return number.getCountryCode() + util.getNationalSignificantNumber(number);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /**
   * fn / ln: lowercase, punctuation and symbols removed, letters of every script kept ({@code
   * Valéry} → {@code valéry}), inner whitespace collapsed to one space. NFC first, so a decomposed
   * {@code é} hashes like a precomposed one.
   */
  public static String name(String raw) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    s = Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    s = NAME_DROP.matcher(s).replaceAll("");
    s = WHITESPACE.matcher(s).replaceAll(" ").strip();
    return s.isEmpty() ? null : s;
  }

  /** ct: lowercase, letters only: spaces, punctuation and digits removed. */
  public static String city(String raw) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    s = Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    s = NOT_LETTER.matcher(s).replaceAll("");
    return s.isEmpty() ? null : s;
  }

  /**
   * st: lowercase subdivision code. US state and territory names map to their two-letter codes; ISO
   * 3166-2 forms ({@code US-CA}) lose the country prefix; anything else is lowercased with spaces
   * and punctuation removed.
   */
  public static String state(String raw) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    s = Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    Matcher iso = ISO_SUBDIVISION.matcher(s);
    if (iso.matches()) {
      return iso.group(1);
    }
    s = NOT_LETTER_OR_DIGIT.matcher(s).replaceAll("");
    if (s.isEmpty()) {
      return null;
    }
    return US_STATES.getOrDefault(s, s);
  }

  /** zp with no country context; see {@link #zip(String, String)}. */
  public static String zip(String raw) {
    return zip(raw, null);
  }

  /**
   * zp: lowercase, spaces and hyphens removed. US ZIP codes keep their first five digits: when the
   * country is {@code us} (5 or 9 digits, hyphen optional), or when the value has the unambiguous
   * ZIP+4 shape {@code 12345-6789}.
   */
  public static String zip(String raw, String country) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    s = WHITESPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("");
    Matcher m = "us".equals(country) ? US_ZIP.matcher(s) : US_ZIP_PLUS4.matcher(s);
    if (m.matches()) {
      return m.group(1);
    }
    s = WHITESPACE_OR_HYPHEN.matcher(s).replaceAll("");
    return s.isEmpty() ? null : s;
  }

  /** Pinterest zp: {@link #zip(String, String)} when that is all digits, else omitted. */
  public static String zipDigits(String raw, String country) {
    String s = zip(raw, country);
    return s != null && DIGITS_ONLY.matcher(s).matches() ? s : null;
  }

  /**
   * country: ISO 3166-1 alpha-2, lowercase. Accepts alpha-2 and alpha-3 codes in any case and
   * English country names and common aliases ({@code United States}, {@code USA}, {@code UK},
   * {@code Deutschland}); anything unrecognized is omitted.
   */
  public static String country(String raw) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    if (s.length() == 2 && isAsciiLetter(s.charAt(0)) && isAsciiLetter(s.charAt(1))) {
      // The usual case, a code: the folding below (NFD and two regexes) would leave it as is.
      String code = s.toLowerCase(Locale.ROOT);
      return ISO_COUNTRIES.contains(code) ? code : COUNTRY_NAMES.get(code);
    }
    String key = countryKey(s);
    if (key.length() == 2 && ISO_COUNTRIES.contains(key)) {
      return key;
    }
    return COUNTRY_NAMES.get(key);
  }

  /** ge for Meta / Snapchat: {@code m} or {@code f}, from the first character. */
  public static String gender(String raw) {
    String s = lowerTrim(raw);
    if (s == null) {
      return null;
    }
    char c = s.charAt(0);
    return c == 'm' || c == 'f' ? String.valueOf(c) : null;
  }

  /** ge for Pinterest, which also takes {@code n} (non-binary / not stated). */
  public static String genderMfn(String raw) {
    String s = lowerTrim(raw);
    if (s == null) {
      return null;
    }
    char c = s.charAt(0);
    return c == 'm' || c == 'f' || c == 'n' ? String.valueOf(c) : null;
  }

  /**
   * db: {@code YYYYMMDD} from {@code YYYYMMDD}, {@code YYYY-MM-DD} or {@code YYYY/MM/DD} (month and
   * day may be one digit with separators). Impossible dates and other formats are omitted: a wrong
   * guess between DD/MM and MM/DD would silently mismatch.
   */
  public static String dateOfBirth(String raw) {
    String s = clean(raw);
    if (s == null) {
      return null;
    }
    int year;
    int month;
    int day;
    Matcher m = DOB_COMPACT.matcher(s);
    if (m.matches()) {
      year = Integer.parseInt(m.group(1));
      month = Integer.parseInt(m.group(2));
      day = Integer.parseInt(m.group(3));
    } else {
      m = DOB_SEPARATED.matcher(s);
      if (!m.matches()) {
        return null;
      }
      year = Integer.parseInt(m.group(1));
      month = Integer.parseInt(m.group(3));
      day = Integer.parseInt(m.group(4));
    }
    try {
      LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
    return String.format(Locale.ROOT, "%04d%02d%02d", year, month, day);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String countryKey(String s) {
    String folded = Normalizer.normalize(s, Normalizer.Form.NFD);
    folded = MARKS.matcher(folded).replaceAll("").toLowerCase(Locale.ROOT).replace("&", "and");
    return NOT_ASCII_LETTER.matcher(folded).replaceAll("");
  }

  private static void buildCountryIndex() {
    for (String code : Locale.getISOCountries()) {
      String lower = code.toLowerCase(Locale.ROOT);
      ISO_COUNTRIES.add(lower);
      Locale locale = new Locale("", code);
      try {
        COUNTRY_NAMES.putIfAbsent(locale.getISO3Country().toLowerCase(Locale.ROOT), lower);
      } catch (MissingResourceException e) {
        // No alpha-3 known for this code; names still work.
      }
      indexName(locale.getDisplayCountry(Locale.ENGLISH), lower);
    }
    String[][] aliases = {
      {"us", "usa", "unitedstatesofamerica", "america", "us of a", "u.s.a."},
      {"gb", "uk", "greatbritain", "britain", "england", "scotland", "wales", "northernireland"},
      {"de", "deutschland"},
      {"nl", "holland", "thenetherlands"},
      {"kr", "korea", "southkorea", "republicofkorea"},
      {"kp", "northkorea"},
      {"ru", "russianfederation"},
      {"cz", "czechrepublic"},
      {"ci", "ivorycoast"},
      {"tr", "turkey", "turkiye"},
      {"mk", "macedonia"},
      {"sz", "swaziland"},
      {"cv", "capeverde"},
      {"va", "vatican", "holysee"},
      {"ae", "uae"},
      {"cd", "drc", "democraticrepublicofthecongo"},
      {"cg", "republicofthecongo"},
      {"ps", "palestine"},
      {"hk", "hongkong"},
      {"mo", "macau", "macao"},
      {"mm", "burma"},
      {"es", "espana"},
      {"vn", "vietnam"},
      {"la", "laos"},
      {"ir", "iran"},
      {"sy", "syria"},
      {"bo", "bolivia"},
      {"ve", "venezuela"},
      {"tz", "tanzania"},
      {"md", "moldova"},
      {"tw", "taiwan"},
      {"bn", "brunei"},
    };
    for (String[] row : aliases) {
      for (int i = 1; i < row.length; i++) {
        COUNTRY_NAMES.putIfAbsent(countryKey(row[i]), row[0]);
      }
    }
  }

  /** "Myanmar (Burma)" is indexed whole and as "Myanmar" and "Burma"; "St." also as "Saint". */
  private static void indexName(String displayName, String code) {
    if (displayName == null || displayName.isBlank()) {
      return;
    }
    COUNTRY_NAMES.putIfAbsent(countryKey(displayName), code);
    int paren = displayName.indexOf('(');
    if (paren > 0) {
      COUNTRY_NAMES.putIfAbsent(countryKey(displayName.substring(0, paren)), code);
      COUNTRY_NAMES.putIfAbsent(countryKey(displayName.substring(paren)), code);
    }
    if (displayName.startsWith("St. ")) {
      COUNTRY_NAMES.putIfAbsent(countryKey("Saint " + displayName.substring(4)), code);
    }
    // CLDR says "Hong Kong SAR China"; people say "Hong Kong".
    if (displayName.contains(" SAR ")) {
      COUNTRY_NAMES.putIfAbsent(
          countryKey(displayName.substring(0, displayName.indexOf(" SAR "))), code);
    }
  }

  private static Map<String, String> usStates() {
    String[][] states = {
      {"al", "Alabama"},
      {"ak", "Alaska"},
      {"az", "Arizona"},
      {"ar", "Arkansas"},
      {"ca", "California"},
      {"co", "Colorado"},
      {"ct", "Connecticut"},
      {"de", "Delaware"},
      {"fl", "Florida"},
      {"ga", "Georgia"},
      {"hi", "Hawaii"},
      {"id", "Idaho"},
      {"il", "Illinois"},
      {"in", "Indiana"},
      {"ia", "Iowa"},
      {"ks", "Kansas"},
      {"ky", "Kentucky"},
      {"la", "Louisiana"},
      {"me", "Maine"},
      {"md", "Maryland"},
      {"ma", "Massachusetts"},
      {"mi", "Michigan"},
      {"mn", "Minnesota"},
      {"ms", "Mississippi"},
      {"mo", "Missouri"},
      {"mt", "Montana"},
      {"ne", "Nebraska"},
      {"nv", "Nevada"},
      {"nh", "New Hampshire"},
      {"nj", "New Jersey"},
      {"nm", "New Mexico"},
      {"ny", "New York"},
      {"nc", "North Carolina"},
      {"nd", "North Dakota"},
      {"oh", "Ohio"},
      {"ok", "Oklahoma"},
      {"or", "Oregon"},
      {"pa", "Pennsylvania"},
      {"ri", "Rhode Island"},
      {"sc", "South Carolina"},
      {"sd", "South Dakota"},
      {"tn", "Tennessee"},
      {"tx", "Texas"},
      {"ut", "Utah"},
      {"vt", "Vermont"},
      {"va", "Virginia"},
      {"wa", "Washington"},
      {"wv", "West Virginia"},
      {"wi", "Wisconsin"},
      {"wy", "Wyoming"},
      {"dc", "District of Columbia"},
      {"dc", "Washington DC"},
      {"dc", "Washington D.C."},
      {"as", "American Samoa"},
      {"gu", "Guam"},
      {"mp", "Northern Mariana Islands"},
      {"pr", "Puerto Rico"},
      {"vi", "U.S. Virgin Islands"},
      {"vi", "US Virgin Islands"},
      {"vi", "Virgin Islands"},
    };
    Map<String, String> map = new HashMap<>();
    for (String[] row : states) {
      String key = NOT_LETTER_OR_DIGIT.matcher(row[1].toLowerCase(Locale.ROOT)).replaceAll("");
      map.put(key, row[0]);
    }
    return Map.copyOf(map);
  }
}
