package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;
import java.util.ArrayList;
import java.util.List;

/** Events of one merchant's connection, for one platform request; each keeps its own status. */
public class DeliveryBatch {
  public ConnectionConfig connection;
  public List<TrackEvent> events = new ArrayList<>();

  public DeliveryBatch() {}

  public DeliveryBatch(ConnectionConfig connection, List<TrackEvent> events) {
    this.connection = connection;
    this.events = new ArrayList<>(events);
  }
}
