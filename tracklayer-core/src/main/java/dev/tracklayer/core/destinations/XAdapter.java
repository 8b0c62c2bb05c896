package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;
import static dev.tracklayer.core.identity.FieldRule.hashed;
import static dev.tracklayer.core.identity.FieldRule.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.IdentityRuleSet;
import dev.tracklayer.core.identity.Normalization;
import dev.tracklayer.core.identity.UserDataField;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * X (Twitter) Conversion API: {@code POST /{version}/measurement/conversions/{pixel_id}} signed
 * with OAuth 1.0a (HMAC-SHA1, the JSON body unsigned), up to 500 conversions per request.
 *
 * <p>X's {@code event_id} is not ours: it is the id of the conversion event configured in X's
 * Events Manager ({@code tw-<pixel>-<event>} or the short form). Connections therefore map
 * TrackLayer events to X events in settings — {@code event_id.<event_name>}, or {@code event_id}
 * for all — and events without a mapping are SKIPPED. Our event_id goes into {@code conversion_id},
 * which X uses to deduplicate against the pixel.
 *
 * <p>Identity: twclid raw; email lowercased and trimmed, phone E.164, both SHA-256; IP and user
 * agent raw, sent only beside one of those because X needs a twclid, email or phone.
 *
 * <p>Settings: {@code event_id}, {@code event_id.<event_name>}, {@code api_version} (default
 * {@value #API_VERSION}).
 *
 * <p>Sources: developer.x.com/en/docs/x-ads-api/measurement/web-conversions (conversions reference:
 * 500 events, fields, identifiers); RFC 5849 for the signature.
 */
public final class XAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  static final String API_VERSION = "12";

  static final IdentityRuleSet RULES =
      new IdentityRuleSet(
          "x",
          List.of(
              raw("twclid", UserDataField.TWCLID),
              hashed("hashed_email", UserDataField.EMAIL, Normalization.EMAIL),
              hashed("hashed_phone_number", UserDataField.PHONE, Normalization.PHONE_E164),
              raw("ip_address", UserDataField.CLIENT_IP),
              raw("user_agent", UserDataField.USER_AGENT)));

  @Override
  public String platform() {
    return "x";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of(
        "pixel_id", "consumer_key", "consumer_secret", "access_token", "access_token_secret");
  }

  @Override
  public int maxBatchSize() {
    return 500;
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(5);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    if (xEventId(event, settings) == null) {
      return Optional.of(
          "no X event id for "
              + event.eventName
              + ": set event_id."
              + event.eventName
              + " (or event_id) on the connection to the id from X's Events Manager");
    }
    Set<String> ids = RULES.keys(event.userData);
    if (ids.contains("twclid")
        || ids.contains("hashed_email")
        || ids.contains("hashed_phone_number")) {
      return Optional.empty();
    }
    return Optional.of("no usable identifier for X: needs twclid, email or phone");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/"
            + Payload.setting(settings, "api_version", API_VERSION)
            + "/measurement/conversions/"
            + Payload.pathSegment(credentials.require("pixel_id"));
    ObjectNode body = Payload.object();
    ArrayNode conversions = body.putArray("conversions");
    for (TrackEvent e : events) {
      conversions.add(conversion(e, settings, ctx.now()));
    }
    String authorization =
        OAuth1Signer.authorization(
            "POST",
            url,
            credentials.require("consumer_key"),
            credentials.require("consumer_secret"),
            credentials.require("access_token"),
            credentials.require("access_token_secret"),
            ctx.nonce(),
            ctx.now().getEpochSecond());
    return DeliveryRequest.post(
        url, Payload.jsonHeaders("Authorization", authorization), Payload.write(body));
  }

  private static ObjectNode conversion(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode c = Payload.object();
    c.put(
        "conversion_time",
        DateTimeFormatter.ISO_INSTANT.format(
            Instant.ofEpochSecond(Payload.eventTimeSeconds(e, now))
                .truncatedTo(ChronoUnit.MILLIS)));
    String id = xEventId(e, settings);
    c.put("event_id", id == null ? "" : id);
    ArrayNode identifiers = c.putArray("identifiers");
    Map<String, Object> ids = RULES.apply(e.userData);
    for (String key : List.of("twclid", "hashed_email", "hashed_phone_number")) {
      if (ids.containsKey(key)) {
        identifiers.addObject().put(key, ids.get(key).toString());
      }
    }
    if (ids.containsKey("ip_address") || ids.containsKey("user_agent")) {
      ObjectNode device = identifiers.addObject();
      putIfPresent(device, "ip_address", (String) ids.get("ip_address"));
      putIfPresent(device, "user_agent", (String) ids.get("user_agent"));
    }
    putIfPresent(c, "conversion_id", e.eventId);
    if (e.value != null) {
      c.put("value", e.value);
    }
    putIfPresent(c, "price_currency", Payload.currency(e));
    Integer count = Payload.itemCount(e);
    if (count != null && count > 0) {
      c.put("number_items", count);
      Payload.putItems(c, "contents", Payload.items(e), "content_id", "num_items", "content_price");
    }
    return c;
  }

  private static String xEventId(TrackEvent e, Map<String, String> settings) {
    String specific = Payload.setting(settings, "event_id." + e.eventName);
    return specific != null ? specific : Payload.setting(settings, "event_id");
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    if (response.isSuccess()) {
      return Responses.delivered(response, batchSize);
    }
    JsonNode body = Responses.json(response);
    String text = Responses.genericMessage(response);
    JsonNode errors = Responses.nonEmptyArray(body, "errors");
    if (errors != null) {
      JsonNode first = errors.get(0);
      text = first.path("code").asText("") + ": " + first.path("message").asText("");
    }
    if (response.status() == 429) {
      return Responses.all(Outcome.retry(429, text, rateLimitReset(response)), batchSize);
    }
    return Responses.byStatus(response, text, batchSize);
  }

  /** X sends {@code x-rate-limit-reset} (unix seconds) rather than Retry-After. */
  private static Duration rateLimitReset(DeliveryResponse response) {
    Duration retryAfter = Responses.retryAfter(response);
    if (retryAfter != null) {
      return retryAfter;
    }
    String reset = response.header("x-rate-limit-reset");
    if (reset == null) {
      return null;
    }
    try {
      return Responses.until(response, Instant.ofEpochSecond(Long.parseLong(reset.strip())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
