package dev.tracklayer.flink.pipeline.records;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A connection's delivery state as the keyed delivery operator decided it, on the compacted {@code
 * deliveries.connections} topic (key merchant/connection): {@code waiting} while it has a backlog,
 * an open breaker or a paused token, {@code clear} once it has none. Routing reads the topic as
 * broadcast, so every subtask's fast path hands a waiting connection's batches to the keyed
 * operator instead of calling the platform. The newest {@code version} wins.
 */
public class ConnectionSignal {
  public static final String WAITING = "waiting";
  public static final String CLEAR = "clear";

  @JsonProperty("merchant_id")
  public String merchantId;

  @JsonProperty("connection_id")
  public String connectionId;

  @JsonProperty("platform")
  public String platform;

  /** {@link #WAITING} or {@link #CLEAR}. */
  @JsonProperty("state")
  public String state;

  /**
   * Epoch millis of the decision, strictly increasing per operator and above every fast-path mark
   * it has seen: a subtask's own "waiting" mark ends only with a "clear" newer than it.
   */
  @JsonProperty("version")
  public long version;

  public ConnectionSignal() {}

  public ConnectionSignal(
      String merchantId, String connectionId, String platform, boolean waiting, long version) {
    this.merchantId = merchantId;
    this.connectionId = connectionId;
    this.platform = platform;
    this.state = waiting ? WAITING : CLEAR;
    this.version = version;
  }

  public boolean waiting() {
    return WAITING.equals(state);
  }

  /** The topic's key: one record per connection survives compaction. */
  public String key() {
    return merchantId + "/" + connectionId;
  }
}
