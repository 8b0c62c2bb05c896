package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.IdentityRuleSet;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GA4 Measurement Protocol: {@code POST /mp/collect?measurement_id=…&api_secret=…}, one event per
 * request (a request belongs to one client_id). User-provided data through {@link
 * IdentityRuleSet#GOOGLE}, with the address fields nested in {@code user_data.address[0]}.
 *
 * <p>The client id: TrackLayer does not capture the {@code _ga} cookie, so we use {@code
 * user_data.anon_id} when the merchant sends one, and otherwise derive a stable GA-shaped id
 * ({@code <10 digits>.<10 digits>}) from the merchant id and the first of customer_id, normalized
 * email, event_id. The same shopper therefore maps to the same GA4 client across events; a shopper
 * with no identity becomes a one-event client. {@code user_id} is the customer_id.
 *
 * <p>GA4 answers 2xx even for invalid payloads; only the validation endpoint ({@code validate}
 * setting → {@code /debug/mp/collect}) reports problems, as {@code validationMessages}. GA4 does
 * not deduplicate events; purchases are deduplicated on {@code transaction_id}.
 *
 * <p>Settings: {@code validate} (use the validation endpoint; nothing is recorded), {@code
 * debug_mode} (show in DebugView), {@code event_name.<name>}.
 *
 * <p>Sources: developers.google.com/analytics/devguides/collection/protocol/ga4 (reference, sending
 * events, user-provided data); docs/identity.md.
 */
public final class Ga4Adapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  /** Measurement Protocol timestamps may be backdated at most 72 hours. */
  static final Duration MAX_AGE = Duration.ofHours(72);

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
          Map.entry(StandardEvent.COMPLETE_REGISTRATION, "sign_up"));

  private static final Set<String> ADDRESS_KEYS =
      Set.of("sha256_first_name", "sha256_last_name", "city", "region", "postal_code", "country");

  @Override
  public String platform() {
    return "ga4";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("measurement_id", "api_secret");
  }

  @Override
  public int maxBatchSize() {
    return 1;
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
    return Payload.olderThan(
        event, now, MAX_AGE, "the Measurement Protocol backdates at most 72 hours");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    if (events.size() != 1) {
      throw new IllegalArgumentException("GA4 takes one event per request, got " + events.size());
    }
    TrackEvent e = events.get(0);
    String path = Payload.flag(settings, "validate") ? "/debug/mp/collect" : "/mp/collect";
    String url =
        ctx.endpoints().baseUrl(platform())
            + path
            + "?measurement_id="
            + Payload.urlEncode(credentials.require("measurement_id"))
            + "&api_secret="
            + Payload.urlEncode(credentials.require("api_secret"));

    UserData u = Payload.userData(e);
    ObjectNode body = Payload.object();
    body.put("client_id", clientId(e));
    putIfPresent(body, "user_id", Payload.blankToNull(u.customerId));
    body.put("timestamp_micros", Payload.eventTimeSeconds(e, ctx.now()) * 1_000_000L);
    ObjectNode userData = userData(u);
    if (!userData.isEmpty()) {
      body.set("user_data", userData);
    }
    if (e.consent != null && e.consent.marketing != null) {
      String v = e.consent.marketing ? "GRANTED" : "DENIED";
      body.putObject("consent").put("ad_user_data", v).put("ad_personalization", v);
    }
    putIfPresent(body, "ip_override", Payload.clientIp(u));
    ArrayNode list = body.putArray("events");
    ObjectNode ev = list.addObject();
    ev.put("name", Payload.eventName(e, settings, NAMES, Ga4Adapter::customName));
    ev.set("params", params(e, settings));
    return DeliveryRequest.post(url, Map.of("Content-Type", Payload.JSON), Payload.write(body));
  }

  private static ObjectNode userData(UserData u) {
    Map<String, Object> flat = IdentityRuleSet.GOOGLE.apply(u);
    ObjectNode out = Payload.object();
    ObjectNode address = Payload.object();
    flat.forEach(
        (k, v) -> {
          if (ADDRESS_KEYS.contains(k)) {
            Payload.put(address, k, v);
          } else {
            Payload.put(out, k, v);
          }
        });
    if (!address.isEmpty()) {
      out.putArray("address").add(address);
    }
    return out;
  }

  private static ObjectNode params(TrackEvent e, Map<String, String> settings) {
    ObjectNode p = Payload.object();
    putIfPresent(p, "currency", Payload.currency(e));
    if (e.value != null) {
      p.put("value", e.value);
    }
    putIfPresent(p, "transaction_id", e.orderId);
    // Not a GA4 field: kept so a merchant can match GA4 rows to TrackLayer deliveries.
    putIfPresent(p, "event_id", e.eventId);
    putIfPresent(p, "page_location", e.eventSourceUrl);
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      Payload.putItems(p, "items", items, "item_id", "quantity", "price");
    }
    if (Payload.flag(settings, "debug_mode")) {
      p.put("debug_mode", true);
    }
    return p;
  }

  /**
   * GA4 event names are letters, digits and underscores, start with a letter, at most 40
   * characters; anything else is folded into that shape rather than silently dropped by Google.
   */
  static String customName(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      sb.append(
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
    }
    String s = sb.toString();
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "e_" + s;
    }
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  static String clientId(TrackEvent e) {
    UserData u = Payload.userData(e);
    String anon = Payload.blankToNull(u.anonId);
    if (anon != null) {
      return anon;
    }
    String seed = Payload.blankToNull(u.customerId);
    if (seed == null) {
      seed = Normalizers.email(u.email);
    }
    if (seed == null) {
      seed = "event:" + e.eventId;
    }
    String h = Sha256.hex("tracklayer-ga4-client|" + e.merchantId + "|" + seed);
    long a = Long.parseLong(h.substring(0, 12), 16) % 9_000_000_000L + 1_000_000_000L;
    long b = Long.parseLong(h.substring(12, 24), 16) % 9_000_000_000L + 1_000_000_000L;
    return a + "." + b;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    if (response.isSuccess()) {
      JsonNode body = Responses.json(response);
      JsonNode messages = Responses.nonEmptyArray(body, "validationMessages");
      if (messages != null) {
        JsonNode first = messages.get(0);
        String text =
            first.path("validationCode").asText("")
                + ": "
                + first.path("description").asText(first.toString());
        return Responses.all(Outcome.failed(response.status(), text), batchSize);
      }
    }
    return Responses.byStatus(response, Responses.genericMessage(response), batchSize);
  }
}
