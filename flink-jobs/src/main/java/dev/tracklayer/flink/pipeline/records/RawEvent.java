package dev.tracklayer.flink.pipeline.records;

/** A record of events.raw before parsing, with where it came from for the dead-letter topic. */
public class RawEvent {
  public String topic;
  public int partition;
  public long offset;
  public byte[] value;

  public RawEvent() {}

  public RawEvent(String topic, int partition, long offset, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.value = value;
  }
}
