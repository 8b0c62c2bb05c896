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
 * Snapchat Conversions API v3: {@code POST /v3/{pixel_id}/events?access_token=…} with a Meta-like
 * {@code data} array of up to 2,000 events and {@link IdentityRuleSet#SNAPCHAT} identity.
 *
 * <p>Snap's event names are a closed set with no free-form custom name; unmapped TrackLayer names
 * go as {@code CUSTOM_EVENT_1} unless the connection maps them ({@code event_name.<name>}, e.g. to
 * {@code CUSTOM_EVENT_2}). There is no lead event either: {@code lead} also falls back.
 *
 * <p>Snap answers 200 with {@code {"status": "VALID" | "SUCCESS", "reason": …}}; a 200 whose status
 * is {@code INVALID} is a rejection.
 *
 * <p>Sources: developers.snap.com/api/marketing-api/Conversions-API (UsingTheAPI, parameters,
 * migration guide); docs/identity.md.
 */
public final class SnapchatAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  /** Snap reports conversions up to 37 days after they happened. */
  static final Duration MAX_AGE = Duration.ofDays(37);

  static final String CUSTOM_FALLBACK = "CUSTOM_EVENT_1";

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "PAGE_VIEW"),
          Map.entry(StandardEvent.VIEW_CONTENT, "VIEW_CONTENT"),
          Map.entry(StandardEvent.SEARCH, "SEARCH"),
          Map.entry(StandardEvent.ADD_TO_CART, "ADD_CART"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "ADD_TO_WISHLIST"),
          Map.entry(StandardEvent.INITIATE_CHECKOUT, "START_CHECKOUT"),
          Map.entry(StandardEvent.ADD_PAYMENT_INFO, "ADD_BILLING"),
          Map.entry(StandardEvent.PURCHASE, "PURCHASE"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "SIGN_UP"),
          Map.entry(StandardEvent.SUBSCRIBE, "SUBSCRIBE"),
          Map.entry(StandardEvent.START_TRIAL, "START_TRIAL"));

  private static final Set<String> MATCH_KEYS = Set.of("em", "ph", "sc_click_id");

  @Override
  public String platform() {
    return "snapchat";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("pixel_id", "access_token");
  }

  @Override
  public int maxBatchSize() {
    return 2000;
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
    return Payload.olderThan(event, now, MAX_AGE, "Snapchat attributes events up to 37 days old")
        .or(() -> unidentified(event));
  }

  private static Optional<String> unidentified(TrackEvent event) {
    Set<String> user = IdentityRuleSet.SNAPCHAT.keys(event.userData);
    return Payload.identifiable(
            user::contains, MATCH_KEYS, "client_ip_address", "client_user_agent")
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for Snapchat: needs em, ph, sc_click_id, or client_ip_address"
                + " with client_user_agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/v3/"
            + Payload.pathSegment(credentials.require("pixel_id"))
            + "/events?access_token="
            + Payload.urlEncode(credentials.require("access_token"));
    ObjectNode body = Payload.object();
    ArrayNode data = body.putArray("data");
    for (TrackEvent e : events) {
      data.add(event(e, settings, ctx.now()));
    }
    return DeliveryRequest.post(url, Map.of("Content-Type", Payload.JSON), Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    ev.put("event_name", Payload.eventName(e, settings, NAMES, name -> CUSTOM_FALLBACK));
    ev.put("event_time", Payload.eventTimeSeconds(e, now));
    putIfPresent(ev, "event_id", e.eventId);
    ev.put("action_source", actionSource(e));
    putIfPresent(ev, "event_source_url", e.eventSourceUrl);
    ev.set("user_data", Payload.identity(IdentityRuleSet.SNAPCHAT.apply(e.userData)));
    ObjectNode custom = Payload.object();
    putIfPresent(custom, "currency", Payload.currency(e));
    // Snap's documented examples send money and quantities as strings.
    putIfPresent(custom, "value", Payload.plain(e.value));
    putIfPresent(custom, "order_id", e.orderId);
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      Payload.putItemIds(custom, "content_ids", items);
      Payload.putItems(
          custom,
          "contents",
          items,
          (c, i) -> {
            c.put("id", i.id);
            c.put("quantity", String.valueOf(Payload.quantity(i)));
            putIfPresent(c, "item_price", Payload.plain(i.price));
          });
      custom.put("num_items", String.valueOf(Payload.itemCount(e)));
    }
    if (!custom.isEmpty()) {
      ev.set("custom_data", custom);
    }
    return ev;
  }

  private static String actionSource(TrackEvent e) {
    if ("offline".equals(e.source)) {
      return "OFFLINE";
    }
    return "app".equals(e.source) ? "MOBILE_APP" : "WEB";
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    String reason = body == null ? null : Responses.text(body, "reason");
    String status = body == null ? null : Responses.text(body, "status");
    if (response.isSuccess()) {
      if ("INVALID".equalsIgnoreCase(status) || "FAILED".equalsIgnoreCase(status)) {
        return Responses.all(Outcome.failed(response.status(), status + ": " + reason), batchSize);
      }
      return Responses.delivered(response, batchSize);
    }
    String text = reason != null ? reason : Responses.genericMessage(response);
    return Responses.byStatus(response, text, batchSize);
  }
}
