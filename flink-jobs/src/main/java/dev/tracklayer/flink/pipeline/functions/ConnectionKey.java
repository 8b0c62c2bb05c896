package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * (merchant_id, connection_id): what a connection's deliveries, backlog and breaker are keyed by.
 */
public class ConnectionKey implements KeySelector<DeliveryBatch, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(DeliveryBatch batch) {
    return of(batch);
  }

  /** A batch is one merchant's (connection ids are unique, and a connection is one merchant's). */
  static String of(DeliveryBatch batch) {
    String merchant = batch.merchantId != null ? batch.merchantId : batch.events.get(0).merchantId;
    return merchant + '\u0000' + batch.connection.id;
  }
}
