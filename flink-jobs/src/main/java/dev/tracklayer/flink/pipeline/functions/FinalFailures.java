package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import org.apache.flink.api.common.functions.FilterFunction;

/** Deliveries whose retries ran out (ERROR): the dead-letter topic, for operators to re-drive. */
public class FinalFailures implements FilterFunction<DeliveryResult> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean filter(DeliveryResult result) {
    return DeliveryStatus.ERROR.name().equals(result.status);
  }
}
