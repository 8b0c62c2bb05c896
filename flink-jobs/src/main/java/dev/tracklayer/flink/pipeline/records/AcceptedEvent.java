package dev.tracklayer.flink.pipeline.records;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.analytics.CustomerKey;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.util.List;

/**
 * A record of Kafka {@code events.accepted} (docs/analytics.md): one unique event as the rollup job
 * counts it, after the pipeline's 24 h dedup. Compact on purpose: no payload and no user data
 * beyond the hashed customer key and which fields were sent. A Flink POJO.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class AcceptedEvent {
  @JsonProperty("merchant_id")
  public String merchantId;

  @JsonProperty("event_id")
  public String eventId;

  @JsonProperty("event_name")
  public String eventName;

  @JsonProperty("source")
  public String source;

  /** Unix seconds, as the client sent it. */
  @JsonProperty("event_time")
  public long eventTime;

  /** Epoch milliseconds at the gateway: the server clock the rollup's watermark follows. */
  @JsonProperty("received_at")
  public long receivedAt;

  /** Written as null when absent (the contract's number|null), not left out. */
  @JsonProperty("value")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public BigDecimal value;

  /** Empty without one. */
  @JsonProperty("currency")
  public String currency;

  /** {@link IdentityFields} bits. */
  @JsonProperty("fields")
  public int fields;

  /** {@link CustomerKey}; empty without an identity. */
  @JsonProperty("customer_key")
  public String customerKey;

  /** Platform of the event's first-touch click id; empty without one. */
  @JsonProperty("first_touch_platform")
  public String firstTouchPlatform;

  @JsonProperty("warning_codes")
  public List<String> warningCodes;

  /** Index for index with {@link #warningCodes}. */
  @JsonProperty("warning_paths")
  public List<String> warningPaths;

  public AcceptedEvent() {}

  /** Computed apart from the events row, which would build the payload JSON for nothing. */
  public static AcceptedEvent of(TrackEvent e) {
    AcceptedEvent a = new AcceptedEvent();
    a.merchantId = e.merchantId;
    a.eventId = e.eventId;
    a.eventName = e.eventName;
    a.source = e.source == null ? "" : e.source;
    a.receivedAt = e.receivedAt == null ? System.currentTimeMillis() : e.receivedAt;
    a.eventTime = e.eventTime == null ? a.receivedAt / 1000 : e.eventTime;
    a.value = e.value;
    a.currency = e.currency == null ? "" : e.currency;
    a.fields = IdentityFields.of(e.userData);
    a.customerKey = CustomerKey.of(e.userData);
    a.firstTouchPlatform = EventRow.firstTouchPlatform(e);
    EventRow.Warnings w = EventRow.warnings(e.warnings);
    a.warningCodes = w.codes();
    a.warningPaths = w.paths();
    return a;
  }
}
