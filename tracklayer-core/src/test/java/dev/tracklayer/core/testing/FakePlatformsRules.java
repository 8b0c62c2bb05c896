package dev.tracklayer.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.destinations.WebhookAdapter;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.identity.Sha256;
import dev.tracklayer.core.testing.FakePlatforms.Answer;
import dev.tracklayer.core.testing.FakePlatforms.Received;
import dev.tracklayer.core.testing.FakePlatforms.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each fake platform judges a request: the checks the real API makes (as its docs describe
 * them) and its real success and error bodies. Written independently of the adapters, from the
 * platforms' documentation, so a test passing against the fake means the adapter matches the docs,
 * not merely itself.
 */
final class FakePlatformsRules {

  private static final Pattern META = Pattern.compile("^/v\\d+\\.\\d+/([^/]+)/events$");
  private static final Pattern GOOGLE_ADS =
      Pattern.compile("^/v\\d+/customers/(\\d+):uploadClickConversions$");
  private static final Pattern SNAPCHAT = Pattern.compile("^/v3/([^/]+)/events$");
  private static final Pattern PINTEREST = Pattern.compile("^/v5/ad_accounts/(\\d+)/events$");
  private static final Pattern REDDIT =
      Pattern.compile("^/api/v3/pixels/([^/]+)/conversion_events$");
  private static final Pattern X = Pattern.compile("^/\\d+/measurement/conversions/([^/]+)$");
  private static final Pattern MICROSOFT = Pattern.compile("^/v1/([^/]+)/events$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

  private static final Duration SKEW = Duration.ofMinutes(1);

  volatile String webhookSecret = "whsec_test";
  volatile String xConsumerSecret;
  volatile String xTokenSecret;
  private final Set<String> googleTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokenSerial = new AtomicInteger();

  /** Event ids Reddit's validation refuses (with the message), beyond what the rules check. */
  final Map<String, String> redditRefused = new ConcurrentHashMap<>();

  void reset() {
    webhookSecret = "whsec_test";
    xConsumerSecret = null;
    xTokenSecret = null;
    googleTokens.clear();
    redditRefused.clear();
  }

  /** Which fake answers a path: the first route whose pattern matches the whole path. */
  private static final List<Map.Entry<Pattern, String>> ROUTES =
      List.of(
          Map.entry(META, "meta"),
          Map.entry(exact("/open_api/v1.3/event/track/"), "tiktok"),
          Map.entry(Pattern.compile("(/debug)?/mp/collect"), "ga4"),
          Map.entry(GOOGLE_ADS, "google_ads"),
          Map.entry(exact("/token"), "google_oauth"),
          Map.entry(SNAPCHAT, "snapchat"),
          Map.entry(PINTEREST, "pinterest"),
          Map.entry(REDDIT, "reddit"),
          Map.entry(exact("/rest/conversionEvents"), "linkedin"),
          Map.entry(X, "x"),
          Map.entry(MICROSOFT, "microsoft"),
          Map.entry(exact("/api/events"), "klaviyo"),
          Map.entry(Pattern.compile("/webhook(/.*)?", Pattern.DOTALL), "webhook"));

  static String platformOf(String path) {
    for (Map.Entry<Pattern, String> route : ROUTES) {
      if (route.getKey().matcher(path).matches()) {
        return route.getValue();
      }
    }
    return null;
  }

  private static Pattern exact(String path) {
    return Pattern.compile(Pattern.quote(path));
  }

  Answer answer(Request r) {
    if (!"POST".equals(r.method())) {
      return Answer.of(405, "{\"error\":\"method not allowed\"}");
    }
    return switch (r.platform()) {
      case "meta" -> meta(r);
      case "tiktok" -> tiktok(r);
      case "ga4" -> ga4(r);
      case "google_oauth" -> googleToken(r);
      case "google_ads" -> googleAds(r);
      case "snapchat" -> snapchat(r);
      case "pinterest" -> pinterest(r);
      case "reddit" -> reddit(r);
      case "linkedin" -> linkedin(r);
      case "x" -> x(r);
      case "microsoft" -> microsoft(r);
      case "klaviyo" -> klaviyo(r);
      case "webhook" -> webhook(r);
      default -> Answer.of(404, "{}");
    };
  }

  // ---------------------------------------------------------------- Meta Conversions API

  private static final Set<String> META_HASHED =
      Set.of("em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id");
  private static final Set<String> META_ACTION_SOURCES =
      Set.of(
          "email",
          "website",
          "app",
          "phone_call",
          "chat",
          "physical_store",
          "system_generated",
          "business_messaging",
          "other");

  private Answer meta(Request r) {
    String token = r.query().get("access_token");
    if (!usable(token)) {
      return metaError(
          400,
          "Invalid OAuth access token - Cannot parse access token",
          "OAuthException",
          190,
          0,
          null);
    }
    JsonNode body = r.json();
    JsonNode data = body == null ? null : body.get("data");
    if (!batch(data, 1000)) {
      return metaInvalid(2804016, "The data parameter must be an array of 1 to 1000 events");
    }
    long now = Instant.now().getEpochSecond();
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode ev = data.get(i);
      if (!text(ev, "event_name")) {
        return metaInvalid(2804001, "data[" + i + "].event_name is required");
      }
      if (!ev.path("event_time").canConvertToLong() || !ev.path("event_time").isIntegralNumber()) {
        return metaInvalid(
            2804002, "data[" + i + "].event_time must be a unix timestamp in seconds");
      }
      long t = ev.get("event_time").asLong();
      if (now - t > Duration.ofDays(7).toSeconds()) {
        return metaInvalid(
            2804003,
            "The timestamp for this event is too far in the past. Events must be sent within 7"
                + " days of when they occurred.");
      }
      if (t - now > SKEW.toSeconds()) {
        return metaInvalid(2804004, "The timestamp for this event is in the future.");
      }
      if (!META_ACTION_SOURCES.contains(ev.path("action_source").asText())) {
        return metaInvalid(2804050, "data[" + i + "].action_source is invalid");
      }
      JsonNode user = ev.get("user_data");
      if (user == null || !user.isObject() || user.isEmpty()) {
        return metaInvalid(2804019, "data[" + i + "].user_data is required");
      }
      for (String key : META_HASHED) {
        JsonNode v = user.get(key);
        if (v != null && !hexArray(v)) {
          return metaInvalid(
              2804019, "data[" + i + "].user_data." + key + " must be an array of SHA-256 hashes");
        }
      }
      accepted.add(new Received("meta", ev.path("event_id").asText(null), ev));
    }
    if (text(body, "test_event_code")) {
      accepted.clear();
    }
    ObjectNode ok = Json.mapper().createObjectNode();
    ok.put("events_received", data.size());
    ok.putArray("messages");
    ok.put("fbtrace_id", trace());
    return Answer.accepted(200, ok.toString(), accepted);
  }

  /** Meta's answer to a malformed event: OAuthException 100 with the subcode naming the rule. */
  private static Answer metaInvalid(int subcode, String userMessage) {
    return metaError(400, "Invalid parameter", "OAuthException", 100, subcode, userMessage);
  }

  private static Answer metaError(
      int status, String message, String type, int code, int subcode, String userMessage) {
    ObjectNode error = Json.mapper().createObjectNode();
    ObjectNode e = error.putObject("error");
    e.put("message", message);
    e.put("type", type);
    e.put("code", code);
    if (subcode != 0) {
      e.put("error_subcode", subcode);
    }
    e.put("is_transient", false);
    if (userMessage != null) {
      e.put("error_user_title", "Invalid parameter");
      e.put("error_user_msg", userMessage);
    }
    e.put("fbtrace_id", trace());
    return Answer.of(status, error.toString());
  }

  // ---------------------------------------------------------------- TikTok Events API 2.0

  private Answer tiktok(Request r) {
    String token = r.header("access-token");
    if (!usable(token)) {
      return tiktokCode(40105, "The access token is invalid or has been revoked.");
    }
    JsonNode body = r.json();
    if (body == null) {
      return tiktokCode(40002, "Invalid request body");
    }
    if (!Set.of("web", "app", "offline", "crm").contains(body.path("event_source").asText())) {
      return tiktokCode(40002, "event_source: invalid value");
    }
    if (!text(body, "event_source_id")) {
      return tiktokCode(40002, "event_source_id: Missing data for required field.");
    }
    JsonNode data = body.get("data");
    if (!batch(data, 1000)) {
      return tiktokCode(40002, "data: must contain 1 to 1000 events");
    }
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode ev = data.get(i);
      if (!text(ev, "event")) {
        return tiktokCode(40002, "data[" + i + "].event: Missing data for required field.");
      }
      if (!ev.path("event_time").isIntegralNumber()
          || ev.get("event_time").asLong() > Instant.now().getEpochSecond() + SKEW.toSeconds()) {
        return tiktokCode(
            40002, "data[" + i + "].event_time: must be unix seconds, not in the future");
      }
      JsonNode user = ev.path("user");
      for (String key : List.of("email", "phone", "external_id")) {
        JsonNode v = user.get(key);
        if (v != null && !(hex(v) || hexArray(v))) {
          return tiktokCode(40002, "data[" + i + "].user." + key + ": must be SHA-256 hashed");
        }
      }
      accepted.add(new Received("tiktok", ev.path("event_id").asText(null), ev));
    }
    if (text(body, "test_event_code")) {
      accepted.clear();
    }
    return Answer.accepted(
        200,
        "{\"code\":0,\"message\":\"OK\",\"request_id\":\"" + trace() + "\",\"data\":{}}",
        accepted);
  }

  private static Answer tiktokCode(int code, String message) {
    ObjectNode b = Json.mapper().createObjectNode();
    b.put("code", code);
    b.put("message", message);
    b.put("request_id", trace());
    b.putObject("data");
    return Answer.of(200, b.toString());
  }

  // ---------------------------------------------------------------- GA4 Measurement Protocol

  private static final Pattern GA4_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,39}$");

  /**
   * /mp/collect answers 204 to everything, as Google's does, but records only valid payloads;
   * /debug/mp/collect answers with validationMessages.
   */
  private Answer ga4(Request r) {
    boolean debug = r.path().startsWith("/debug");
    List<String> problems = new ArrayList<>();
    if (!text(r.query(), "measurement_id") || !text(r.query(), "api_secret")) {
      problems.add("measurement_id and api_secret are required");
    }
    JsonNode body = r.json();
    List<Received> accepted = new ArrayList<>();
    if (body == null) {
      problems.add("body is not JSON");
    } else {
      if (!text(body, "client_id")) {
        problems.add("client_id is required");
      }
      JsonNode ts = body.get("timestamp_micros");
      if (ts != null) {
        long micros = ts.asLong();
        long now = Instant.now().toEpochMilli() * 1000;
        if (now - micros > Duration.ofHours(72).toNanos() / 1000 || micros - now > 60_000_000L) {
          problems.add("timestamp_micros is outside the last 72 hours");
        }
      }
      for (Map.Entry<String, JsonNode> e : fields(body.path("user_data"))) {
        if (e.getKey().startsWith("sha256_") && !hex(e.getValue()) && !hexArray(e.getValue())) {
          problems.add("user_data." + e.getKey() + " must be a SHA-256 hash");
        }
      }
      JsonNode events = body.get("events");
      if (!batch(events, 25)) {
        problems.add("events must hold 1 to 25 events");
      } else {
        for (JsonNode ev : events) {
          if (!GA4_NAME.matcher(ev.path("name").asText()).matches()) {
            problems.add("event name " + ev.path("name").asText() + " is invalid");
          }
          accepted.add(new Received("ga4", ev.path("params").path("event_id").asText(null), ev));
        }
      }
    }
    if (debug) {
      ArrayNode messages = Json.mapper().createArrayNode();
      for (String p : problems) {
        messages
            .addObject()
            .put("fieldPath", "")
            .put("description", p)
            .put("validationCode", "VALUE_INVALID");
      }
      ObjectNode b = Json.mapper().createObjectNode();
      b.set("validationMessages", messages);
      return Answer.of(200, b.toString());
    }
    return problems.isEmpty() ? Answer.accepted(204, "", accepted) : Answer.of(204, "");
  }

  // ---------------------------------------------------------------- Google OAuth and Google Ads

  private Answer googleToken(Request r) {
    Map<String, String> form = form(r.body());
    if (!"refresh_token".equals(form.get("grant_type"))) {
      return Answer.of(
          400,
          "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type\"}");
    }
    if (!text(form, "client_id")
        || !text(form, "client_secret")
        || "bad".equals(form.get("client_secret"))) {
      return Answer.of(
          401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}");
    }
    if (!text(form, "refresh_token") || "revoked".equals(form.get("refresh_token"))) {
      return Answer.of(
          400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");
    }
    String token = "ya29.fake-" + tokenSerial.incrementAndGet();
    googleTokens.add(token);
    return Answer.of(
        200,
        "{\"access_token\":\""
            + token
            + "\",\"expires_in\":3599,"
            + "\"scope\":\"https://www.googleapis.com/auth/adwords\",\"token_type\":\"Bearer\"}");
  }

  /** Forget issued Google tokens, as if they had expired. */
  void expireGoogleTokens() {
    googleTokens.clear();
  }

  private static final String GOOGLE_ADS_FAILURE =
      "type.googleapis.com/google.ads.googleads.v24.errors.GoogleAdsFailure";

  private static final Pattern GOOGLE_DATE_TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$");

  private Answer googleAds(Request r) {
    Matcher m = GOOGLE_ADS.matcher(r.path());
    m.matches();
    String customer = m.group(1);
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !googleTokens.contains(auth.substring(7))) {
      return Answer.of(
          401,
          "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials."
              + " Expected OAuth 2 access token.\",\"status\":\"UNAUTHENTICATED\"}}");
    }
    if (!text(r.headers(), "developer-token")) {
      return googleFailure(
          400,
          "INVALID_ARGUMENT",
          "authenticationError",
          "DEVELOPER_TOKEN_PARAMETER_MISSING",
          "The developer token is not set.",
          -1);
    }
    JsonNode body = r.json();
    JsonNode conversions = body == null ? null : body.get("conversions");
    if (!batch(conversions, 2000)) {
      return googleFailure(
          400,
          "INVALID_ARGUMENT",
          "requestError",
          "INVALID_INPUT",
          "conversions must hold 1 to 2000 conversions.",
          -1);
    }
    boolean partial = body.path("partialFailure").asBoolean(false);
    boolean validateOnly = body.path("validateOnly").asBoolean(false);
    Pattern action = Pattern.compile("^customers/" + customer + "/conversionActions/\\d+$");
    ArrayNode results = Json.mapper().createArrayNode();
    ArrayNode errors = Json.mapper().createArrayNode();
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < conversions.size(); i++) {
      JsonNode c = conversions.get(i);
      String[] problem = googleProblem(c, action);
      if (problem != null) {
        ObjectNode err = errors.addObject();
        err.putObject("errorCode").put(problem[0], problem[1]);
        err.put("message", problem[2]);
        ArrayNode path = err.putObject("location").putArray("fieldPathElements");
        path.addObject().put("fieldName", "conversions").put("index", i);
        results.addObject();
      } else {
        ObjectNode res = results.addObject();
        for (String k : List.of("gclid", "gbraid", "wbraid")) {
          if (c.has(k)) {
            res.put(k, c.get(k).asText());
          }
        }
        res.put("conversionAction", c.path("conversionAction").asText());
        res.put("conversionDateTime", c.path("conversionDateTime").asText());
        accepted.add(new Received("google_ads", c.path("orderId").asText(null), c));
      }
    }
    if (!errors.isEmpty() && !partial) {
      return Answer.of(400, googleFailureBody(400, "INVALID_ARGUMENT", errors, trace()));
    }
    ObjectNode ok = Json.mapper().createObjectNode();
    ok.set("results", results);
    if (!errors.isEmpty()) {
      ObjectNode pf = ok.putObject("partialFailureError");
      pf.put("code", 3);
      pf.put(
          "message",
          errors.get(0).path("message").asText()
              + ", at conversions["
              + errors
                  .get(0)
                  .path("location")
                  .path("fieldPathElements")
                  .get(0)
                  .path("index")
                  .asInt()
              + "]");
      ObjectNode detail = pf.putArray("details").addObject();
      detail.put("@type", GOOGLE_ADS_FAILURE);
      detail.set("errors", errors);
    }
    ok.put("jobId", "1");
    return Answer.accepted(200, ok.toString(), validateOnly ? List.of() : accepted);
  }

  /** {errorCode family, errorCode value, message} or null when the conversion is valid. */
  private static String[] googleProblem(JsonNode c, Pattern action) {
    if (!action.matcher(c.path("conversionAction").asText()).matches()) {
      return new String[] {
        "conversionUploadError",
        "INVALID_CONVERSION_ACTION",
        "The conversion action specified in the upload request cannot be found."
      };
    }
    if (!GOOGLE_DATE_TIME.matcher(c.path("conversionDateTime").asText()).matches()) {
      return new String[] {
        "dateError",
        "INVALID_FIELD_FORMAT",
        "The field's value is not in the expected date time format."
      };
    }
    int clicks = (c.has("gclid") ? 1 : 0) + (c.has("gbraid") ? 1 : 0) + (c.has("wbraid") ? 1 : 0);
    if (clicks > 1) {
      return new String[] {
        "conversionUploadError",
        "GBRAID_WBRAID_BOTH_SET",
        "Only one of gclid, gbraid and wbraid may be set."
      };
    }
    JsonNode ids = c.path("userIdentifiers");
    if (clicks == 0 && (!ids.isArray() || ids.isEmpty())) {
      return new String[] {
        "conversionUploadError",
        "NO_CONVERSION_ACTION_FOUND",
        "A click id or user identifiers are required."
      };
    }
    if (ids.size() > 5) {
      return new String[] {"collectionSizeError", "TOO_MANY", "Too many user identifiers."};
    }
    for (JsonNode id : ids) {
      for (String k : List.of("hashedEmail", "hashedPhoneNumber")) {
        if (id.has(k) && !hex(id.get(k))) {
          return new String[] {
            "conversionUploadError", "INVALID_USER_IDENTIFIER", k + " must be a SHA-256 hash."
          };
        }
      }
      JsonNode address = id.path("addressInfo");
      for (String k : List.of("hashedFirstName", "hashedLastName")) {
        if (address.has(k) && !hex(address.get(k))) {
          return new String[] {
            "conversionUploadError", "INVALID_USER_IDENTIFIER", k + " must be a SHA-256 hash."
          };
        }
      }
    }
    if ("unknown-click".equals(c.path("gclid").asText())) {
      return new String[] {
        "conversionUploadError",
        "CLICK_NOT_FOUND",
        "The click associated with the given identifier or iOS URL parameter was not found."
      };
    }
    return null;
  }

  private static Answer googleFailure(
      int status, String rpcStatus, String family, String code, String message, int index) {
    ArrayNode errors = Json.mapper().createArrayNode();
    ObjectNode err = errors.addObject();
    err.putObject("errorCode").put(family, code);
    err.put("message", message);
    if (index >= 0) {
      err.putObject("location")
          .putArray("fieldPathElements")
          .addObject()
          .put("fieldName", "conversions")
          .put("index", index);
    }
    return Answer.of(status, googleFailureBody(status, rpcStatus, errors, null));
  }

  /** Google Ads' error envelope around GoogleAdsFailure {@code errors}; requestId when given. */
  private static String googleFailureBody(
      int status, String rpcStatus, ArrayNode errors, String requestId) {
    ObjectNode b = Json.mapper().createObjectNode();
    ObjectNode e = b.putObject("error");
    e.put("code", status);
    e.put("message", "Request contains an invalid argument.");
    e.put("status", rpcStatus);
    ObjectNode detail = e.putArray("details").addObject();
    detail.put("@type", GOOGLE_ADS_FAILURE);
    detail.set("errors", errors);
    if (requestId != null) {
      detail.put("requestId", requestId);
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- Snapchat CAPI v3

  private static final Set<String> SNAP_EVENTS =
      Set.of(
          "PAGE_VIEW",
          "VIEW_CONTENT",
          "ADD_CART",
          "ADD_TO_WISHLIST",
          "SIGN_UP",
          "SEARCH",
          "PURCHASE",
          "ADD_BILLING",
          "COMPLETE_TUTORIAL",
          "SUBSCRIBE",
          "AD_CLICK",
          "AD_VIEW",
          "START_CHECKOUT",
          "RATE",
          "LIST_VIEW",
          "ADD_TO_CART",
          "LEVEL_COMPLETE",
          "ACHIEVEMENT_UNLOCKED",
          "SPEND_CREDITS",
          "SAVE",
          "SHARE",
          "INVITE",
          "LOGIN",
          "RESERVE",
          "START_TRIAL",
          "CUSTOM_EVENT_1",
          "CUSTOM_EVENT_2",
          "CUSTOM_EVENT_3",
          "CUSTOM_EVENT_4",
          "CUSTOM_EVENT_5");

  private Answer snapchat(Request r) {
    String token = r.query().get("access_token");
    if (!usable(token)) {
      return Answer.of(401, "{\"status\":\"UNAUTHORIZED\",\"reason\":\"Invalid access token\"}");
    }
    JsonNode data = r.json() == null ? null : r.json().get("data");
    if (!batch(data, 2000)) {
      return snapInvalid("data must hold 1 to 2000 events");
    }
    long now = Instant.now().getEpochSecond();
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode ev = data.get(i);
      if (!SNAP_EVENTS.contains(ev.path("event_name").asText())) {
        return snapInvalid(
            "data[" + i + "].event_name is not a Snap event: " + ev.path("event_name").asText());
      }
      if (!ev.path("event_time").isIntegralNumber()) {
        return snapInvalid("data[" + i + "].event_time must be a unix timestamp");
      }
      long t = ev.get("event_time").asLong();
      if (now - t > Duration.ofDays(37).toSeconds() || t - now > SKEW.toSeconds()) {
        return snapInvalid("data[" + i + "].event_time is outside the last 37 days");
      }
      if (!Set.of("WEB", "MOBILE_APP", "OFFLINE").contains(ev.path("action_source").asText())) {
        return snapInvalid("data[" + i + "].action_source is invalid");
      }
      for (String key : List.of("em", "ph")) {
        JsonNode v = ev.path("user_data").get(key);
        if (v != null && !hexArray(v)) {
          return snapInvalid("data[" + i + "].user_data." + key + " must be SHA-256 hashes");
        }
      }
      accepted.add(new Received("snapchat", ev.path("event_id").asText(null), ev));
    }
    return Answer.accepted(
        200,
        "{\"status\":\"VALID\",\"reason\":\"Events have been processed successfully.\"}",
        accepted);
  }

  private static Answer snapInvalid(String reason) {
    ObjectNode b = Json.mapper().createObjectNode();
    b.put("status", "INVALID");
    b.put("reason", reason);
    return Answer.of(400, b.toString());
  }

  // ---------------------------------------------------------------- Pinterest Conversions API v5

  private static final Set<String> PINTEREST_EVENTS =
      Set.of(
          "add_payment_info",
          "add_to_cart",
          "add_to_wishlist",
          "checkout",
          "custom",
          "lead",
          "page_visit",
          "search",
          "signup",
          "view_category",
          "watch_video");
  private static final Set<String> PINTEREST_HASHED =
      Set.of(
          "em",
          "hashed_maids",
          "ph",
          "ge",
          "db",
          "ln",
          "fn",
          "ct",
          "st",
          "zp",
          "country",
          "external_id");

  private Answer pinterest(Request r) {
    String auth = r.header("authorization");
    if (!bearer(auth)) {
      return Answer.of(401, "{\"code\":2,\"message\":\"Authentication failed.\"}");
    }
    JsonNode data = r.json() == null ? null : r.json().get("data");
    if (!batch(data, 1000)) {
      return Answer.of(400, "{\"code\":1,\"message\":\"data: must hold 1 to 1000 events\"}");
    }
    long now = Instant.now().getEpochSecond();
    ArrayNode results = Json.mapper().createArrayNode();
    List<Received> accepted = new ArrayList<>();
    for (JsonNode ev : data) {
      String problem = null;
      JsonNode user = ev.path("user_data");
      if (!PINTEREST_EVENTS.contains(ev.path("event_name").asText())) {
        problem = "Event name '" + ev.path("event_name").asText() + "' is not valid.";
      } else if (!Set.of("app_android", "app_ios", "web", "offline")
          .contains(ev.path("action_source").asText())) {
        problem = "Action source is not valid.";
      } else if (!ev.path("event_time").isIntegralNumber()
          || ev.get("event_time").asLong() - now > SKEW.toSeconds()) {
        problem = "Event time must be a unix timestamp in seconds, not in the future.";
      } else if (!text(ev, "event_id")) {
        problem = "event_id is required.";
      } else if (!(user.has("em")
          || user.has("hashed_maids")
          || (user.has("client_ip_address") && user.has("client_user_agent")))) {
        problem = "user_data needs em, hashed_maids, or client_ip_address and client_user_agent.";
      } else {
        for (String key : PINTEREST_HASHED) {
          if (user.has(key) && !hexArray(user.get(key))) {
            problem = "user_data." + key + " must be an array of SHA-256 hashes.";
          }
        }
      }
      ObjectNode res = results.addObject();
      if (problem == null) {
        res.put("status", "processed");
        res.put("error_message", "");
        res.put("warning_message", "");
        accepted.add(new Received("pinterest", ev.path("event_id").asText(null), ev));
      } else {
        res.put("status", "failed");
        res.put("error_message", problem);
        res.put("warning_message", "");
      }
    }
    if ("true".equals(r.query().get("test"))) {
      accepted.clear();
    }
    ObjectNode b = Json.mapper().createObjectNode();
    int processed = (int) countProcessed(results);
    boolean all = processed == data.size();
    if (!all) {
      b.put("code", 4203);
      b.put("message", "Not all events were successfully processed.");
    }
    b.put("num_events_received", data.size());
    b.put("num_events_processed", processed);
    b.set("events", results);
    return Answer.accepted(all ? 200 : 422, b.toString(), accepted);
  }

  private static long countProcessed(ArrayNode results) {
    long n = 0;
    for (JsonNode r : results) {
      if ("processed".equals(r.path("status").asText())) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- Reddit Conversions API v3

  private static final Set<String> REDDIT_TYPES =
      Set.of(
          "PAGE_VISIT",
          "VIEW_CONTENT",
          "SEARCH",
          "ADD_TO_CART",
          "ADD_TO_WISHLIST",
          "PURCHASE",
          "LEAD",
          "SIGN_UP",
          "CUSTOM");

  private Answer reddit(Request r) {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      return Answer.of(401, "{\"message\":\"No bearer token provided\"}");
    }
    if (auth.equals("Bearer invalid")) {
      return Answer.of(401, "{\"message\":\"UNAUTHORIZED\"}");
    }
    JsonNode data = r.json() == null ? null : r.json().get("data");
    JsonNode events = data == null ? null : data.get("events");
    if (!batch(events, 1000)) {
      return Answer.of(400, "{\"message\":\"Bad Request\"}");
    }
    long nowMs = Instant.now().toEpochMilli();
    ArrayNode invalid = Json.mapper().createArrayNode();
    List<Received> accepted = new ArrayList<>();
    for (JsonNode ev : events) {
      String problem = null;
      String type = ev.path("type").path("tracking_type").asText();
      if (!ev.path("event_at").isIntegralNumber()) {
        problem = "event_at must be an integer of epoch milliseconds";
      } else if (nowMs - ev.get("event_at").asLong() > Duration.ofDays(7).toMillis()
          || ev.get("event_at").asLong() - nowMs > SKEW.toMillis()) {
        problem = "event_at must be within the last 7 days";
      } else if (!Set.of("WEBSITE", "APP", "PHYSICAL_STORE", "OTHER")
          .contains(ev.path("action_source").asText())) {
        problem = "action_source is required";
      } else if (!REDDIT_TYPES.contains(type)) {
        problem = "there was a problem validating type: invalid tracking_type " + type;
      } else if (type.equals("CUSTOM") && !text(ev.path("type"), "custom_event_name")) {
        problem = "custom_event_name is required for CUSTOM events";
      } else if (redditRefused.containsKey(ev.path("metadata").path("conversion_id").asText())) {
        problem = redditRefused.get(ev.path("metadata").path("conversion_id").asText());
      } else {
        for (String key : List.of("email", "phone_number")) {
          JsonNode v = ev.path("user").get(key);
          if (v != null && !hex(v)) {
            problem = "user." + key + " must be SHA-256 hashed";
          }
        }
      }
      if (problem != null) {
        ObjectNode inv = invalid.addObject();
        inv.put("error_message", problem);
        inv.set("event", ev);
      } else {
        accepted.add(
            new Received("reddit", ev.path("metadata").path("conversion_id").asText(null), ev));
      }
    }
    if (!invalid.isEmpty()) {
      ObjectNode b = Json.mapper().createObjectNode();
      b.put(
          "message",
          "There were " + invalid.size() + " invalid conversion events. None were processed.");
      b.set("invalid_events", invalid);
      return Answer.of(400, b.toString());
    }
    if (text(data, "test_id")) {
      accepted.clear();
    }
    return Answer.accepted(
        200,
        "{\"data\":{\"message\":\"Successfully processed "
            + events.size()
            + " conversion events.\"}}",
        accepted);
  }

  // ---------------------------------------------------------------- LinkedIn Conversions API

  private static final Pattern LINKEDIN_RULE =
      Pattern.compile("^urn:lla:llaPartnerConversion:\\d+$");
  private static final Set<String> LINKEDIN_ID_TYPES =
      Set.of(
          "SHA256_EMAIL",
          "LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID",
          "ACXIOM_ID",
          "ORACLE_MOAT_ID",
          "PLAINTEXT_IP_ADDRESS",
          "SHA256_IP_ADDRESS",
          "GOOGLE_AID");

  private Answer linkedin(Request r) {
    String auth = r.header("authorization");
    if (!bearer(auth)) {
      return Answer.of(
          401,
          "{\"status\":401,\"serviceErrorCode\":65600,"
              + "\"code\":\"INVALID_ACCESS_TOKEN\",\"message\":\"Invalid access token\"}");
    }
    String version = r.header("linkedin-version");
    if (version == null || !version.matches("^\\d{6}(\\.\\d{2})?$")) {
      return Answer.of(
          400,
          "{\"status\":400,\"code\":\"VERSION_MISSING\","
              + "\"message\":\"A version must be present. Please specify a version by adding the"
              + " LinkedIn-Version header.\"}");
    }
    if (!"2.0.0".equals(r.header("x-restli-protocol-version"))) {
      return Answer.of(
          400, "{\"status\":400,\"message\":\"X-Restli-Protocol-Version 2.0.0 is required\"}");
    }
    JsonNode body = r.json();
    boolean batch = "BATCH_CREATE".equalsIgnoreCase(r.header("x-restli-method"));
    List<JsonNode> elements = new ArrayList<>();
    if (batch) {
      JsonNode arr = body == null ? null : body.get("elements");
      if (!batch(arr, 5000)) {
        return Answer.of(
            400, "{\"status\":400,\"message\":\"elements must hold 1 to 5000 events\"}");
      }
      arr.forEach(elements::add);
    } else if (body != null && body.isObject()) {
      elements.add(body);
    } else {
      return Answer.of(400, "{\"status\":400,\"message\":\"body is not JSON\"}");
    }
    long nowMs = Instant.now().toEpochMilli();
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode el = elements.get(i);
      String where = batch ? "/elements/" + i : "";
      String problem = null;
      if (!LINKEDIN_RULE.matcher(el.path("conversion").asText()).matches()) {
        problem = where + "/conversion :: invalid urn";
      } else if (!el.path("conversionHappenedAt").isIntegralNumber()
          || nowMs - el.get("conversionHappenedAt").asLong() > Duration.ofDays(90).toMillis()
          || el.get("conversionHappenedAt").asLong() - nowMs > SKEW.toMillis()) {
        problem = where + "/conversionHappenedAt :: must be epoch milliseconds within 90 days";
      } else if (!el.path("user").path("userIds").isArray()) {
        problem = where + "/user/userIds :: field is required but not found";
      } else {
        for (JsonNode id : el.path("user").path("userIds")) {
          String type = id.path("idType").asText();
          if (!LINKEDIN_ID_TYPES.contains(type)) {
            problem = where + "/user/userIds/idType :: invalid value " + type;
          } else if (type.startsWith("SHA256_") && !hex(id.path("idValue"))) {
            problem = where + "/user/userIds/idValue :: must be a SHA-256 hash";
          }
        }
        JsonNode info = el.path("user").path("userInfo");
        if (!info.isMissingNode() && !(text(info, "firstName") && text(info, "lastName"))) {
          problem = where + "/user/userInfo :: firstName and lastName are required";
        }
      }
      if (problem != null) {
        return Answer.of(422, "{\"status\":422,\"message\":\"ERROR :: " + problem + "\"}");
      }
      accepted.add(new Received("linkedin", el.path("eventId").asText(null), el));
    }
    if (!batch) {
      return Answer.accepted(201, "", accepted);
    }
    StringBuilder sb = new StringBuilder("{\"elements\":[");
    for (int i = 0; i < elements.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"status\":201}");
    }
    return Answer.accepted(200, sb.append("]}").toString(), accepted);
  }

  // ---------------------------------------------------------------- X Conversion API

  private static final Pattern OAUTH_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private Answer x(Request r) {
    String auth = r.header("authorization");
    Map<String, String> oauth = new TreeMap<>();
    if (auth != null && auth.startsWith("OAuth ")) {
      Matcher m = OAUTH_PARAM.matcher(auth.substring(6));
      while (m.find()) {
        oauth.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
      }
    }
    boolean complete =
        oauth
                .keySet()
                .containsAll(
                    Set.of(
                        "oauth_consumer_key",
                        "oauth_nonce",
                        "oauth_signature",
                        "oauth_signature_method",
                        "oauth_timestamp",
                        "oauth_token",
                        "oauth_version"))
            && "HMAC-SHA1".equals(oauth.get("oauth_signature_method"))
            && "1.0".equals(oauth.get("oauth_version"));
    if (!complete
        || Math.abs(
                Instant.now().getEpochSecond()
                    - Long.parseLong(oauth.getOrDefault("oauth_timestamp", "0")))
            > 300) {
      return xError(401, "UNAUTHORIZED_ACCESS", "This request is not properly authenticated");
    }
    if (xConsumerSecret != null && !oauth.get("oauth_signature").equals(xSignature(r, oauth))) {
      return xError(401, "UNAUTHORIZED_ACCESS", "This request is not properly authenticated");
    }
    JsonNode conversions = r.json() == null ? null : r.json().get("conversions");
    if (!batch(conversions, 500)) {
      return xError(400, "INVALID_PARAMETER", "conversions must hold 1 to 500 conversion events");
    }
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < conversions.size(); i++) {
      JsonNode c = conversions.get(i);
      try {
        Instant.parse(c.path("conversion_time").asText());
      } catch (DateTimeParseException e) {
        return xError(
            400, "INVALID_PARAMETER", "conversions[" + i + "].conversion_time must be ISO 8601");
      }
      if (!text(c, "event_id")) {
        return xError(400, "INVALID_PARAMETER", "conversions[" + i + "].event_id is required");
      }
      boolean identified = false;
      for (JsonNode id : c.path("identifiers")) {
        for (String k : List.of("hashed_email", "hashed_phone_number")) {
          if (id.has(k)) {
            if (!hex(id.get(k))) {
              return xError(
                  400,
                  "INVALID_PARAMETER",
                  "conversions[" + i + "].identifiers." + k + " must be a SHA-256 hash");
            }
            identified = true;
          }
        }
        identified |= id.has("twclid");
      }
      if (!identified) {
        return xError(
            400,
            "INVALID_PARAMETER",
            "conversions[" + i + "].identifiers needs twclid, hashed_email or hashed_phone_number");
      }
      accepted.add(new Received("x", c.path("conversion_id").asText(null), c));
    }
    return Answer.accepted(
        200,
        "{\"data\":{\"conversions_processed\":"
            + conversions.size()
            + ",\"debug_id\":\""
            + trace()
            + "\"},\"request\":{\"params\":{}}}",
        accepted);
  }

  private String xSignature(Request r, Map<String, String> oauth) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : oauth.entrySet()) {
      if (!e.getKey().equals("oauth_signature")) {
        pairs.add(pct(e.getKey()) + "=" + pct(e.getValue()));
      }
    }
    r.query().forEach((k, v) -> pairs.add(pct(k) + "=" + pct(v)));
    pairs.sort(null);
    // The real API signs its public https URL; behind the fake the client signed our URL.
    String url = "http://" + r.header("host") + r.path();
    String base = "POST&" + pct(url) + "&" + pct(String.join("&", pairs));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(
          new SecretKeySpec(
              (pct(xConsumerSecret) + "&" + pct(xTokenSecret)).getBytes(StandardCharsets.UTF_8),
              "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pct(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static Answer xError(int status, String code, String message) {
    ObjectNode b = Json.mapper().createObjectNode();
    ObjectNode e = b.putArray("errors").addObject();
    e.put("code", code);
    e.put("message", message);
    b.putObject("request").putObject("params");
    return Answer.of(status, b.toString());
  }

  // ---------------------------------------------------------------- Microsoft UET CAPI

  private Answer microsoft(Request r) {
    String auth = r.header("authorization");
    if (!bearer(auth)) {
      return Answer.of(
          401,
          "{\"error\":{\"code\":\"Unauthorized\","
              + "\"message\":\"You are not authorized to access this resource.\"}}");
    }
    JsonNode body = r.json();
    JsonNode data = body == null ? null : body.get("data");
    if (!batch(data, 1000)) {
      List<Object[]> whole = new ArrayList<>();
      whole.add(new Object[] {-1, "data", "'data' must hold 1 to 1000 events."});
      return microsoftInvalid(whole);
    }
    long now = Instant.now().getEpochSecond();
    List<Object[]> details = new ArrayList<>();
    List<Received> accepted = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode ev = data.get(i);
      String p = "data[" + i + "]";
      int before = details.size();
      String type = ev.path("eventType").asText();
      if (!type.equals("pageLoad") && !type.equals("custom")) {
        details.add(
            new Object[] {
              i, p + ".eventType", "'eventType' must be one of the following: pageLoad, custom."
            });
      }
      if (!ev.path("eventTime").isIntegralNumber()) {
        details.add(new Object[] {i, p + ".eventTime", "'eventTime' must not be empty."});
      } else if (ev.get("eventTime").asLong() - now > SKEW.toSeconds()) {
        details.add(new Object[] {i, p + ".eventTime", "'eventTime' must not be in the future."});
      }
      if (type.equals("pageLoad") && !text(ev, "eventSourceUrl")) {
        details.add(
            new Object[] {
              i, p + ".eventSourceUrl", "'eventSourceUrl' is required for pageLoad events."
            });
      }
      for (String k : List.of("em", "ph")) {
        JsonNode v = ev.path("userData").get(k);
        if (v != null && !hex(v)) {
          details.add(
              new Object[] {i, p + ".userData." + k, "'" + k + "' must be a valid SHA256 string."});
        }
      }
      if (details.size() == before) {
        accepted.add(new Received("microsoft", ev.path("eventId").asText(null), ev));
      }
    }
    if (!details.isEmpty() && !body.path("continueOnValidationError").asBoolean(false)) {
      return microsoftInvalid(details);
    }
    return Answer.accepted(200, "{\"eventsReceived\":" + accepted.size() + "}", accepted);
  }

  private static Answer microsoftInvalid(List<Object[]> details) {
    ObjectNode b = Json.mapper().createObjectNode();
    ObjectNode e = b.putObject("error");
    e.put("code", "ValidationError");
    e.put("message", "One or multiple parameters did not pass validation checks, see details.");
    ArrayNode arr = e.putArray("details");
    for (Object[] d : details) {
      ObjectNode o = arr.addObject();
      if ((int) d[0] >= 0) {
        o.put("index", (int) d[0]);
      }
      o.put("propertyName", (String) d[1]);
      o.put("errorMessage", (String) d[2]);
    }
    return Answer.of(400, b.toString());
  }

  // ---------------------------------------------------------------- Klaviyo Events API

  private Answer klaviyo(Request r) {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Klaviyo-API-Key ") || auth.endsWith(" invalid")) {
      return klaviyoError(
          401,
          "not_authenticated",
          "Authentication credentials were not provided.",
          "Missing or invalid private key.",
          "/data/");
    }
    String revision = r.header("revision");
    if (revision == null || !revision.matches("^\\d{4}-\\d{2}-\\d{2}(\\.\\w+)?$")) {
      return klaviyoError(
          400,
          "invalid_revision",
          "Invalid revision.",
          "The revision header is missing or malformed.",
          "/");
    }
    JsonNode data = r.json() == null ? null : r.json().get("data");
    if (data == null || !"event".equals(data.path("type").asText())) {
      return klaviyoInvalid("data.type must be 'event'.", "/data/type");
    }
    JsonNode attrs = data.path("attributes");
    JsonNode metric = attrs.path("metric").path("data");
    if (!"metric".equals(metric.path("type").asText())
        || !text(metric.path("attributes"), "name")) {
      return klaviyoInvalid(
          "A metric name is required.", "/data/attributes/metric/data/attributes/name");
    }
    JsonNode profileData = attrs.path("profile").path("data");
    JsonNode profile = profileData.path("attributes");
    if (!"profile".equals(profileData.path("type").asText())
        || !(text(profile, "email")
            || text(profile, "phone_number")
            || text(profile, "external_id")
            || text(profile, "anonymous_id"))) {
      return klaviyoInvalid(
          "A profile identifier (email, phone_number, external_id or anonymous_id) is required.",
          "/data/attributes/profile/data/attributes");
    }
    if (profile.has("email") && !profile.get("email").asText().contains("@")) {
      return klaviyoInvalid(
          "Invalid email address", "/data/attributes/profile/data/attributes/email");
    }
    if (profile.has("phone_number")
        && !E164.matcher(profile.get("phone_number").asText()).matches()) {
      return klaviyoInvalid(
          "Invalid phone number format", "/data/attributes/profile/data/attributes/phone_number");
    }
    return Answer.accepted(
        202, "", List.of(new Received("klaviyo", attrs.path("unique_id").asText(null), data)));
  }

  private static Answer klaviyoInvalid(String detail, String pointer) {
    return klaviyoError(400, "invalid", "Invalid input.", detail, pointer);
  }

  private static Answer klaviyoError(
      int status, String code, String title, String detail, String pointer) {
    ObjectNode b = Json.mapper().createObjectNode();
    ObjectNode e = b.putArray("errors").addObject();
    e.put("id", UUID.randomUUID().toString());
    e.put("status", status);
    e.put("code", code);
    e.put("title", title);
    e.put("detail", detail);
    e.putObject("source").put("pointer", pointer);
    return Answer.of(status, b.toString());
  }

  // ---------------------------------------------------------------- Merchant webhook

  private Answer webhook(Request r) {
    if (!WebhookAdapter.verify(
        r.header("x-tracklayer-signature"),
        r.body(),
        webhookSecret,
        Instant.now(),
        Duration.ofMinutes(5))) {
      return Answer.of(401, "invalid signature");
    }
    JsonNode body = r.json();
    if (body == null || !body.isObject()) {
      return Answer.of(400, "body is not a JSON object");
    }
    String id = body.path("event_id").asText(null);
    if (id == null || !id.equals(r.header("x-tracklayer-event-id"))) {
      return Answer.of(400, "X-TrackLayer-Event-Id does not match the body's event_id");
    }
    return Answer.accepted(200, "ok", List.of(new Received("webhook", id, body)));
  }

  // ---------------------------------------------------------------- helpers

  /** A token the fakes accept: present, and not the one they treat as revoked ({@code invalid}). */
  private static boolean usable(String token) {
    return token != null && !token.isBlank() && !token.equals("invalid");
  }

  /** An Authorization header with a Bearer token other than the revoked {@code invalid}. */
  private static boolean bearer(String auth) {
    return auth != null && auth.startsWith("Bearer ") && !auth.equals("Bearer invalid");
  }

  /** A JSON array of 1 to {@code max} elements, as the platforms' batch limits require. */
  private static boolean batch(JsonNode v, int max) {
    return v != null && v.isArray() && !v.isEmpty() && v.size() <= max;
  }

  private static boolean text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank();
  }

  private static boolean text(Map<String, String> map, String key) {
    String v = map.get(key);
    return v != null && !v.isBlank();
  }

  private static boolean hex(JsonNode v) {
    return v != null && v.isTextual() && isLowerHex64(v.asText());
  }

  /** A SHA-256 as the platforms want it: 64 hex digits, lower case. */
  private static boolean isLowerHex64(String s) {
    return Sha256.isHex(s) && s.equals(s.toLowerCase(Locale.ROOT));
  }

  private static boolean hexArray(JsonNode v) {
    if (v == null || !v.isArray() || v.isEmpty()) {
      return false;
    }
    for (JsonNode x : v) {
      if (!hex(x)) {
        return false;
      }
    }
    return true;
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String trace() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  }
}
