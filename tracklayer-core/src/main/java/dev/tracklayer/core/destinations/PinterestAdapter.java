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
 * Pinterest Conversions API v5: {@code POST /v5/ad_accounts/{ad_account_id}/events} with a Bearer
 * conversion token and a {@code data} array of up to 1,000 events; identity through {@link
 * IdentityRuleSet#PINTEREST}. Pinterest reports per event: {@code events[i].status} is {@code
 * processed} or {@code failed} (with {@code error_message}), in request order, on 200 and on 422
 * ("not all events were successfully processed").
 *
 * <p>Unmapped names go as {@code custom}: Pinterest has no free-form custom event name in the API.
 *
 * <p>Settings: {@code test} ({@code ?test=true}: validated, not recorded), {@code
 * event_name.<name>}.
 *
 * <p>Sources: Pinterest API v5 OpenAPI (events/create, ConversionEvents, ConversionApiResponse);
 * developers.pinterest.com/docs/conversions/event (event names); docs/identity.md.
 */
public final class PinterestAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "page_visit"),
          Map.entry(StandardEvent.VIEW_CONTENT, "page_visit"),
          Map.entry(StandardEvent.SEARCH, "search"),
          Map.entry(StandardEvent.ADD_TO_CART, "add_to_cart"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "add_to_wishlist"),
          Map.entry(StandardEvent.ADD_PAYMENT_INFO, "add_payment_info"),
          Map.entry(StandardEvent.PURCHASE, "checkout"),
          Map.entry(StandardEvent.LEAD, "lead"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "signup"));

  private static final Set<String> MATCH_KEYS = Set.of("em", "hashed_maids");

  @Override
  public String platform() {
    return "pinterest";
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

  /** Pinterest requires em, hashed_maids, or client_ip_address with client_user_agent. */
  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    Set<String> user = IdentityRuleSet.PINTEREST.keys(event.userData);
    return Payload.identifiable(
            user::contains, MATCH_KEYS, "client_ip_address", "client_user_agent")
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for Pinterest: needs em, hashed_maids, or client_ip_address with"
                + " client_user_agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/v5/ad_accounts/"
            + Payload.pathSegment(credentials.require("ad_account_id"))
            + "/events"
            + (Payload.flag(settings, "test") ? "?test=true" : "");
    ObjectNode body = Payload.object();
    ArrayNode data = body.putArray("data");
    for (TrackEvent e : events) {
      data.add(event(e, settings, ctx.now()));
    }
    return DeliveryRequest.post(
        url, Payload.bearerJsonHeaders(credentials.require("access_token")), Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    ev.put("event_name", Payload.eventName(e, settings, NAMES, name -> "custom"));
    ev.put("action_source", "offline".equals(e.source) ? "offline" : "web");
    ev.put("event_time", Payload.eventTimeSeconds(e, now));
    ev.put("event_id", e.eventId);
    putIfPresent(ev, "event_source_url", e.eventSourceUrl);
    ev.set("user_data", Payload.identity(IdentityRuleSet.PINTEREST.apply(e.userData)));
    ObjectNode custom = Payload.object();
    putIfPresent(custom, "currency", Payload.currency(e));
    // Pinterest parses value and item_price from strings.
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
            putIfPresent(c, "item_price", Payload.plain(i.price));
            c.put("quantity", Payload.quantity(i));
          });
      custom.put("num_items", Payload.itemCount(e));
    }
    if (!custom.isEmpty()) {
      ev.set("custom_data", custom);
    }
    return ev;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    JsonNode perEvent = body == null ? null : body.get("events");
    if (perEvent == null && body != null) {
      perEvent = body.path("details").get("events");
    }
    int s = response.status();
    if ((response.isSuccess() || s == 422)
        && perEvent != null
        && perEvent.isArray()
        && perEvent.size() == batchSize) {
      List<Outcome> out = Responses.perIndex(batchSize, Outcome.delivered(s));
      for (int i = 0; i < batchSize; i++) {
        JsonNode r = perEvent.get(i);
        if ("failed".equalsIgnoreCase(r.path("status").asText())) {
          out.set(i, Outcome.failed(s, r.path("error_message").asText("failed")));
        } else if (!response.isSuccess()) {
          // Listed as processed in a 422: Pinterest took it.
          out.set(i, Outcome.delivered(s));
        }
      }
      return out;
    }
    return Responses.byStatus(response, Responses.genericMessage(response), batchSize);
  }
}
