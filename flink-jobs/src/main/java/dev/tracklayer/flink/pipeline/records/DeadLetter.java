package dev.tracklayer.flink.pipeline.records;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A record the pipeline could not use, with why; written to a dead-letter topic. */
public class DeadLetter {
  @JsonProperty("reason")
  public String reason;

  @JsonProperty("topic")
  public String topic;

  @JsonProperty("partition")
  public int partition;

  @JsonProperty("offset")
  public long offset;

  /** The original record, as text (UTF-8, replacement characters for invalid bytes). */
  @JsonProperty("payload")
  public String payload;

  @JsonProperty("at")
  public long at;

  public DeadLetter() {}

  public DeadLetter(
      String reason, String topic, int partition, long offset, String payload, long at) {
    this.reason = reason;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.payload = payload;
    this.at = at;
  }
}
