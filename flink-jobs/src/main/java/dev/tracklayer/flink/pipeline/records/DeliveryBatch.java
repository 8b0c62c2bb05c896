package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;
import java.util.ArrayList;
import java.util.List;

/** Events of one connection sent in one platform request; each keeps its own delivery status. */
public class DeliveryBatch {
  public ConnectionConfig connection;
  public List<TrackEvent> events = new ArrayList<>();

  /** The attempt this batch goes out as: 1 from the batcher, more when it is a retry. */
  public int attempt = 1;

  /** A retry's earliest send time (epoch millis, its backoff); 0: at once. */
  public long notBefore;

  /** The end of the retry window (epoch millis), set by the first attempt; 0: not started. */
  public long deadline;

  public DeliveryBatch() {}

  public DeliveryBatch(ConnectionConfig connection, List<TrackEvent> events) {
    this.connection = connection;
    this.events = new ArrayList<>(events);
  }

  /** The same connection's events that must go again, as attempt {@code attempt}. */
  public static DeliveryBatch retry(
      ConnectionConfig connection,
      List<TrackEvent> events,
      int attempt,
      long notBefore,
      long deadline) {
    DeliveryBatch batch = new DeliveryBatch(connection, events);
    batch.attempt = attempt;
    batch.notBefore = notBefore;
    batch.deadline = deadline;
    return batch;
  }
}
