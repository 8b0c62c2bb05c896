package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.currency;
import static dev.tracklayer.core.destinations.Payload.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.IdentityRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Meta Conversions API: {@code POST /{version}/{pixel_id}/events?access_token=…} with a {@code
 * data} array of up to 1,000 events. Identity through {@link IdentityRuleSet#META} (hashed fields
 * as arrays). Meta deduplicates on event_name + event_id within 48 h.
 *
 * <p>Settings: {@code test_event_code}, {@code api_version} (default {@value #API_VERSION}), {@code
 * action_source} (overrides the source-based choice), {@code event_name.<name>}.
 *
 * <p>Sources: developers.facebook.com/docs/marketing-api/conversions-api (parameters, error codes,
 * batch limit); docs/identity.md.
 */
public final class MetaAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  /** v25.0 was introduced in February 2026 and is available until July 2028. */
  static final String API_VERSION = "v25.0";

  /**
   * Meta fails the whole request when one event_time is older than this (such events are SKIPPED
   * before they are sent; a batch refused for one of its events is split, see {@link #classify}).
   */
  static final Duration MAX_AGE = Duration.ofDays(7);

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "PageView"),
          Map.entry(StandardEvent.VIEW_CONTENT, "ViewContent"),
          Map.entry(StandardEvent.SEARCH, "Search"),
          Map.entry(StandardEvent.ADD_TO_CART, "AddToCart"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "AddToWishlist"),
          Map.entry(StandardEvent.INITIATE_CHECKOUT, "InitiateCheckout"),
          Map.entry(StandardEvent.ADD_PAYMENT_INFO, "AddPaymentInfo"),
          Map.entry(StandardEvent.PURCHASE, "Purchase"),
          Map.entry(StandardEvent.LEAD, "Lead"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "CompleteRegistration"),
          Map.entry(StandardEvent.CONTACT, "Contact"),
          Map.entry(StandardEvent.SUBSCRIBE, "Subscribe"),
          Map.entry(StandardEvent.START_TRIAL, "StartTrial"));

  /** Any one of these lets Meta match the event; ip and user agent only count together. */
  private static final Set<String> MATCH_KEYS =
      Set.of(
          "em",
          "ph",
          "external_id",
          "fbp",
          "fbc",
          "madid",
          "subscription_id",
          "fb_login_id",
          "lead_id",
          "anon_id",
          "ctwa_clid");

  /**
   * Throttling (4, 17, 32, 613, 80004 and neighbours), "unknown"/"service" errors (1, 2) and
   * "temporarily unavailable" (341) pass with time; Meta also flags transient errors itself.
   */
  private static final Set<Integer> RETRY_CODES = Set.of(1, 2, 4, 17, 32, 341, 613, 80004);

  @Override
  public String platform() {
    return "meta";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("pixel_id", "access_token");
  }

  @Override
  public int maxBatchSize() {
    return 1000;
  }

  /** Meta's own recommendation for server events. */
  @Override
  public Duration timeout() {
    return Duration.ofMillis(1500);
  }

  @Override
  public Optional<Duration> maxEventAge() {
    return Optional.of(MAX_AGE);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    return Payload.olderThan(event, now, MAX_AGE, "Meta rejects event_time older than 7 days")
        .or(() -> unidentified(event));
  }

  private static Optional<String> unidentified(TrackEvent event) {
    Set<String> user = IdentityRuleSet.META.keys(event.userData);
    return Payload.identifiable(
            user::contains, MATCH_KEYS, "client_ip_address", "client_user_agent")
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for Meta: needs one of em, ph, external_id, fbp, fbc, madid,"
                + " subscription_id, lead_id, fb_login_id, anon_id, ctwa_clid, or client_ip_address"
                + " with client_user_agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String pixel = credentials.require("pixel_id");
    String token = credentials.require("access_token");
    String version = Payload.setting(settings, "api_version", API_VERSION);
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/"
            + version
            + "/"
            + Payload.pathSegment(pixel)
            + "/events?access_token="
            + Payload.urlEncode(token);

    ObjectNode body = Payload.object();
    ArrayNode data = body.putArray("data");
    for (TrackEvent e : events) {
      data.add(event(e, settings, ctx.now()));
    }
    putIfPresent(body, "test_event_code", Payload.setting(settings, "test_event_code"));
    return DeliveryRequest.post(url, Map.of("Content-Type", Payload.JSON), Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    ev.put("event_name", Payload.eventName(e, settings, NAMES, name -> name));
    ev.put("event_time", Payload.eventTimeSeconds(e, now));
    putIfPresent(ev, "event_id", e.eventId);
    ev.put("action_source", actionSource(e, settings));
    putIfPresent(ev, "event_source_url", e.eventSourceUrl);
    ev.set("user_data", Payload.identity(IdentityRuleSet.META.apply(e.userData)));
    ObjectNode custom = customData(e);
    if (!custom.isEmpty()) {
      ev.set("custom_data", custom);
    }
    return ev;
  }

  /**
   * Meta's "website" needs a page, which browser and server events of a shop have; "app" would need
   * app_data we do not collect, so app events go as "other".
   */
  private static String actionSource(TrackEvent e, Map<String, String> settings) {
    String configured = Payload.setting(settings, "action_source");
    if (configured != null) {
      return configured;
    }
    if ("offline".equals(e.source)) {
      return "physical_store";
    }
    if ("app".equals(e.source)) {
      return "other";
    }
    return "website";
  }

  private static ObjectNode customData(TrackEvent e) {
    ObjectNode c = Payload.object();
    if (e.value != null) {
      c.put("value", e.value);
    }
    putIfPresent(c, "currency", currency(e));
    putIfPresent(c, "order_id", e.orderId);
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      Payload.putItemIds(c, "content_ids", items);
      Payload.putItems(c, "contents", items, "id", "quantity", "item_price");
      c.put("content_type", "product");
      c.put("num_items", Payload.itemCount(e));
    }
    return c;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    if (response.isSuccess()) {
      return Responses.delivered(response, batchSize);
    }
    JsonNode error =
        Optional.ofNullable(Responses.json(response)).map(j -> j.get("error")).orElse(null);
    if (error == null || !error.isObject()) {
      return Responses.byStatus(response, Responses.genericMessage(response), batchSize);
    }
    String message = Responses.text(error, "message");
    String userMessage = Responses.text(error, "error_user_msg");
    String text =
        userMessage == null || userMessage.isBlank()
            ? message
            : (message == null ? userMessage : message + ": " + userMessage);
    int code = error.path("code").asInt(-1);
    boolean transientError =
        error.path("is_transient").asBoolean(false)
            || RETRY_CODES.contains(code)
            || Responses.retryableStatus(response.status());
    if (transientError) {
      return Responses.all(Outcome.retry(response.status(), text, retryHint(response)), batchSize);
    }
    // One invalid event refuses the whole request without saying which: the good ones must not
    // pay, so the batch goes again in halves until the bad event is alone. Errors of the request
    // itself (token, pixel, permissions) fail every event at once.
    if (batchSize > 1 && eventValidationError(code, error.path("error_subcode").asInt(-1))) {
      return Responses.all(
          Outcome.split(
              response.status(),
              "batch of " + batchSize + " refused for an event in it; sending in halves: " + text),
          batchSize);
    }
    if (code == TOKEN_ERROR) {
      return Responses.all(Outcome.authFailed(response.status(), text), batchSize);
    }
    return Responses.all(Outcome.failed(response.status(), text), batchSize);
  }

  /** OAuthException: the access token expired, was revoked or is not valid for the pixel. */
  static final int TOKEN_ERROR = 190;

  /**
   * "Invalid parameter" (100) with a Conversions API event subcode (2804xxx: event_time too old,
   * missing user_data, an unknown action_source, …): about an event, not the request.
   */
  static boolean eventValidationError(int code, int subcode) {
    return code == 100 && subcode >= 2_804_000 && subcode <= 2_804_999;
  }

  /**
   * Retry-After when present, else the largest {@code estimated_time_to_regain_access} (minutes) of
   * Meta's business-use-case usage header, which Meta sends with throttling errors.
   */
  private static Duration retryHint(DeliveryResponse response) {
    Duration header = Responses.retryAfter(response);
    if (header != null) {
      return header;
    }
    String usage = response.header("x-business-use-case-usage");
    if (usage == null) {
      return null;
    }
    try {
      JsonNode root = Json.readTree(usage);
      long minutes = 0;
      for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
        for (JsonNode entry : it.next()) {
          minutes = Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
        }
      }
      return minutes > 0 ? Duration.ofMinutes(minutes) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
