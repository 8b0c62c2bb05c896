package dev.tracklayer.ingest.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Json;
import java.time.Instant;
import java.util.UUID;

/** Request bodies shaped like the API reference's example. */
public final class Events {
  private Events() {}

  public static String newEventId() {
    return "evt-" + UUID.randomUUID();
  }

  /** The API reference's purchase example, with this event_id and merchant_id and a fresh time. */
  public static ObjectNode purchase(String merchantId, String eventId) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("event_id", eventId);
    e.put("event_name", "purchase");
    e.put("event_time", Instant.now().getEpochSecond());
    if (merchantId != null) {
      e.put("merchant_id", merchantId);
    }
    e.put("source", "server");
    ObjectNode u = e.putObject("user_data");
    u.put("email", "buyer@example.com");
    u.put("phone", "+15551234567");
    u.put("first_name", "Ada");
    u.put("last_name", "Lovelace");
    u.put("city", "San Francisco");
    u.put("state", "ca");
    u.put("zip", "94103");
    u.put("country", "us");
    u.put("customer_id", "cust_123");
    u.putObject("browser_ids")
        .put("fbp", "fb.1.1700000000000.123")
        .put("fbc", "fb.1.1700000000000.abc");
    e.put("value", new java.math.BigDecimal("129.99"));
    e.put("currency", "USD");
    e.put("order_id", "12345");
    e.putArray("items")
        .addObject()
        .put("id", "SKU-A")
        .put("quantity", 1)
        .put("price", new java.math.BigDecimal("129.99"));
    return e;
  }

  /** A minimal browser page_view. */
  public static ObjectNode pageView(String merchantId, String eventId) {
    ObjectNode e = Json.mapper().createObjectNode();
    if (eventId != null) {
      e.put("event_id", eventId);
    }
    e.put("event_name", "page_view");
    e.put("event_time", Instant.now().getEpochSecond());
    e.put("merchant_id", merchantId);
    e.put("event_source_url", "https://shop.example/products/1");
    return e;
  }
}
