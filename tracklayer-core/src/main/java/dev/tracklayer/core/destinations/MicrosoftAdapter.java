package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;
import static dev.tracklayer.core.identity.FieldRule.hashed;
import static dev.tracklayer.core.identity.FieldRule.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.IdentityRuleSet;
import dev.tracklayer.core.identity.Normalization;
import dev.tracklayer.core.identity.Sha256;
import dev.tracklayer.core.identity.UserDataField;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft Advertising UET Conversions API: {@code POST /v1/{uet_tag_id}/events} with a Bearer
 * token and {@code {"data": [...]}}, up to 1,000 events. Page views go as {@code eventType:
 * pageLoad} (which needs the page URL); everything else as {@code custom} with {@code eventName}
 * set to the GA4-style name UET goals use ({@code purchase}, {@code add_to_cart}, …) or the
 * merchant's own name.
 *
 * <p>Identity, per Microsoft's CAPI guide: email trimmed, local part without dots or {@code
 * +alias}, lowercased, SHA-256; phone E.164 then SHA-256; msclkid, IP and user agent raw; {@code
 * anonymousId} from user_data.anon_id; {@code externalId} is a SHA-256 of the customer id, because
 * Microsoft asks never to send real user ids.
 *
 * <p>We leave {@code continueOnValidationError} false: Microsoft then rejects the whole batch and
 * names each invalid event by {@code index} in {@code error.details}, so those are FAILED and the
 * rest RETRY (they were not processed); with true, skipped events would go unreported.
 *
 * <p>Sources: learn.microsoft.com/advertising/guides/uet-conversion-api-integration (data schema,
 * hashing, errors, 1,000-event batches).
 */
public final class MicrosoftAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  static final IdentityRuleSet RULES =
      new IdentityRuleSet(
          "microsoft",
          List.of(
              hashed("ph", UserDataField.PHONE, Normalization.PHONE_E164),
              raw("msclkid", UserDataField.MSCLKID),
              raw("clientIpAddress", UserDataField.CLIENT_IP),
              raw("clientUserAgent", UserDataField.USER_AGENT),
              raw("anonymousId", UserDataField.ANON_ID)));

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "page_view"),
          Map.entry(StandardEvent.VIEW_CONTENT, "view_item"),
          Map.entry(StandardEvent.SEARCH, "search"),
          Map.entry(StandardEvent.ADD_TO_CART, "add_to_cart"),
          Map.entry(StandardEvent.ADD_TO_WISHLIST, "add_to_wishlist"),
          Map.entry(StandardEvent.INITIATE_CHECKOUT, "begin_checkout"),
          Map.entry(StandardEvent.ADD_PAYMENT_INFO, "add_payment_info"),
          Map.entry(StandardEvent.PURCHASE, "purchase"),
          Map.entry(StandardEvent.LEAD, "generate_lead"),
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "sign_up"),
          Map.entry(StandardEvent.SUBSCRIBE, "subscribe"));

  /** UET's retail page types, for dynamic remarketing. */
  private static final Map<StandardEvent, String> PAGE_TYPES =
      Map.of(
          StandardEvent.PURCHASE, "purchase",
          StandardEvent.ADD_TO_CART, "cart",
          StandardEvent.INITIATE_CHECKOUT, "cart",
          StandardEvent.VIEW_CONTENT, "product",
          StandardEvent.SEARCH, "searchresults");

  private static final Set<String> MATCH_KEYS =
      Set.of("msclkid", "em", "ph", "anonymousId", "externalId");

  @Override
  public String platform() {
    return "microsoft";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("uet_tag_id", "access_token");
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
    ObjectNode user = userData(event);
    return Payload.identifiable(user::has, MATCH_KEYS, "clientIpAddress", "clientUserAgent")
        ? Optional.empty()
        : Optional.of(
            "no usable identifier for Microsoft: needs msclkid, email, phone, anon_id, customer id,"
                + " or ip with user agent");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String url =
        ctx.endpoints().baseUrl(platform())
            + "/v1/"
            + Payload.pathSegment(credentials.require("uet_tag_id"))
            + "/events";
    ObjectNode body = Payload.object();
    ArrayNode data = body.putArray("data");
    for (TrackEvent e : events) {
      data.add(event(e, settings, ctx.now()));
    }
    body.put("continueOnValidationError", false);
    return DeliveryRequest.post(
        url, Payload.bearerJsonHeaders(credentials.require("access_token")), Payload.write(body));
  }

  private ObjectNode event(TrackEvent e, Map<String, String> settings, Instant now) {
    ObjectNode ev = Payload.object();
    Optional<StandardEvent> std = StandardEvent.of(e.eventName);
    boolean pageLoad =
        std.filter(StandardEvent.PAGE_VIEW::equals).isPresent() && e.eventSourceUrl != null;
    ev.put("eventType", pageLoad ? "pageLoad" : "custom");
    putIfPresent(ev, "eventId", e.eventId);
    if (!pageLoad) {
      ev.put("eventName", Payload.eventName(e, settings, NAMES, name -> name));
    }
    ev.put("eventTime", Payload.eventTimeSeconds(e, now));
    putIfPresent(ev, "eventSourceUrl", e.eventSourceUrl);
    if (e.consent != null && e.consent.marketing != null) {
      ev.put("adStorageConsent", e.consent.marketing ? "G" : "D");
    }
    ObjectNode user = userData(e);
    if (!user.isEmpty()) {
      ev.set("userData", user);
    }
    if (!pageLoad) {
      ObjectNode custom = customData(e, std);
      if (!custom.isEmpty()) {
        ev.set("customData", custom);
      }
    }
    return ev;
  }

  private static ObjectNode userData(TrackEvent e) {
    UserData u = Payload.userData(e);
    ObjectNode user =
        Payload.identityWithCanonicalEmail(u, "em", RULES, Payload.LocalPart.WITHOUT_DOTS);
    String customer = Payload.blankToNull(u.customerId);
    if (customer != null) {
      user.put("externalId", Sha256.isHex(customer) ? customer : Sha256.hex(customer));
    }
    return user;
  }

  private static ObjectNode customData(TrackEvent e, Optional<StandardEvent> std) {
    ObjectNode c = Payload.object();
    if (e.value != null) {
      c.put("value", e.value);
    }
    putIfPresent(c, "currency", Payload.currency(e));
    putIfPresent(c, "transactionId", e.orderId);
    std.map(PAGE_TYPES::get).ifPresent(t -> c.put("pageType", t));
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      Payload.putItemIds(c, "itemIds", items);
      Payload.putItems(c, "items", items, "id", "quantity", "price");
      if (e.value != null) {
        c.put("ecommTotalValue", e.value);
      }
    }
    return c;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    if (response.isSuccess()) {
      return Responses.delivered(response, batchSize);
    }
    JsonNode body = Responses.json(response);
    JsonNode error = body == null ? null : body.get("error");
    String text = error == null ? Responses.genericMessage(response) : errorText(error);
    JsonNode details = Responses.nonEmptyArray(error, "details");
    if (response.status() == 400 && details != null) {
      List<Outcome> out =
          Responses.perIndex(
              batchSize,
              Outcome.retry(
                  400, "not processed: another event of the batch was invalid (" + text + ")"));
      boolean located = false;
      for (JsonNode d : details) {
        int i = d.path("index").asInt(-1);
        if (i >= 0 && i < batchSize) {
          located = true;
          Outcome prior = out.get(i);
          String msg = d.path("propertyName").asText("") + ": " + d.path("errorMessage").asText("");
          out.set(
              i,
              Outcome.failed(
                  400, prior.isFailed() ? prior.message() + "; " + msg : text + " " + msg));
        }
      }
      if (located) {
        return out;
      }
    }
    return Responses.byStatus(response, text, batchSize);
  }

  private static String errorText(JsonNode error) {
    String code = error.path("code").asText("");
    String message = error.path("message").asText("");
    return code.isEmpty() ? message : code + ": " + message;
  }
}
