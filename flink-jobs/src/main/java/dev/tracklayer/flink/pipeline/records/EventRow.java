package dev.tracklayer.flink.pipeline.records;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;
import static dev.tracklayer.flink.pipeline.records.DeliveryResult.AMOUNT;
import static dev.tracklayer.flink.pipeline.records.DeliveryResult.DATE_TIME;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import dev.tracklayer.core.event.Attribution;
import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.ClickIds;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.Touch;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
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
          column("warning_paths", "Array(String)", r -> r.warningPaths));

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
    warnings(r, e.warnings);
    UserData u = e.userData;
    if (u != null) {
      r.emailSha256 = emailHash(u.email);
      r.country = orEmpty(Normalizers.country(u.country));
      r.hasEmail = flag(u.email);
      r.hasPhone = flag(u.phone);
      r.hasName = flag(u.firstName) | flag(u.lastName);
      r.hasAddress = flag(u.city) | flag(u.state) | flag(u.zip) | flag(u.postalCode);
      r.hasExternalId =
          flag(u.customerId) | (u.externalIds != null && !u.externalIds.isEmpty() ? 1 : 0);
      r.hasIp = flag(u.clientIp) | flag(u.ip);
      r.hasUserAgent = flag(u.userAgent);
      BrowserIds b = u.browserIds;
      if (b != null) {
        r.hasFbp = flag(b.fbp);
        r.hasFbc = flag(b.fbc);
        r.hasClickId =
            flag(b.fbc)
                | flag(b.ttclid)
                | flag(b.gclid)
                | flag(b.gbraid)
                | flag(b.wbraid)
                | flag(b.msclkid)
                | flag(b.scClickId)
                | flag(b.epik)
                | flag(b.rdtCid)
                | flag(b.liFatId)
                | flag(b.twclid);
      }
    }
    if (r.emailSha256 == null) {
      r.emailSha256 = "";
    }
    if (r.country == null) {
      r.country = "";
    }
    return r;
  }

  private static void warnings(EventRow r, List<Warning> warnings) {
    int n = warnings == null ? 0 : warnings.size();
    r.warningCodes = new ArrayList<>(n);
    r.warningPaths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Warning w = warnings.get(i);
      r.warningCodes.add(orEmpty(w.code));
      r.warningPaths.add(orEmpty(w.path));
    }
  }

  static String emailHash(String email) {
    if (email == null || email.isBlank()) {
      return "";
    }
    String trimmed = email.trim();
    if (Sha256.isHex(trimmed)) {
      return trimmed.toLowerCase(java.util.Locale.ROOT);
    }
    String normalized = Normalizers.email(trimmed);
    return normalized == null ? "" : Sha256.hex(normalized);
  }

  private static String platform(Touch touch) {
    return touch == null ? "" : orEmpty(ClickIds.platformOf(touch.param));
  }

  private static int flag(String s) {
    return s == null || s.isBlank() ? 0 : 1;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
