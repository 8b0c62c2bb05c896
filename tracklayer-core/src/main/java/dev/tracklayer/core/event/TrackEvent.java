package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.quality.EventWarnings;
import dev.tracklayer.core.quality.Warning;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One tracked event: the API reference's trackEventSchema plus the fields the gateway and pipeline
 * add. Shared by the WebFlux gateways (Jackson) and Flink, so it is a Flink POJO: public class,
 * public no-arg constructor, public non-final fields, and only types Flink serializes without Kryo
 * (String, boxed numbers, BigDecimal, List, nested POJOs). Boxed types keep "absent" distinct from
 * zero. Build instances from request bodies with {@link EventValidator}, which enforces the bounds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrackEvent {

  /** Accepted values of {@link #source}. */
  public static final Set<String> SOURCES = Set.of("server", "browser", "app", "offline", "replay");

  /** Client-chosen id; platforms deduplicate on (event_name, event_id). */
  @JsonProperty("event_id")
  public String eventId;

  @JsonProperty("event_name")
  public String eventName;

  /** Unix seconds. */
  @JsonProperty("event_time")
  public Long eventTime;

  /** Lower-case canonical UUID. */
  @JsonProperty("merchant_id")
  public String merchantId;

  /** One of {@link #SOURCES}. */
  @JsonProperty("source")
  public String source;

  @JsonProperty("user_data")
  public UserData userData;

  @JsonProperty("value")
  public BigDecimal value;

  /** Upper-case ISO 4217 code. */
  @JsonProperty("currency")
  public String currency;

  @JsonProperty("order_id")
  public String orderId;

  @JsonProperty("items")
  public List<Item> items;

  @JsonProperty("event_source_url")
  public String eventSourceUrl;

  @JsonProperty("consent")
  public Consent consent;

  /** First- and last-touch ad clicks; optional. */
  @JsonProperty("attribution")
  public Attribution attribution;

  // Set by the gateway / pipeline only; EventValidator drops them from client bodies.

  /** Epoch millis when the gateway accepted the event. */
  @PipelineField
  @JsonProperty("received_at")
  public Long receivedAt;

  @PipelineField
  @JsonProperty("api_key_id")
  public String apiKeyId;

  /**
   * The address and User-Agent the gateway saw. For server events they are the merchant's server,
   * not the shopper, so they never go into user_data there; browser events also copy them into
   * user_data when the page did not send its own.
   */
  @PipelineField
  @JsonProperty("ingest_ip")
  public String ingestIp;

  @PipelineField
  @JsonProperty("ingest_user_agent")
  public String ingestUserAgent;

  /** Explicit destination subset for forward / retry-failed; null means "every matching rule". */
  @PipelineField
  @JsonProperty("platforms")
  public List<String> platforms;

  /** The original event_id when this event is a replay. */
  @PipelineField
  @JsonProperty("replay_of")
  public String replayOf;

  /**
   * What the gateway noticed about the event without refusing it ({@link EventWarnings}); null when
   * nothing.
   */
  @PipelineField
  @JsonProperty("warnings")
  public List<Warning> warnings;

  public TrackEvent() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TrackEvent other)) {
      return false;
    }
    return Objects.equals(eventId, other.eventId)
        && Objects.equals(eventName, other.eventName)
        && Objects.equals(eventTime, other.eventTime)
        && Objects.equals(merchantId, other.merchantId)
        && Objects.equals(source, other.source)
        && Objects.equals(userData, other.userData)
        && Objects.equals(value, other.value)
        && Objects.equals(currency, other.currency)
        && Objects.equals(orderId, other.orderId)
        && Objects.equals(items, other.items)
        && Objects.equals(eventSourceUrl, other.eventSourceUrl)
        && Objects.equals(consent, other.consent)
        && Objects.equals(attribution, other.attribution)
        && Objects.equals(receivedAt, other.receivedAt)
        && Objects.equals(apiKeyId, other.apiKeyId)
        && Objects.equals(ingestIp, other.ingestIp)
        && Objects.equals(ingestUserAgent, other.ingestUserAgent)
        && Objects.equals(platforms, other.platforms)
        && Objects.equals(replayOf, other.replayOf)
        && Objects.equals(warnings, other.warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        eventId,
        eventName,
        eventTime,
        merchantId,
        source,
        userData,
        value,
        currency,
        orderId,
        items,
        eventSourceUrl,
        consent,
        attribution,
        receivedAt,
        apiKeyId,
        ingestIp,
        ingestUserAgent,
        platforms,
        replayOf,
        warnings);
  }

  /** Ids and amounts only; user_data is personal data and stays out of logs. */
  @Override
  public String toString() {
    return "TrackEvent{event_id="
        + eventId
        + ", event_name="
        + eventName
        + ", event_time="
        + eventTime
        + ", merchant_id="
        + merchantId
        + ", source="
        + source
        + ", value="
        + value
        + ", currency="
        + currency
        + ", order_id="
        + orderId
        + ", items="
        + (items == null ? 0 : items.size())
        + ", user_data="
        + userData
        + "}";
  }
}
