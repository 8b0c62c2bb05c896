package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.IdentityRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TikTok Events API 2.0: {@code POST /open_api/v1.3/event/track/} with the {@code Access-Token}
 * header, {@code event_source: web}, {@code event_source_id} = the pixel code and up to 1,000
 * events in {@code data}. Identity through {@link IdentityRuleSet#TIKTOK}. TikTok deduplicates on
 * event + event_id within 48 h.
 *
 * <p>TikTok answers HTTP 200 for most errors and puts the verdict in the body's {@code code}: 0 is
 * success, 20001 partial success, 40100 and 42900 rate limits, 5xxxx server errors, other 4xxxx
 * permanent errors. A partial success names no failing events in a documented shape, so the whole
 * batch counts as delivered (as RudderStack does).
 *
 * <p>Settings: {@code test_event_code}, {@code event_name.<name>}.
 *
 * <p>Sources: business-api.tiktok.com/portal/docs (Events API 2.0); RudderStack's tiktok_ads
 * network handler for the code semantics; docs/identity.md.
 */
public final class TikTokAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "Pageview"),
          Map.entry(StandardEvent.VIEW_CONTENT, "ViewContent"),
          Map.entry(StandardEvent.SEARCH, "Search"),
          Map.entry(StandardEvent.ADD_TO_CART, "AddToCart"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "AddToWishlist"),
          Map.entry(StandardEvent.INITIATE_CHECKOUT, "InitiateCheckout"),
          Map.entry(StandardEvent.ADD_PAYMENT_INFO, "AddPaymentInfo"),
          Map.entry(StandardEvent.PURCHASE, "CompletePayment"),
          Map.entry(StandardEvent.LEAD, "SubmitForm"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "CompleteRegistration"),
          Map.entry(StandardEvent.CONTACT, "Contact"),
          Map.entry(StandardEvent.SUBSCRIBE, "Subscribe"));

  private static final Set<String> MATCH_KEYS =
      Set.of("email", "phone", "external_id", "ttp", "ttclid");

  /**
   * Rate limits (40100, 42900) and 40700, which RudderStack's handler retries as a server-side
   * failure; every 5xxxx code is retried as well.
   */
  private static final Set<Long> RETRY_CODES = Set.of(40100L, 40700L, 42900L);

  /**
   * The credentials' fault, not the events': no permission on the pixel (40001), an empty or
   * invalid/revoked access token (40104, 40105). Every event would fail alike, so the connection
   * pauses until the merchant fixes it (docs/pipeline.md, "Auth errors").
   */
  private static final Set<Long> AUTH_CODES = Set.of(40001L, 40104L, 40105L);

  /** 0 is success; 20001 is partial success, whose body names no failing events. */
  private static final Set<Long> SUCCESS_CODES = Set.of(0L, 20001L);

  @Override
  public String platform() {
    return "tiktok";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("pixel_code", "access_token");
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
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    Set<String> user = IdentityRuleSet.TIKTOK.keys(event.userData);
    return Payload.identifiable(user::contains, MATCH_KEYS, "ip", "user_agent")
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for TikTok: needs email, phone, external_id, ttp, ttclid, or ip"
                + " with user_agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String pixel = credentials.require("pixel_code");
    String token = credentials.require("access_token");
    ObjectNode body = Payload.object();
    body.put("event_source", "web");
    body.put("event_source_id", pixel);
    putIfPresent(body, "test_event_code", Payload.setting(settings, "test_event_code"));
    ArrayNode data = body.putArray("data");
    for (TrackEvent e : events) {
      data.add(event(e, settings, ctx.now()));
    }
    return DeliveryRequest.post(
        ctx.endpoints().baseUrl(platform()) + "/open_api/v1.3/event/track/",
        Payload.jsonHeaders("Access-Token", token),
        Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    ev.put("event", Payload.eventName(e, settings, NAMES, name -> name));
    ev.put("event_time", Payload.eventTimeSeconds(e, now));
    putIfPresent(ev, "event_id", e.eventId);
    ev.set("user", Payload.identity(IdentityRuleSet.TIKTOK.apply(e.userData)));
    ObjectNode props = Payload.object();
    if (e.value != null) {
      props.put("value", e.value);
    }
    putIfPresent(props, "currency", Payload.currency(e));
    putIfPresent(props, "order_id", e.orderId);
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      props.put("content_type", "product");
      Payload.putItems(props, "contents", items, "content_id", "quantity", "price");
    }
    if (!props.isEmpty()) {
      ev.set("properties", props);
    }
    if (e.eventSourceUrl != null) {
      ev.putObject("page").put("url", e.eventSourceUrl);
    }
    return ev;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    if (!response.isSuccess()) {
      return Responses.byStatus(response, Responses.genericMessage(response), batchSize);
    }
    if (body == null || !body.has("code")) {
      // A 200 without TikTok's envelope is not a confirmation; the retry is safe (event_id dedup).
      return Responses.all(
          Outcome.retry(response.status(), "unrecognised TikTok response: " + response.body()),
          batchSize);
    }
    long code = body.path("code").asLong();
    String message = "code " + code + ": " + body.path("message").asText("");
    if (SUCCESS_CODES.contains(code)) {
      return Responses.delivered(response, batchSize);
    }
    if (RETRY_CODES.contains(code) || code >= 50000) {
      return Responses.all(
          Outcome.retry(response.status(), message, Responses.retryAfter(response)), batchSize);
    }
    if (AUTH_CODES.contains(code)) {
      return Responses.all(Outcome.authFailed(response.status(), message), batchSize);
    }
    return Responses.all(Outcome.failed(response.status(), message), batchSize);
  }
}
