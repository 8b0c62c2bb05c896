package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;

/** One event bound for one connection: the unit that the fan-out creates and delivery batches. */
public class DeliveryTask {
  public TrackEvent event;
  public ConnectionConfig connection;

  /**
   * The connection's latest delivery state routing knew of ({@link ConnectionSignal}): its version
   * (0: none) and whether it is waiting.
   */
  public long signalVersion;

  public boolean signalWaiting;

  public DeliveryTask() {}

  public DeliveryTask(TrackEvent event, ConnectionConfig connection) {
    this.event = event;
    this.connection = connection;
  }
}
