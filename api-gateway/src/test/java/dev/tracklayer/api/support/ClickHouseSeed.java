package dev.tracklayer.api.support;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes events and delivery rows the way the pipeline's sinks do, for the read tests. */
public final class ClickHouseSeed {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final ClickHouseDatabase db;
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final List<Map<String, Object>> deliveries = new ArrayList<>();

  public ClickHouseSeed(ClickHouseDatabase db) {
    this.db = db;
  }

  public static final class Event {
    public String merchantId;
    public String eventId;
    public String eventName = "purchase";
    public String source = "server";
    public Instant eventTime = Instant.now();
    public BigDecimal value;
    public String currency = "";
    public String orderId = "";
    public String email;
    public String country = "us";
    public String replayOf = "";
    public long version = 1;

    /** events.customer_key (V006): who the funnel by customer groups by; "" for nobody. */
    public String customerKey = "";

    /** Warnings as {code, path} pairs, as the gateway found them. */
    public List<List<String>> warnings = List.of();

    public Event(String merchantId, String eventId) {
      this.merchantId = merchantId;
      this.eventId = eventId;
    }

    /** The TrackEvent JSON the pipeline stores in the payload column. */
    public Map<String, Object> payload() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("event_id", eventId);
      p.put("event_name", eventName);
      p.put("event_time", eventTime.getEpochSecond());
      p.put("merchant_id", merchantId);
      p.put("source", source);
      Map<String, Object> user = new LinkedHashMap<>();
      if (email != null) {
        user.put("email", email);
      }
      user.put("country", country);
      p.put("user_data", user);
      if (value != null) {
        p.put("value", value);
        p.put("currency", currency);
      }
      if (!orderId.isEmpty()) {
        p.put("order_id", orderId);
      }
      p.put("received_at", eventTime.toEpochMilli() + 500);
      p.put("api_key_id", "key-1");
      if (!replayOf.isEmpty()) {
        p.put("replay_of", replayOf);
      }
      if (!warnings.isEmpty()) {
        p.put(
            "warnings",
            warnings.stream().map(w -> Map.of("code", w.get(0), "path", w.get(1))).toList());
      }
      return p;
    }
  }

  public ClickHouseSeed event(Event e) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", e.merchantId);
    row.put("event_id", e.eventId);
    row.put("event_name", e.eventName);
    row.put("source", e.source);
    row.put("event_time", DATETIME.format(e.eventTime));
    row.put("received_at", DATETIME.format(e.eventTime.plusMillis(500)));
    row.put("value", e.value);
    row.put("currency", e.currency);
    row.put("order_id", e.orderId);
    row.put("event_source_url", "https://shop.example.com/checkout");
    row.put("email_sha256", e.email == null ? "" : Sha256.hex(Normalizers.email(e.email)));
    row.put("country", e.country);
    row.put("has_email", e.email == null ? 0 : 1);
    for (String flag :
        List.of(
            "has_phone",
            "has_name",
            "has_address",
            "has_external_id",
            "has_ip",
            "has_user_agent",
            "has_fbp",
            "has_fbc",
            "has_click_id")) {
      row.put(flag, 0);
    }
    row.put("api_key_id", "key-1");
    row.put("replay_of", e.replayOf);
    row.put("payload", Json.toJson(e.payload()));
    row.put("version", e.version);
    row.put("customer_key", e.customerKey);
    row.put("warning_codes", e.warnings.stream().map(w -> w.get(0)).toList());
    row.put("warning_paths", e.warnings.stream().map(w -> w.get(1)).toList());
    events.add(row);
    return this;
  }

  /** One state change of the delivery of {@code e} to {@code platform}. */
  public ClickHouseSeed delivery(
      Event e,
      String platform,
      String status,
      int attempts,
      int httpStatus,
      String error,
      long version) {
    return delivery(e, platform, status, attempts, httpStatus, error, version, null);
  }

  /**
   * As above, reached at {@code updatedAt} (by default {@code version} seconds after the event).
   */
  public ClickHouseSeed delivery(
      Event e,
      String platform,
      String status,
      int attempts,
      int httpStatus,
      String error,
      long version,
      Instant updatedAt) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", e.merchantId);
    row.put("event_id", e.eventId);
    row.put("event_name", e.eventName);
    row.put("event_date", DATE.format(e.eventTime));
    row.put("platform", platform);
    row.put("connection_id", "conn-" + platform);
    row.put("status", status);
    row.put("attempts", attempts);
    row.put("http_status", httpStatus);
    row.put("error", error);
    row.put("latency_ms", 100 * attempts);
    row.put("value", e.value);
    row.put("received_at", DATETIME.format(e.eventTime.plusMillis(500)));
    row.put(
        "updated_at",
        DATETIME.format(updatedAt != null ? updatedAt : e.eventTime.plusSeconds(version)));
    row.put("version", version);
    deliveries.add(row);
    return this;
  }

  public void write() {
    db.insert("events", events);
    db.insert("deliveries", deliveries);
    events.clear();
    deliveries.clear();
  }
}
