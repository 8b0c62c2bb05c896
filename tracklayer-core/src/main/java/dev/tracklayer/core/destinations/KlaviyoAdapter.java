package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Normalizers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Klaviyo Events API: {@code POST /api/events}, one event per request, JSON:API body, {@code
 * Authorization: Klaviyo-API-Key <private key>} and a {@code revision} header. Klaviyo is a CRM,
 * not an ad network: it takes the profile unhashed (email, E.164 phone, names, location) and
 * creates or updates it. A value that the client already hashed is left out, since a hash is not an
 * email. {@code unique_id} is the event_id, so a retried event is not counted twice.
 *
 * <p>Metric names: Klaviyo's e-commerce flows listen for {@code Placed Order}, {@code Viewed
 * Product}, {@code Added to Cart}, {@code Started Checkout} and {@code Active on Site}; other
 * events keep their TrackLayer name (Klaviyo creates the metric).
 *
 * <p>Settings: {@code revision} (default {@value #REVISION}), {@code event_name.<name>}.
 *
 * <p>Sources: developers.klaviyo.com/en/reference/create_event (revision 2026-07-15: 202 Accepted,
 * JSON:API errors, 350/s burst).
 */
public final class KlaviyoAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  static final String REVISION = "2026-07-15";

  private static final String JSON_API = "application/vnd.api+json";

  private static final Map<StandardEvent, String> NAMES =
      Map.ofEntries(
          Map.entry(StandardEvent.PAGE_VIEW, "Active on Site"),
          Map.entry(StandardEvent.VIEW_CONTENT, "Viewed Product"),
          Map.entry(StandardEvent.ADD_TO_CART, "Added to Cart"),
          Map.entry(StandardEvent.INITIATE_CHECKOUT, "Started Checkout"),
          Map.entry(StandardEvent.PURCHASE, "Placed Order"));

  @Override
  public String platform() {
    return "klaviyo";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("private_api_key");
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
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    ObjectNode profile = profile(Payload.userData(event));
    if (profile.has("email")
        || profile.has("phone_number")
        || profile.has("external_id")
        || profile.has("anonymous_id")) {
      return Optional.empty();
    }
    return Optional.of(
        "no Klaviyo profile identifier: needs an unhashed email, a phone number, a customer id or"
            + " anon_id");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    if (events.size() != 1) {
      throw new IllegalArgumentException(
          "Klaviyo takes one event per request, got " + events.size());
    }
    TrackEvent e = events.get(0);
    ObjectNode attributes = Payload.object();
    attributes.set("properties", properties(e));
    attributes.put(
        "time",
        DateTimeFormatter.ISO_INSTANT.format(
            Instant.ofEpochSecond(Payload.eventTimeSeconds(e, ctx.now()))));
    if (e.value != null) {
      attributes.put("value", e.value);
    }
    putIfPresent(attributes, "value_currency", Payload.currency(e));
    putIfPresent(attributes, "unique_id", e.eventId);
    ObjectNode metric = attributes.putObject("metric").putObject("data");
    metric.put("type", "metric");
    metric.putObject("attributes").put("name", Payload.eventName(e, settings, NAMES, name -> name));
    ObjectNode profile = attributes.putObject("profile").putObject("data");
    profile.put("type", "profile");
    profile.set("attributes", profile(Payload.userData(e)));

    ObjectNode body = Payload.object();
    ObjectNode data = body.putObject("data");
    data.put("type", "event");
    data.set("attributes", attributes);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Klaviyo-API-Key " + credentials.require("private_api_key"));
    headers.put("revision", Payload.setting(settings, "revision", REVISION));
    headers.put("Accept", JSON_API);
    headers.put("Content-Type", JSON_API);
    return DeliveryRequest.post(
        ctx.endpoints().baseUrl(platform()) + "/api/events", headers, Payload.write(body));
  }

  private static ObjectNode properties(TrackEvent e) {
    ObjectNode p = Payload.object();
    putIfPresent(p, "event_id", e.eventId);
    putIfPresent(p, "order_id", e.orderId);
    putIfPresent(p, "source", e.source);
    putIfPresent(p, "event_source_url", e.eventSourceUrl);
    List<Item> items = Payload.items(e);
    if (!items.isEmpty()) {
      Payload.putItems(p, "items", items, "id", "quantity", "price");
      p.put("item_count", Payload.itemCount(e));
    }
    return p;
  }

  /** Klaviyo profile attributes: raw values, normalized but never hashed. */
  static ObjectNode profile(UserData u) {
    ObjectNode p = Payload.object();
    String country = Normalizers.country(u.country);
    if (!Payload.looksHashed(u.email)) {
      putIfPresent(p, "email", Normalizers.email(u.email));
    }
    if (!Payload.looksHashed(u.phone)) {
      putIfPresent(p, "phone_number", Normalizers.phoneE164(u.phone, country));
    }
    putIfPresent(p, "external_id", Payload.blankToNull(u.customerId));
    putIfPresent(p, "anonymous_id", Payload.blankToNull(u.anonId));
    if (!Payload.looksHashed(u.firstName)) {
      putIfPresent(p, "first_name", Payload.blankToNull(u.firstName));
    }
    if (!Payload.looksHashed(u.lastName)) {
      putIfPresent(p, "last_name", Payload.blankToNull(u.lastName));
    }
    ObjectNode location = Payload.object();
    if (!Payload.looksHashed(u.city)) {
      putIfPresent(location, "city", Payload.blankToNull(u.city));
    }
    if (!Payload.looksHashed(u.state)) {
      putIfPresent(location, "region", Payload.blankToNull(u.state));
    }
    String zip = Payload.blankToNull(u.zip != null ? u.zip : u.postalCode);
    if (!Payload.looksHashed(zip)) {
      putIfPresent(location, "zip", zip);
    }
    putIfPresent(location, "country", country == null ? null : country.toUpperCase(Locale.ROOT));
    putIfPresent(location, "ip", Payload.clientIp(u));
    if (!location.isEmpty()) {
      p.set("location", location);
    }
    return p;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    JsonNode errors = Responses.nonEmptyArray(body, "errors");
    String text = Responses.genericMessage(response);
    if (errors != null) {
      JsonNode first = errors.get(0);
      String title = first.path("title").asText("");
      String detail = first.path("detail").asText("");
      String pointer = first.path("source").path("pointer").asText("");
      text =
          title
              + (detail.isEmpty() ? "" : " " + detail)
              + (pointer.isEmpty() ? "" : " (" + pointer + ")");
    }
    return Responses.byStatus(response, text, batchSize);
  }
}
