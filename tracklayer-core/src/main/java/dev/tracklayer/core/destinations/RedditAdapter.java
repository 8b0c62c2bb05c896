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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reddit Conversions API v3: {@code POST /api/v3/pixels/{id}/conversion_events} with a Bearer
 * conversion token and {@code {"data": {"events": [...]}}}, up to 1,000 events. The id in the path
 * is the connection's {@code ad_account_id}: Reddit's pixel id is the ad account id ({@code t2_…}
 * or {@code a2_…}), the same value v2.0 took as {@code account_id}. v2.0 is deprecated, so we send
 * v3: {@code event_at} in milliseconds, {@code type.tracking_type} in UPPER_SNAKE_CASE, {@code
 * metadata}, a required {@code action_source}, and {@code test_id} for Event Testing instead of
 * v2's {@code test_mode}.
 *
 * <p>Identity: email canonicalized the way Reddit asks (lowercase, {@code +alias} and then every
 * character but letters and digits removed from the local part) then SHA-256; phone E.164 then
 * SHA-256; external_id (customer_id) SHA-256; IP and user agent raw; click id {@code rdt_cid}.
 * Dedup uses {@code metadata.conversion_id}, the event_id.
 *
 * <p>Reddit rejects the whole request when any event is invalid ("There were N invalid conversion
 * events. None were processed.") without saying where; a single event is then FAILED, a batch gets
 * SPLIT for all, so the pipeline sends it again in halves until each bad event is alone.
 *
 * <p>Settings: {@code test_id} (or {@code test_event_code}), {@code event_name.<name>}.
 *
 * <p>Sources: ads-api.reddit.com/docs/v3 (capi-migration, direct integration, errors), as captured
 * in Segment's reddit-conversions-api V3-API-REFERENCE.md.
 */
public final class RedditAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  /** Reddit only takes events sent within seven days of happening. */
  static final Duration MAX_AGE = Duration.ofDays(7);

  /** Email is hashed separately: Reddit's canonical form is not one of the shared normalizers. */
  static final IdentityRuleSet RULES =
      new IdentityRuleSet(
          "reddit",
          List.of(
              hashed("phone_number", UserDataField.PHONE, Normalization.PHONE_E164),
              hashed("external_id", UserDataField.CUSTOMER_IDS, Normalization.TRIM),
              raw("ip_address", UserDataField.CLIENT_IP),
              raw("user_agent", UserDataField.USER_AGENT)));

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "PAGE_VISIT"),
          Map.entry(StandardEvent.VIEW_CONTENT, "VIEW_CONTENT"),
          Map.entry(StandardEvent.SEARCH, "SEARCH"),
          Map.entry(StandardEvent.ADD_TO_CART, "ADD_TO_CART"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "ADD_TO_WISHLIST"),
          Map.entry(StandardEvent.PURCHASE, "PURCHASE"),
          Map.entry(StandardEvent.LEAD, "LEAD"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "SIGN_UP"));

  private static final String CUSTOM = "CUSTOM";

  private static final Set<String> MATCH_KEYS = Set.of("email", "phone_number", "external_id");

  @Override
  public String platform() {
    return "reddit";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("ad_account_id", "access_token");
  }

  @Override
  public int maxBatchSize() {
    return 1000;
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(5);
  }

  @Override
  public Optional<Duration> maxEventAge() {
    return Optional.of(MAX_AGE);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    return Payload.olderThan(event, now, MAX_AGE, "Reddit takes events sent within 7 days")
        .or(() -> unidentified(event));
  }

  private static Optional<String> unidentified(TrackEvent event) {
    ObjectNode user = user(event);
    boolean usable =
        clickId(event) != null
            || Payload.identifiable(user::has, MATCH_KEYS, "ip_address", "user_agent");
    return usable
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for Reddit: needs rdt_cid, email, phone, external id, or ip with"
                + " user agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/api/v3/pixels/"
            + Payload.pathSegment(credentials.require("ad_account_id"))
            + "/conversion_events";
    ObjectNode body = Payload.object();
    ObjectNode data = body.putObject("data");
    String testId =
        Payload.setting(settings, "test_id", Payload.setting(settings, "test_event_code"));
    putIfPresent(data, "test_id", testId);
    ArrayNode list = data.putArray("events");
    for (TrackEvent e : events) {
      list.add(event(e, settings, ctx.now()));
    }
    return DeliveryRequest.post(
        url, Payload.bearerJsonHeaders(credentials.require("access_token")), Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    ev.put("event_at", Payload.eventTimeMillis(e, now));
    ev.put("action_source", actionSource(e));
    putIfPresent(ev, "event_source_url", e.eventSourceUrl);
    ObjectNode type = ev.putObject("type");
    String name = Payload.eventName(e, settings, NAMES, n -> CUSTOM);
    type.put("tracking_type", name);
    if (CUSTOM.equals(name)) {
      String custom = e.eventName == null ? "custom" : e.eventName;
      type.put("custom_event_name", custom.length() > 64 ? custom.substring(0, 64) : custom);
    }
    putIfPresent(ev, "click_id", clickId(e));
    ObjectNode meta = ev.putObject("metadata");
    putIfPresent(meta, "conversion_id", e.eventId);
    putIfPresent(meta, "currency", Payload.currency(e));
    if (e.value != null) {
      meta.put("value", e.value);
    }
    Integer count = Payload.itemCount(e);
    if (count != null) {
      meta.put("item_count", count);
      Payload.putItems(meta, "products", Payload.items(e), "id", "quantity", "item_price");
    }
    ev.set("user", user(e));
    return ev;
  }

  private static ObjectNode user(TrackEvent e) {
    return Payload.identityWithCanonicalEmail(
        Payload.userData(e), "email", RULES, Payload.LocalPart.ALPHANUMERIC);
  }

  private static String clickId(TrackEvent e) {
    return e.userData == null || e.userData.browserIds == null
        ? null
        : Payload.blankToNull(e.userData.browserIds.rdtCid);
  }

  private static String actionSource(TrackEvent e) {
    if ("offline".equals(e.source)) {
      return "PHYSICAL_STORE";
    }
    return "app".equals(e.source) ? "APP" : "WEBSITE";
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    if (response.isSuccess()) {
      return Responses.delivered(response, batchSize);
    }
    JsonNode body = Responses.json(response);
    String text = Responses.genericMessage(response);
    JsonNode invalid = Responses.nonEmptyArray(body, "invalid_events");
    if (invalid != null) {
      String first = invalid.get(0).path("error_message").asText("");
      text = (text == null ? "" : text + " ") + first;
      // Every event named invalid: each is FAILED below. Fewer: the good ones must not pay.
      if (batchSize > 1 && invalid.size() < batchSize) {
        return Responses.all(
            Outcome.split(
                response.status(),
                "batch refused for "
                    + invalid.size()
                    + " of its "
                    + batchSize
                    + " events; sending in smaller batches: "
                    + text),
            batchSize);
      }
    }
    return Responses.byStatus(response, text, batchSize);
  }
}
