package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;

/** One event bound for one connection: the unit that the fan-out creates and delivery batches. */
public class DeliveryTask {
  public TrackEvent event;
  public ConnectionConfig connection;

  public DeliveryTask() {}

  public DeliveryTask(TrackEvent event, ConnectionConfig connection) {
    this.event = event;
    this.connection = connection;
  }
}
