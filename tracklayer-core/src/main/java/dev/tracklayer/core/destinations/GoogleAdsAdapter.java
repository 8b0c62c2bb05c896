package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.IdentityRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Google Ads conversion upload: {@code POST
 * /{version}/customers/{customer_id}:uploadClickConversions} with the {@code developer-token}
 * header and a Bearer token from Google's OAuth endpoint (the connection stores a refresh token;
 * {@link #tokenRequest} exchanges it). Each conversion carries a gclid, gbraid or wbraid when the
 * pixel captured one, and hashed user identifiers (enhanced conversions) through {@link
 * IdentityRuleSet#GOOGLE}. Requests use {@code partialFailure: true}, so one bad conversion does
 * not sink the batch: the response names failing rows by index.
 *
 * <p>A connection is one conversion action, so only conversions go: the events named in the {@code
 * conversion_events} setting (comma-separated, default {@code purchase}) or given their own action
 * with {@code conversion_action_id.<event_name>}; everything else is SKIPPED. {@code orderId} is
 * the order_id, or the event_id when there is none, so a retried upload is deduplicated by Google.
 *
 * <p>Settings: {@code conversion_events}, {@code conversion_action_id.<event_name>}, {@code
 * login_customer_id} (manager account), {@code validate_only}, {@code api_version} (default {@value
 * #API_VERSION}).
 *
 * <p>Sources: developers.google.com/google-ads/api/docs/conversions (upload click conversions,
 * enhanced conversions for leads, partial failure); release schedule (v24: April 2026, sunset May
 * 2027); docs/identity.md.
 */
public final class GoogleAdsAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  static final String API_VERSION = "v24";

  /** Google allows 2,000 conversions per upload request. */
  private static final int MAX_BATCH = 2000;

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Override
  public String platform() {
    return "google_ads";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of(
        "customer_id",
        "conversion_action_id",
        "developer_token",
        "client_id",
        "client_secret",
        "refresh_token");
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  /** Uploads of thousands of rows with partial-failure reporting take seconds, not milliseconds. */
  @Override
  public Duration timeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    boolean ownAction =
        Payload.setting(settings, "conversion_action_id." + event.eventName) != null;
    if (!ownAction && !Payload.isConversion(event, settings)) {
      return Optional.of(
          "not a Google Ads conversion for this connection: "
              + event.eventName
              + " is not in conversion_events ("
              + Payload.setting(settings, "conversion_events", "purchase")
              + ")");
    }
    if (clickId(event) == null && userIdentifiers(event).isEmpty()) {
      return Optional.of(
          "no gclid, gbraid, wbraid or hashed email, phone or full address for Google Ads");
    }
    return Optional.empty();
  }

  @Override
  public Optional<DeliveryRequest> tokenRequest(Credentials credentials, DeliveryContext ctx) {
    String form =
        "grant_type=refresh_token"
            + "&client_id="
            + Payload.urlEncode(credentials.require("client_id"))
            + "&client_secret="
            + Payload.urlEncode(credentials.require("client_secret"))
            + "&refresh_token="
            + Payload.urlEncode(credentials.require("refresh_token"));
    return Optional.of(
        DeliveryRequest.post(
            ctx.endpoints().baseUrl(Endpoints.GOOGLE_OAUTH) + "/token",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            form));
  }

  @Override
  public TokenGrant parseToken(DeliveryResponse response) {
    JsonNode body = Responses.json(response);
    if (response.isSuccess() && body != null && body.hasNonNull("access_token")) {
      long expires = body.path("expires_in").asLong(3600);
      return new TokenGrant(body.get("access_token").asText(), Duration.ofSeconds(expires));
    }
    String error = body == null ? null : Responses.text(body, "error");
    String description = body == null ? null : Responses.text(body, "error_description");
    String text =
        "Google OAuth token exchange failed: "
            + (error == null ? "HTTP " + response.status() : error)
            + (description == null ? "" : " (" + description + ")");
    // invalid_grant (revoked or expired refresh token) and invalid_client need the merchant.
    Outcome outcome =
        Responses.retryableStatus(response.status())
            ? Outcome.retry(response.status(), text, Responses.retryAfter(response))
            : Outcome.authFailed(response.status(), text);
    throw new TokenException(outcome);
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String token =
        ctx.accessToken()
            .orElseThrow(
                () -> new IllegalStateException("Google Ads needs an OAuth access token in ctx"));
    String customer = digits(credentials.require("customer_id"));
    String defaultAction = digits(credentials.require("conversion_action_id"));
    String developerToken = credentials.require("developer_token");
    String version = Payload.setting(settings, "api_version", API_VERSION);

    ObjectNode body = Payload.object();
    ArrayNode conversions = body.putArray("conversions");
    for (TrackEvent e : events) {
      String action = Payload.setting(settings, "conversion_action_id." + e.eventName);
      conversions.add(
          conversion(e, customer, action == null ? defaultAction : digits(action), ctx.now()));
    }
    body.put("partialFailure", true);
    if (Payload.flag(settings, "validate_only")) {
      body.put("validateOnly", true);
    }

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("developer-token", developerToken);
    String login = Payload.setting(settings, "login_customer_id");
    if (login != null) {
      headers.put("login-customer-id", digits(login));
    }
    headers.put("Content-Type", Payload.JSON);
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/"
            + version
            + "/customers/"
            + customer
            + ":uploadClickConversions";
    return DeliveryRequest.post(url, headers, Payload.write(body));
  }

  private static ObjectNode conversion(TrackEvent e, String customer, String action, Instant now) {
    ObjectNode c = Payload.object();
    c.put("conversionAction", "customers/" + customer + "/conversionActions/" + action);
    c.put(
        "conversionDateTime",
        DATE_TIME.format(Instant.ofEpochSecond(Payload.eventTimeSeconds(e, now))));
    if (e.value != null) {
      c.put("conversionValue", e.value);
    }
    putIfPresent(c, "currencyCode", Payload.currency(e));
    c.put("orderId", e.orderId != null && !e.orderId.isBlank() ? e.orderId : e.eventId);
    String[] click = clickId(e);
    if (click != null) {
      c.put(click[0], click[1]);
    }
    List<ObjectNode> ids = userIdentifiers(e);
    if (!ids.isEmpty()) {
      ArrayNode arr = c.putArray("userIdentifiers");
      ids.forEach(arr::add);
    }
    if (e.consent != null && e.consent.marketing != null) {
      c.putObject("consent").put("adUserData", e.consent.marketing ? "GRANTED" : "DENIED");
    }
    return c;
  }

  /** Google accepts exactly one of gclid, gbraid, wbraid per conversion; gclid is the richest. */
  private static String[] clickId(TrackEvent e) {
    BrowserIds b = e.userData == null ? null : e.userData.browserIds;
    if (b == null) {
      return null;
    }
    if (Payload.blankToNull(b.gclid) != null) {
      return new String[] {"gclid", b.gclid.strip()};
    }
    if (Payload.blankToNull(b.gbraid) != null) {
      return new String[] {"gbraid", b.gbraid.strip()};
    }
    if (Payload.blankToNull(b.wbraid) != null) {
      return new String[] {"wbraid", b.wbraid.strip()};
    }
    return null;
  }

  /**
   * Hashed email, hashed phone and, when complete enough to match (first and last name, country,
   * postal code), the address; Google takes at most five identifiers.
   */
  static List<ObjectNode> userIdentifiers(TrackEvent e) {
    Map<String, Object> g = IdentityRuleSet.GOOGLE.apply(e.userData);
    List<ObjectNode> out = new ArrayList<>();
    if (g.get("sha256_email_address") instanceof String email) {
      out.add(identifier("hashedEmail", email));
    }
    if (g.get("sha256_phone_number") instanceof String phone) {
      out.add(identifier("hashedPhoneNumber", phone));
    }
    if (g.containsKey("sha256_first_name")
        && g.containsKey("sha256_last_name")
        && g.containsKey("country")
        && g.containsKey("postal_code")) {
      ObjectNode address = Payload.object();
      address.put("hashedFirstName", (String) g.get("sha256_first_name"));
      address.put("hashedLastName", (String) g.get("sha256_last_name"));
      putIfPresent(address, "city", (String) g.get("city"));
      putIfPresent(address, "state", (String) g.get("region"));
      address.put("countryCode", ((String) g.get("country")).toUpperCase(Locale.ROOT));
      address.put("postalCode", (String) g.get("postal_code"));
      ObjectNode id = Payload.object();
      id.put("userIdentifierSource", "FIRST_PARTY");
      id.set("addressInfo", address);
      out.add(id);
    }
    return out;
  }

  private static ObjectNode identifier(String key, String value) {
    ObjectNode id = Payload.object();
    id.put("userIdentifierSource", "FIRST_PARTY");
    id.put(key, value);
    return id;
  }

  /** Google shows customer ids as 123-456-7890; the API wants the digits. */
  private static String digits(String id) {
    String d = id.replaceAll("[^0-9]", "");
    if (d.isEmpty()) {
      throw new IllegalArgumentException("not a Google Ads id: " + id);
    }
    return d;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    if (!response.isSuccess()) {
      JsonNode error = body == null ? null : body.get("error");
      String text = error == null ? Responses.genericMessage(response) : errorText(error);
      int s = response.status();
      Outcome outcome;
      if (s == 401) {
        // The cached token expired or was revoked; a fresh token fixes it.
        outcome = Outcome.retry(s, text);
      } else if (Responses.retryableStatus(s)) {
        Duration wait = Responses.retryAfter(response);
        outcome = Outcome.retry(s, text, wait != null ? wait : retryDelay(error));
      } else {
        outcome = Outcome.failed(s, text);
      }
      return Responses.all(outcome, batchSize);
    }
    JsonNode partial = body == null ? null : body.get("partialFailureError");
    if (partial == null || partial.isNull() || partial.isEmpty()) {
      return Responses.all(Outcome.delivered(response.status()), batchSize);
    }
    List<Outcome> out = Responses.perIndex(batchSize, Outcome.delivered(response.status()));
    boolean located = false;
    for (JsonNode err : errors(partial)) {
      int index = conversionIndex(err);
      if (index < 0 || index >= batchSize) {
        continue;
      }
      located = true;
      String text = errorCode(err) + ": " + err.path("message").asText("");
      out.set(
          index,
          retryableCode(err)
              ? Outcome.retry(response.status(), text)
              : Outcome.failed(response.status(), text));
    }
    if (!located) {
      // No row named: rows whose result came back empty are the failed ones.
      JsonNode results = body.path("results");
      String text = partial.path("message").asText("partial failure");
      for (int i = 0; i < batchSize && i < results.size(); i++) {
        if (results.get(i).isEmpty()) {
          out.set(i, Outcome.failed(response.status(), text));
        }
      }
    }
    return out;
  }

  private static String errorText(JsonNode error) {
    List<JsonNode> errs = errors(error);
    if (!errs.isEmpty()) {
      JsonNode first = errs.get(0);
      return errorCode(first) + ": " + first.path("message").asText("");
    }
    return error.path("status").asText("") + ": " + error.path("message").asText("");
  }

  /** The GoogleAdsFailure errors inside a google.rpc.Status's details. */
  private static List<JsonNode> errors(JsonNode status) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode detail : status.path("details")) {
      for (JsonNode err : detail.path("errors")) {
        out.add(err);
      }
    }
    return out;
  }

  private static int conversionIndex(JsonNode err) {
    for (JsonNode el : err.path("location").path("fieldPathElements")) {
      if ("conversions".equals(el.path("fieldName").asText()) && el.has("index")) {
        return el.get("index").asInt(-1);
      }
    }
    return -1;
  }

  /** {@code {"conversionUploadError": "CLICK_NOT_FOUND"}} → {@code CLICK_NOT_FOUND}. */
  private static String errorCode(JsonNode err) {
    Iterator<Map.Entry<String, JsonNode>> it = err.path("errorCode").fields();
    if (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      return e.getKey() + "." + e.getValue().asText();
    }
    return "error";
  }

  private static boolean retryableCode(JsonNode err) {
    JsonNode code = err.path("errorCode");
    return code.has("internalError")
        || code.has("quotaError")
        || "CONCURRENT_MODIFICATION".equals(code.path("databaseError").asText());
  }

  /** Quota errors carry {@code quotaErrorDetails.retryDelay} such as {@code "30s"}. */
  private static Duration retryDelay(JsonNode error) {
    if (error == null) {
      return null;
    }
    for (JsonNode err : errors(error)) {
      String delay = err.path("details").path("quotaErrorDetails").path("retryDelay").asText("");
      if (delay.endsWith("s")) {
        try {
          return Duration.ofMillis(
              (long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
        } catch (NumberFormatException ignored) {
          return null;
        }
      }
    }
    return null;
  }
}
