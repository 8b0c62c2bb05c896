package dev.tracklayer.flink.pipeline.records;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import dev.tracklayer.core.delivery.DeliveryVersions;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One state of one (event, platform) delivery: a row of ClickHouse {@code deliveries} (the highest
 * {@code version} wins) and a record of the {@code deliveries.results} topic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class DeliveryResult {
  @JsonProperty("merchant_id")
  public String merchantId;

  @JsonProperty("event_id")
  public String eventId;

  @JsonProperty("event_name")
  public String eventName;

  @JsonProperty("event_date")
  public String eventDate;

  /** The event's source (server, browser, …); empty in records written before it was added. */
  @JsonProperty("source")
  public String source = "";

  /** The event's event_time, unix seconds; 0 in records written before it was added. */
  @JsonProperty("event_time")
  public long eventTime;

  /** {@link IdentityFields} bits of the event's user_data (per-platform match quality). */
  @JsonProperty("fields")
  public int fields;

  @JsonProperty("platform")
  public String platform;

  @JsonProperty("connection_id")
  public String connectionId;

  @JsonProperty("status")
  public String status;

  @JsonProperty("attempts")
  public int attempts;

  @JsonProperty("http_status")
  public int httpStatus;

  @JsonProperty("error")
  public String error;

  /** From the gateway's received_at to the platform's answer. */
  @JsonProperty("latency_ms")
  public long latencyMs;

  @JsonProperty("value")
  public BigDecimal value;

  @JsonProperty("received_at")
  public long receivedAt;

  @JsonProperty("updated_at")
  public long updatedAt;

  /** Orders the states of one delivery: epoch micros of the change, then the status's rank. */
  @JsonProperty("version")
  public long version;

  /** A RETRY's next attempt (epoch millis); 0 for every other state. */
  @JsonProperty("next_attempt_at")
  public long nextAttemptAt;

  static final String DATE_TIME = "DateTime('UTC')";
  static final String AMOUNT = "Nullable(Decimal(18, 4))";

  /** How the sink writes a state into ClickHouse {@code deliveries}. */
  public static final RowBinaryFormat<DeliveryResult> CLICKHOUSE =
      new RowBinaryFormat<>(
          column("merchant_id", "String", r -> r.merchantId),
          column("event_id", "String", r -> r.eventId),
          column("event_name", "String", r -> r.eventName),
          column("event_date", "Date", r -> LocalDate.parse(r.eventDate)),
          column("platform", "String", r -> r.platform),
          column("connection_id", "String", r -> r.connectionId),
          column("status", "String", r -> r.status),
          column("attempts", "UInt16", r -> r.attempts),
          column("http_status", "UInt16", r -> r.httpStatus),
          column("error", "String", r -> r.error),
          column("latency_ms", "UInt32", r -> r.latencyMs),
          column("value", AMOUNT, r -> RowBinaryFormat.decimal(r.value, 4)),
          column("received_at", DATE_TIME, r -> Instant.ofEpochSecond(r.receivedAt)),
          column("updated_at", DATE_TIME, r -> Instant.ofEpochSecond(r.updatedAt)),
          column("version", "UInt64", r -> r.version),
          column("next_attempt_at", "UInt64", r -> r.nextAttemptAt));

  public DeliveryResult() {}

  public static DeliveryResult of(
      TrackEvent event,
      String platform,
      String connectionId,
      DeliveryStatus status,
      int attempts,
      int httpStatus,
      String error,
      Instant now) {
    DeliveryResult r = new DeliveryResult();
    r.merchantId = event.merchantId;
    r.eventId = event.eventId;
    r.eventName = event.eventName;
    r.eventDate =
        Instant.ofEpochSecond(event.eventTime).atZone(ZoneOffset.UTC).toLocalDate().toString();
    r.source = event.source == null ? "" : event.source;
    r.eventTime = event.eventTime;
    r.fields = IdentityFields.of(event.userData);
    r.platform = platform;
    r.connectionId = connectionId == null ? "" : connectionId;
    r.status = status.name();
    r.attempts = attempts;
    r.httpStatus = httpStatus;
    r.error = error == null ? "" : error;
    long received = event.receivedAt == null ? now.toEpochMilli() : event.receivedAt;
    r.receivedAt = received / 1000;
    r.updatedAt = now.getEpochSecond();
    r.latencyMs = status == DeliveryStatus.QUEUED ? 0 : Math.max(0, now.toEpochMilli() - received);
    r.value = event.value;
    // The first final state stays the state; a recovery's re-send is only an attempt.
    r.version = DeliveryVersions.of(now, status.ordinal(), r.isFinal());
    return r;
  }

  @JsonIgnore
  public boolean isFinal() {
    return !DeliveryStatus.QUEUED.name().equals(status)
        && !DeliveryStatus.RETRY.name().equals(status);
  }
}
