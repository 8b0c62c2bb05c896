package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import org.apache.flink.api.java.functions.KeySelector;

/** Batches form per connection: one request carries one pixel's / account's events. */
public class TaskConnectionKey implements KeySelector<DeliveryTask, String> {
  @Override
  public String getKey(DeliveryTask task) {
    return task.connection.id;
  }
}
