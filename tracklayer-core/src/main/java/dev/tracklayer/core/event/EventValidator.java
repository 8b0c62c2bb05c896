package dev.tracklayer.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates a raw request body against trackEventSchema and binds it to a {@link TrackEvent},
 * reporting every field error at once so a client fixes its payload in one round trip.
 *
 * <p>Choices beyond the API reference:
 *
 * <ul>
 *   <li>event_id is optional here (Meta and TikTok accept events without one); the gateway must
 *       assign one before enqueueing, because dedup and the 202 response need it.
 *   <li>merchant_id is optional unless the caller says otherwise: the server endpoint takes it from
 *       the API key, the browser endpoint requires it. It is bound lower-cased.
 *   <li>currency is case-insensitive (the pixel and many SDKs send {@code usd}) and bound
 *       upper-cased; it is required whenever value is present, because a value without a currency
 *       is meaningless and Meta rejects Purchase events without one.
 *   <li>value and prices must be JSON numbers (a string "9.99" is a client bug worth surfacing) and
 *       fit the ClickHouse column Decimal(18, 4).
 *   <li>Identifier-like fields (ids, phone, zip) also accept JSON integers, bound as their decimal
 *       text: shops commonly send numeric order and customer ids.
 *   <li>Blank optional user_data strings are treated as absent, as the user_data contract says.
 *   <li>attribution's touches need all of param (a known click id parameter), value and at; at is
 *       unix seconds from 2000 up to 10 minutes ahead (milliseconds are refused with a hint). Click
 *       ids are opaque: any non-blank string up to 500 characters. An empty attribution is absent.
 *   <li>received_at, api_key_id, ingest_ip, ingest_user_agent, platforms and replay_of are pipeline
 *       fields: silently dropped from client bodies, like any unknown property.
 * </ul>
 */
public final class EventValidator {

  public static final int MAX_EVENT_ID = 128;
  public static final int MAX_EVENT_NAME = 64;
  public static final int MAX_STRING = 256;
  public static final int MAX_URL = 2048;
  public static final int MAX_USER_AGENT = 1024;
  public static final int MAX_BROWSER_ID = 512;
  public static final int MAX_CLICK_ID = 500;
  public static final int MAX_ITEM_ID = 128;
  public static final int MAX_ITEMS = 200;
  public static final int MAX_EXTERNAL_IDS = 20;
  public static final int MIN_QUANTITY = 1;
  public static final int MAX_QUANTITY = 10_000;
  public static final Duration MAX_FUTURE = Duration.ofMinutes(10);
  public static final Duration MAX_AGE = Duration.ofDays(90);

  /** 2000-01-01T00:00:00Z: no ad click in attribution is older. */
  public static final long MIN_TOUCH_TIME = 946_684_800L;

  /** Largest value Decimal(18, 4) holds. */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999.9999");

  /** A double's shortest decimal form, such as 0.30000000000000004, has at most 17. */
  public static final int MAX_DECIMAL_PLACES = 18;

  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s\\p{Cntrl}]+$");
  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:][0-9A-Fa-f:.]*$");
  private static final Pattern CURRENCY_SHAPE = Pattern.compile("^[A-Za-z]{3}$");
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  /** Seconds above this are almost certainly milliseconds (year 5138 in seconds). */
  private static final long LOOKS_LIKE_MILLIS = 100_000_000_000L;

  private final Clock clock;

  public EventValidator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Validates a body whose merchant_id is optional (server endpoint: it comes from the key). */
  public ValidationResult validate(JsonNode body) {
    return validate(body, false);
  }

  /**
   * @param merchantIdRequired true for the browser endpoint, which has no API key
   */
  public ValidationResult validate(JsonNode body, boolean merchantIdRequired) {
    Run run = new Run();
    if (body == null || !body.isObject()) {
      run.error(FieldError.INVALID_TYPE, "$", "request body must be a JSON object");
      return new ValidationResult(null, run.errors);
    }
    TrackEvent event = new TrackEvent();
    event.eventId = eventId(run, body.get("event_id"));
    event.eventName = eventName(run, body.get("event_name"));
    event.eventTime = eventTime(run, body.get("event_time"));
    event.merchantId = merchantId(run, body.get("merchant_id"), merchantIdRequired);
    event.source = source(run, body.get("source"));
    event.userData = userData(run, body.get("user_data"));
    event.value = amount(run, body.get("value"), "$.value");
    // Required whenever a value was sent, valid or not: every error comes back at once.
    event.currency = currency(run, body.get("currency"), !absent(body.get("value")));
    event.orderId = optional(idString(run, body.get("order_id"), "$.order_id", MAX_STRING));
    event.items = items(run, body.get("items"));
    event.eventSourceUrl = url(run, body.get("event_source_url"));
    event.consent = consent(run, body.get("consent"));
    event.attribution = attribution(run, body.get("attribution"));
    return run.errors.isEmpty()
        ? new ValidationResult(event, List.of())
        : new ValidationResult(null, run.errors);
  }

  private static final class Run {
    final List<FieldError> errors = new ArrayList<>();

    void error(String code, String path, String message) {
      errors.add(new FieldError(code, path, message));
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String eventId(Run run, JsonNode node) {
    String path = "$.event_id";
    if (absent(node)) {
      return null;
    }
    String s = textOrInteger(run, node, path);
    if (s == null) {
      return null;
    }
    if (s.isEmpty()) {
      run.error(FieldError.TOO_SHORT, path, "must be 1-" + MAX_EVENT_ID + " characters");
      return null;
    }
    if (s.isBlank()) {
      run.error(FieldError.INVALID_FORMAT, path, "must not be blank");
      return null;
    }
    if (length(s) > MAX_EVENT_ID) {
      run.error(FieldError.TOO_LONG, path, "must be at most " + MAX_EVENT_ID + " characters");
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        run.error(FieldError.INVALID_FORMAT, path, "must contain printable ASCII characters only");
        return null;
      }
    }
    return s;
  }

  private static String eventName(Run run, JsonNode node) {
    String path = "$.event_name";
    if (absent(node)) {
      run.error(FieldError.REQUIRED, path, "is required");
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    String s = node.textValue();
    if (s.isBlank()) {
      run.error(FieldError.REQUIRED, path, "must not be blank");
      return null;
    }
    if (length(s) > MAX_EVENT_NAME) {
      run.error(FieldError.TOO_LONG, path, "must be at most " + MAX_EVENT_NAME + " characters");
      return null;
    }
    if (hasControlChars(s)) {
      run.error(FieldError.INVALID_FORMAT, path, "must not contain control characters");
      return null;
    }
    return s;
  }

  private Long eventTime(Run run, JsonNode node) {
    String path = "$.event_time";
    if (absent(node)) {
      run.error(FieldError.REQUIRED, path, "is required");
      return null;
    }
    if (!node.isIntegralNumber()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an integer (unix seconds)");
      return null;
    }
    long now = clock.instant().getEpochSecond();
    long latest = now + MAX_FUTURE.toSeconds();
    long earliest = now - MAX_AGE.toSeconds();
    if (!node.canConvertToLong()) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be unix seconds within the last 90 days");
      return null;
    }
    if (node.longValue() > latest) {
      String hint =
          node.longValue() > LOOKS_LIKE_MILLIS ? " (looks like milliseconds; send seconds)" : "";
      run.error(
          FieldError.OUT_OF_RANGE, path, "must not be more than 10 minutes in the future" + hint);
      return null;
    }
    if (node.longValue() < earliest) {
      run.error(FieldError.OUT_OF_RANGE, path, "must not be more than 90 days in the past");
      return null;
    }
    return node.longValue();
  }

  private static String merchantId(Run run, JsonNode node, boolean required) {
    String path = "$.merchant_id";
    if (absent(node)) {
      if (required) {
        run.error(FieldError.REQUIRED, path, "is required");
      }
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    if (!UUID.matcher(node.textValue()).matches()) {
      run.error(FieldError.INVALID_FORMAT, path, "must be a UUID");
      return null;
    }
    return node.textValue().toLowerCase(Locale.ROOT);
  }

  private static String source(Run run, JsonNode node) {
    String path = "$.source";
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    if (!TrackEvent.SOURCES.contains(node.textValue())) {
      run.error(
          FieldError.INVALID_VALUE, path, "must be one of server, browser, app, offline, replay");
      return null;
    }
    return node.textValue();
  }

  private static BigDecimal amount(Run run, JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isNumber()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a number");
      return null;
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be a finite number");
      return null;
    }
    BigDecimal d = node.decimalValue();
    if (d.signum() < 0) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be at least 0");
      return null;
    }
    if (d.compareTo(MAX_AMOUNT) > 0) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be at most " + MAX_AMOUNT.toPlainString());
      return null;
    }
    if (d.signum() == 0) {
      return BigDecimal.ZERO; // 0E-10000 is 0, but written plainly it would be 10,000 zeros
    }
    if (d.scale() < 0) {
      return d.setScale(0); // 5E+2 is 500: written plainly downstream, as every amount is
    }
    // More places than any currency or price needs; 1e-10000 could not even be written plainly.
    if (d.scale() > MAX_DECIMAL_PLACES) {
      if (d.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
        run.error(
            FieldError.OUT_OF_RANGE,
            path,
            "must have at most " + MAX_DECIMAL_PLACES + " decimal places");
        return null;
      }
      // 1.000… with hundreds of zeros is 1: exact at 18 places, not written out in full.
      return d.setScale(MAX_DECIMAL_PLACES);
    }
    return d;
  }

  private static String currency(Run run, JsonNode node, boolean valuePresent) {
    String path = "$.currency";
    if (absent(node)) {
      if (valuePresent) {
        run.error(FieldError.REQUIRED, path, "is required when value is present");
      }
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    String s = node.textValue();
    String upper = s.toUpperCase(Locale.ROOT);
    if (!CURRENCY_SHAPE.matcher(s).matches() || !CURRENCIES.contains(upper)) {
      run.error(FieldError.INVALID_FORMAT, path, "must be an ISO 4217 currency code");
      return null;
    }
    return upper;
  }

  private static List<Item> items(Run run, JsonNode node) {
    String path = "$.items";
    if (absent(node)) {
      return null;
    }
    if (!node.isArray()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an array");
      return null;
    }
    if (node.size() > MAX_ITEMS) {
      run.error(FieldError.TOO_MANY, path, "must have at most " + MAX_ITEMS + " items");
    }
    // Elements past the cap are not inspected: the request fails anyway and the work is bounded.
    int n = Math.min(node.size(), MAX_ITEMS);
    List<Item> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String itemPath = path + "[" + i + "]";
      JsonNode el = node.get(i);
      if (el == null || !el.isObject()) {
        run.error(FieldError.INVALID_TYPE, itemPath, "must be an object");
        continue;
      }
      Item item = new Item();
      JsonNode id = el.get("id");
      if (absent(id) || (id.isTextual() && id.textValue().isBlank())) {
        run.error(FieldError.REQUIRED, itemPath + ".id", "is required");
      } else {
        item.id = idString(run, id, itemPath + ".id", MAX_ITEM_ID);
      }
      item.quantity = quantity(run, el.get("quantity"), itemPath + ".quantity");
      item.price = amount(run, el.get("price"), itemPath + ".price");
      items.add(item);
    }
    return items;
  }

  private static Integer quantity(Run run, JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an integer");
      return null;
    }
    if (!node.canConvertToInt()
        || node.intValue() < MIN_QUANTITY
        || node.intValue() > MAX_QUANTITY) {
      run.error(
          FieldError.OUT_OF_RANGE,
          path,
          "must be between " + MIN_QUANTITY + " and " + MAX_QUANTITY);
      return null;
    }
    return node.intValue();
  }

  private static String url(Run run, JsonNode node) {
    String path = "$.event_source_url";
    String s = string(run, node, path, MAX_URL);
    if (s == null || s.isBlank()) {
      return null;
    }
    if (!URL.matcher(s).matches()) {
      run.error(FieldError.INVALID_FORMAT, path, "must be an absolute URL");
      return null;
    }
    return s;
  }

  private static Consent consent(Run run, JsonNode node) {
    final String path = "$.consent"; // constant, like the paths built from it
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an object");
      return null;
    }
    return new Consent(
        bool(run, node.get("marketing"), path + ".marketing"),
        bool(run, node.get("analytics"), path + ".analytics"));
  }

  private Attribution attribution(Run run, JsonNode node) {
    final String path = "$.attribution"; // constant, like the paths built from it
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an object");
      return null;
    }
    Touch first = touch(run, node.get("first_touch"), path + ".first_touch");
    Touch last = touch(run, node.get("last_touch"), path + ".last_touch");
    return first == null && last == null ? null : new Attribution(first, last);
  }

  private Touch touch(Run run, JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an object");
      return null;
    }
    return new Touch(
        clickIdParam(run, node.get("param"), path + ".param"),
        clickId(run, node.get("value"), path + ".value"),
        touchTime(run, node.get("at"), path + ".at"));
  }

  private static String clickIdParam(Run run, JsonNode node, String path) {
    if (absent(node)) {
      run.error(FieldError.REQUIRED, path, "is required");
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    if (!ClickIds.PARAMS.contains(node.textValue())) {
      run.error(
          FieldError.INVALID_VALUE, path, "must be one of " + String.join(", ", ClickIds.PARAMS));
      return null;
    }
    return node.textValue();
  }

  private static String clickId(Run run, JsonNode node, String path) {
    if (absent(node)) {
      run.error(FieldError.REQUIRED, path, "is required");
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    if (node.textValue().isBlank()) {
      run.error(FieldError.REQUIRED, path, "must not be blank");
      return null;
    }
    return capped(run, node.textValue(), path, MAX_CLICK_ID);
  }

  private Long touchTime(Run run, JsonNode node, String path) {
    if (absent(node)) {
      run.error(FieldError.REQUIRED, path, "is required");
      return null;
    }
    if (!node.isIntegralNumber()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an integer (unix seconds)");
      return null;
    }
    if (!node.canConvertToLong()) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be unix seconds from the year 2000 on");
      return null;
    }
    long at = node.longValue();
    if (at > clock.instant().getEpochSecond() + MAX_FUTURE.toSeconds()) {
      String hint = at > LOOKS_LIKE_MILLIS ? " (looks like milliseconds; send seconds)" : "";
      run.error(
          FieldError.OUT_OF_RANGE, path, "must not be more than 10 minutes in the future" + hint);
      return null;
    }
    if (at < MIN_TOUCH_TIME) {
      run.error(FieldError.OUT_OF_RANGE, path, "must be unix seconds from the year 2000 on");
      return null;
    }
    return at;
  }

  private static Boolean bool(Run run, JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isBoolean()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a boolean");
      return null;
    }
    return node.booleanValue();
  }

  private static UserData userData(Run run, JsonNode node) {
    // final: a constant, so the ~20 field paths below are compile-time constants rather than
    // strings built for every event (they are read only to report an error).
    final String p = "$.user_data";
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      run.error(FieldError.INVALID_TYPE, p, "must be an object");
      return null;
    }
    UserData u = new UserData();
    u.email = optional(string(run, node.get("email"), p + ".email", MAX_STRING));
    u.phone = optional(idString(run, node.get("phone"), p + ".phone", MAX_STRING));
    u.gender = optional(string(run, node.get("gender"), p + ".gender", MAX_STRING));
    u.dateOfBirth =
        optional(idString(run, node.get("date_of_birth"), p + ".date_of_birth", MAX_STRING));
    u.firstName = optional(string(run, node.get("first_name"), p + ".first_name", MAX_STRING));
    u.lastName = optional(string(run, node.get("last_name"), p + ".last_name", MAX_STRING));
    u.city = optional(string(run, node.get("city"), p + ".city", MAX_STRING));
    u.state = optional(string(run, node.get("state"), p + ".state", MAX_STRING));
    u.zip = optional(idString(run, node.get("zip"), p + ".zip", MAX_STRING));
    u.postalCode = optional(idString(run, node.get("postal_code"), p + ".postal_code", MAX_STRING));
    u.country = optional(string(run, node.get("country"), p + ".country", MAX_STRING));
    u.customerId = optional(idString(run, node.get("customer_id"), p + ".customer_id", MAX_STRING));
    u.externalIds = externalIds(run, node.get("external_ids"), p + ".external_ids");
    u.clientIp = ip(run, node.get("client_ip"), p + ".client_ip");
    u.ip = ip(run, node.get("ip"), p + ".ip");
    u.userAgent = optional(string(run, node.get("user_agent"), p + ".user_agent", MAX_USER_AGENT));
    u.browserIds = browserIds(run, node.get("browser_ids"), p + ".browser_ids");
    u.madid = optional(string(run, node.get("madid"), p + ".madid", MAX_STRING));
    u.fbLoginId = optional(idString(run, node.get("fb_login_id"), p + ".fb_login_id", MAX_STRING));
    u.subscriptionId =
        optional(idString(run, node.get("subscription_id"), p + ".subscription_id", MAX_STRING));
    u.leadId = optional(idString(run, node.get("lead_id"), p + ".lead_id", MAX_STRING));
    u.anonId = optional(string(run, node.get("anon_id"), p + ".anon_id", MAX_STRING));
    u.ctwaClid = optional(string(run, node.get("ctwa_clid"), p + ".ctwa_clid", MAX_STRING));
    return u;
  }

  private static BrowserIds browserIds(Run run, JsonNode node, String p) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      run.error(FieldError.INVALID_TYPE, p, "must be an object");
      return null;
    }
    BrowserIds b = new BrowserIds();
    b.fbp = browserId(run, node, p, "fbp");
    b.fbc = browserId(run, node, p, "fbc");
    b.ttp = browserId(run, node, p, "ttp");
    b.ttclid = browserId(run, node, p, "ttclid");
    b.gclid = browserId(run, node, p, "gclid");
    b.gbraid = browserId(run, node, p, "gbraid");
    b.wbraid = browserId(run, node, p, "wbraid");
    b.msclkid = browserId(run, node, p, "msclkid");
    b.scClickId = browserId(run, node, p, "sc_click_id");
    b.epik = browserId(run, node, p, "epik");
    b.rdtCid = browserId(run, node, p, "rdt_cid");
    b.liFatId = browserId(run, node, p, "li_fat_id");
    b.twclid = browserId(run, node, p, "twclid");
    return b;
  }

  private static String browserId(Run run, JsonNode parent, String p, String field) {
    JsonNode value = parent.get(field);
    // Most of the thirteen are absent, and the path is only for an error message.
    return value == null ? null : optional(string(run, value, p + "." + field, MAX_BROWSER_ID));
  }

  private static List<String> externalIds(Run run, JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isArray()) {
      run.error(FieldError.INVALID_TYPE, path, "must be an array of strings");
      return null;
    }
    if (node.size() > MAX_EXTERNAL_IDS) {
      run.error(FieldError.TOO_MANY, path, "must have at most " + MAX_EXTERNAL_IDS + " values");
      return null;
    }
    List<String> ids = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode el = node.get(i);
      String elPath = path + "[" + i + "]";
      if (absent(el)) {
        continue; // nulls are omitted, as blanks are (the user_data contract)
      }
      String s = optional(idString(run, el, elPath, MAX_STRING));
      if (s != null) {
        ids.add(s);
      }
    }
    return ids;
  }

  private static String ip(Run run, JsonNode node, String path) {
    String s = optional(string(run, node, path, MAX_STRING));
    if (s == null) {
      return null;
    }
    if (!isIpLiteral(s)) {
      run.error(FieldError.INVALID_FORMAT, path, "must be an IPv4 or IPv6 address");
      return null;
    }
    return s;
  }

  /** Literal check only; never resolves a name. */
  static boolean isIpLiteral(String s) {
    if (IPV4.matcher(s).matches()) {
      return true;
    }
    // Starting with a hex digit or ':' and containing ':', InetAddress parses it as an IPv6
    // literal or throws; it never falls through to a DNS lookup.
    if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(s);
      return true;
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }

  /** A string field: any JSON string up to {@code max} code points. */
  private static String string(Run run, JsonNode node, String path, int max) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      run.error(FieldError.INVALID_TYPE, path, "must be a string");
      return null;
    }
    return capped(run, node.textValue(), path, max);
  }

  /** An identifier: a JSON string, or an integer taken as its decimal text. */
  private static String idString(Run run, JsonNode node, String path, int max) {
    if (absent(node)) {
      return null;
    }
    String s = textOrInteger(run, node, path);
    return s == null ? null : capped(run, s, path, max);
  }

  private static String textOrInteger(Run run, JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    run.error(FieldError.INVALID_TYPE, path, "must be a string");
    return null;
  }

  private static String capped(Run run, String s, String path, int max) {
    if (length(s) > max) {
      run.error(FieldError.TOO_LONG, path, "must be at most " + max + " characters");
      return null;
    }
    return s;
  }

  private static String optional(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static boolean hasControlChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
