package dev.tracklayer.core.quality;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A record of Kafka {@code events.rejected}: one request the gateway refused with 400 for a known
 * merchant (docs/ingest.md, "Quality signals"). It names what was wrong, never what was sent: no
 * body, no value, no message. A Flink POJO, for the job that rolls these up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Rejection {

  /** The merchant whose request it was; also the record's key. */
  @JsonProperty("merchant_id")
  public String merchantId;

  /** {@code server} or {@code browser}. */
  @JsonProperty("endpoint")
  public String endpoint;

  /** The error code answered: {@code invalid_json} or {@code validation_failed}. */
  @JsonProperty("code")
  public String code;

  /** The field errors of a validation_failed; empty for invalid_json. */
  @JsonProperty("details")
  public List<Detail> details;

  /** The body's event_id when it parsed and had a string one; absent otherwise. */
  @JsonProperty("event_id")
  public String eventId;

  /** Epoch milliseconds of the refusal. */
  @JsonProperty("received_at")
  public Long receivedAt;

  public Rejection() {}

  /** One field error: its code and JSON path, as in the 400's {@code error.details}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Detail {
    @JsonProperty("code")
    public String code;

    @JsonProperty("path")
    public String path;

    public Detail() {}

    public Detail(String code, String path) {
      this.code = code;
      this.path = path;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Detail other
          && Objects.equals(code, other.code)
          && Objects.equals(path, other.path);
    }

    @Override
    public int hashCode() {
      return Objects.hash(code, path);
    }

    @Override
    public String toString() {
      return code + "@" + path;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rejection other
        && Objects.equals(merchantId, other.merchantId)
        && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(code, other.code)
        && Objects.equals(details, other.details)
        && Objects.equals(eventId, other.eventId)
        && Objects.equals(receivedAt, other.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(merchantId, endpoint, code, details, eventId, receivedAt);
  }

  @Override
  public String toString() {
    return "Rejection{merchant_id="
        + merchantId
        + ", endpoint="
        + endpoint
        + ", code="
        + code
        + ", details="
        + details
        + ", event_id="
        + eventId
        + "}";
  }
}
