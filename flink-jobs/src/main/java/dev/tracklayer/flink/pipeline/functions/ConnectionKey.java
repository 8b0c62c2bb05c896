package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * (merchant_id, connection_id): what a connection's deliveries, backlog and breaker are keyed by.
 */
public class ConnectionKey implements KeySelector<DeliveryTask, String> {
  @Override
  public String getKey(DeliveryTask task) {
    return of(task);
  }

  static String of(DeliveryTask task) {
    return task.event.merchantId + '\u0000' + task.connection.id;
  }
}
