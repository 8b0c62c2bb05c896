package dev.tracklayer.ingest.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.ingest.testing.Events;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid bodies to start from: the API reference's purchase with every user_data field, items,
 * attribution and consent filled, so a mutation can land on any field the gateway knows.
 */
final class FuzzBodies {
  private static final AtomicLong NEXT_CLIENT = new AtomicLong(1);

  /** The string values a byte-level mutation aims at. */
  static final List<String> STRING_KEYS =
      List.of(
          "event_id",
          "event_name",
          "email",
          "first_name",
          "city",
          "customer_id",
          "fbp",
          "order_id");

  /** Free-text fields the gateway keeps as sent, as JSON paths. */
  static final List<List<Object>> TEXT_PATHS =
      List.of(
          List.of("order_id"),
          List.of("items", 0, "id"),
          List.of("attribution", "first_touch", "value"),
          List.of("user_data", "email"),
          List.of("user_data", "phone"),
          List.of("user_data", "first_name"),
          List.of("user_data", "last_name"),
          List.of("user_data", "city"),
          List.of("user_data", "state"),
          List.of("user_data", "zip"),
          List.of("user_data", "country"),
          List.of("user_data", "customer_id"),
          List.of("user_data", "external_ids", 1),
          List.of("user_data", "user_agent"),
          List.of("user_data", "madid"),
          List.of("user_data", "anon_id"),
          List.of("user_data", "browser_ids", "fbp"),
          List.of("user_data", "browser_ids", "gclid"));

  private FuzzBodies() {}

  static ObjectNode event(String merchantId) {
    ObjectNode e = Events.purchase(merchantId, Events.newEventId());
    e.put("event_time", Instant.now().getEpochSecond());
    e.put("event_source_url", "https://shop.example/checkout?step=2");
    ObjectNode u = (ObjectNode) e.get("user_data");
    u.put("gender", "f");
    u.put("date_of_birth", "19900101");
    u.put("postal_code", "94103");
    u.putArray("external_ids").add("ext-1").add("ext-2");
    u.put("client_ip", "198.51.100.7");
    u.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0");
    u.put("madid", "6D92078A-8246-4BA4-AE5B-76104861E7DC");
    u.put("lead_id", "lead-1");
    u.put("anon_id", "anon-1");
    ((ObjectNode) u.get("browser_ids")).put("gclid", "Cj0KCQ").put("ttclid", "tt-1");
    e.putObject("consent").put("marketing", true).put("analytics", false);
    long now = Instant.now().getEpochSecond();
    ObjectNode attribution = e.putObject("attribution");
    attribution.putObject("first_touch").put("param", "gclid").put("value", "Cj0").put("at", now);
    attribution.putObject("last_touch").put("param", "fbclid").put("value", "IwA").put("at", now);
    return e;
  }

  /** The same event with a fresh event_id and time. */
  static ObjectNode fresh(ObjectNode template) {
    ObjectNode e = template.deepCopy();
    e.put("event_id", Events.newEventId());
    e.put("event_time", Instant.now().getEpochSecond());
    return e;
  }

  /** A client address of its own for each browser request, so the rate limit never applies. */
  static String nextClientIp() {
    long n = NEXT_CLIENT.getAndIncrement();
    return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }
}
