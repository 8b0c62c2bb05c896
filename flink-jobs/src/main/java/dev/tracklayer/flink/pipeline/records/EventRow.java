package dev.tracklayer.flink.pipeline.records;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;
import static dev.tracklayer.flink.pipeline.records.DeliveryResult.AMOUNT;
import static dev.tracklayer.flink.pipeline.records.DeliveryResult.DATE_TIME;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.analytics.CustomerKey;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import dev.tracklayer.core.event.Attribution;
import dev.tracklayer.core.event.ClickIds;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.Touch;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.quality.Warning;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A row of ClickHouse {@code events}: the event, which identifiers it carried, its payload. */
public class EventRow {
  @JsonProperty("merchant_id")
  public String merchantId;

  @JsonProperty("event_id")
  public String eventId;

  @JsonProperty("event_name")
  public String eventName;

  @JsonProperty("source")
  public String source;

  @JsonProperty("event_time")
  public long eventTime;

  @JsonProperty("received_at")
  public long receivedAt;

  @JsonProperty("value")
  public BigDecimal value;

  @JsonProperty("currency")
  public String currency;

  @JsonProperty("order_id")
  public String orderId;

  @JsonProperty("event_source_url")
  public String eventSourceUrl;

  /** SHA-256 of the normalized email: the dashboard's exact-email search matches on it. */
  @JsonProperty("email_sha256")
  public String emailSha256;

  @JsonProperty("country")
  public String country;

  @JsonProperty("has_email")
  public int hasEmail;

  @JsonProperty("has_phone")
  public int hasPhone;

  @JsonProperty("has_name")
  public int hasName;

  @JsonProperty("has_address")
  public int hasAddress;

  @JsonProperty("has_external_id")
  public int hasExternalId;

  @JsonProperty("has_ip")
  public int hasIp;

  @JsonProperty("has_user_agent")
  public int hasUserAgent;

  @JsonProperty("has_fbp")
  public int hasFbp;

  @JsonProperty("has_fbc")
  public int hasFbc;

  @JsonProperty("has_click_id")
  public int hasClickId;

  /** {@link IdentityFields} bits of the has_* columns above, for records derived from the row. */
  @JsonIgnore public int fields;

  /** {@link CustomerKey}: who the customer is, for the funnel and first-touch attribution. */
  @JsonProperty("customer_key")
  public String customerKey;

  /** Platform key of the first touch's click id ({@link ClickIds}); empty without one. */
  @JsonProperty("first_touch_platform")
  public String firstTouchPlatform;

  /** Unix seconds of the first touch; 0 without one. */
  @JsonProperty("first_touch_at")
  public long firstTouchAt;

  @JsonProperty("last_touch_platform")
  public String lastTouchPlatform;

  @JsonProperty("api_key_id")
  public String apiKeyId;

  @JsonProperty("replay_of")
  public String replayOf;

  @JsonProperty("payload")
  public String payload;

  @JsonProperty("version")
  public long version;

  /** Codes of the event's warnings ({@link Warning}), in the gateway's order; empty without. */
  @JsonProperty("warning_codes")
  public List<String> warningCodes;

  /** The JSON path of each warning, index for index with {@link #warningCodes}. */
  @JsonProperty("warning_paths")
  public List<String> warningPaths;

  /** How the sink writes a row into ClickHouse {@code events}. */
  public static final RowBinaryFormat<EventRow> CLICKHOUSE =
      new RowBinaryFormat<>(
          column("merchant_id", "String", r -> r.merchantId),
          column("event_id", "String", r -> r.eventId),
          column("event_name", "String", r -> r.eventName),
          column("source", "String", r -> r.source),
          column("event_time", DATE_TIME, r -> Instant.ofEpochSecond(r.eventTime)),
          column("received_at", DATE_TIME, r -> Instant.ofEpochSecond(r.receivedAt)),
          column("value", AMOUNT, r -> RowBinaryFormat.decimal(r.value, 4)),
          column("currency", "String", r -> r.currency),
          column("order_id", "String", r -> r.orderId),
          column("event_source_url", "String", r -> r.eventSourceUrl),
          column("email_sha256", "String", r -> r.emailSha256),
          column("country", "String", r -> r.country),
          column("has_email", "UInt8", r -> r.hasEmail),
          column("has_phone", "UInt8", r -> r.hasPhone),
          column("has_name", "UInt8", r -> r.hasName),
          column("has_address", "UInt8", r -> r.hasAddress),
          column("has_external_id", "UInt8", r -> r.hasExternalId),
          column("has_ip", "UInt8", r -> r.hasIp),
          column("has_user_agent", "UInt8", r -> r.hasUserAgent),
          column("has_fbp", "UInt8", r -> r.hasFbp),
          column("has_fbc", "UInt8", r -> r.hasFbc),
          column("has_click_id", "UInt8", r -> r.hasClickId),
          column("api_key_id", "String", r -> r.apiKeyId),
          column("replay_of", "String", r -> r.replayOf),
          column("payload", "String", r -> r.payload),
          column("version", "UInt64", r -> r.version),
          column("first_touch_platform", "String", r -> r.firstTouchPlatform),
          column("first_touch_at", DATE_TIME, r -> Instant.ofEpochSecond(r.firstTouchAt)),
          column("last_touch_platform", "String", r -> r.lastTouchPlatform),
          column("warning_codes", "Array(String)", r -> r.warningCodes),
          column("warning_paths", "Array(String)", r -> r.warningPaths),
          column("customer_key", "String", r -> r.customerKey));

  public EventRow() {}

  public static EventRow of(TrackEvent e) {
    EventRow r = new EventRow();
    r.merchantId = e.merchantId;
    r.eventId = e.eventId;
    r.eventName = e.eventName;
    r.source = orEmpty(e.source);
    r.eventTime = e.eventTime;
    long received = e.receivedAt == null ? System.currentTimeMillis() : e.receivedAt;
    r.receivedAt = received / 1000;
    r.value = e.value;
    r.currency = orEmpty(e.currency);
    r.orderId = orEmpty(e.orderId);
    r.eventSourceUrl = orEmpty(e.eventSourceUrl);
    r.apiKeyId = orEmpty(e.apiKeyId);
    r.replayOf = orEmpty(e.replayOf);
    r.payload = Json.toJson(e);
    r.version = received;
    Attribution a = e.attribution;
    Touch first = a == null ? null : a.firstTouch;
    Touch last = a == null ? null : a.lastTouch;
    r.firstTouchPlatform = platform(first);
    r.firstTouchAt = first == null || first.at == null ? 0 : first.at;
    r.lastTouchPlatform = platform(last);
    Warnings w = warnings(e.warnings);
    r.warningCodes = w.codes();
    r.warningPaths = w.paths();
    UserData u = e.userData;
    r.emailSha256 = u == null ? "" : CustomerKey.emailSha256(u.email);
    r.country = u == null ? "" : orEmpty(Normalizers.country(u.country));
    r.customerKey = CustomerKey.of(u);
    int f = IdentityFields.of(u);
    r.fields = f;
    r.hasEmail = bit(f, IdentityFields.EMAIL);
    r.hasPhone = bit(f, IdentityFields.PHONE);
    r.hasName = bit(f, IdentityFields.NAME);
    r.hasAddress = bit(f, IdentityFields.ADDRESS);
    r.hasExternalId = bit(f, IdentityFields.EXTERNAL_ID);
    r.hasIp = bit(f, IdentityFields.IP);
    r.hasUserAgent = bit(f, IdentityFields.USER_AGENT);
    r.hasFbp = bit(f, IdentityFields.FBP);
    r.hasFbc = bit(f, IdentityFields.FBC);
    r.hasClickId = bit(f, IdentityFields.CLICK_ID);
    return r;
  }

  /** An event's warnings as the two index-aligned columns. */
  record Warnings(List<String> codes, List<String> paths) {}

  static Warnings warnings(List<Warning> warnings) {
    int n = warnings == null ? 0 : warnings.size();
    List<String> codes = new ArrayList<>(n);
    List<String> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Warning w = warnings.get(i);
      codes.add(orEmpty(w.code));
      paths.add(orEmpty(w.path));
    }
    return new Warnings(codes, paths);
  }

  static String firstTouchPlatform(TrackEvent e) {
    return platform(e.attribution == null ? null : e.attribution.firstTouch);
  }

  private static int bit(int fields, IdentityFields field) {
    return field.in(fields) ? 1 : 0;
  }

  private static String platform(Touch touch) {
    return touch == null ? "" : orEmpty(ClickIds.platformOf(touch.param));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
