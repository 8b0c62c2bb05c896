package dev.tracklayer.flink.pipeline.sinks;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** merchant:event:platform, so every state of one delivery lands on one partition, in order. */
public class DeliveryResultKey implements SerializationSchema<DeliveryResult> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] serialize(DeliveryResult r) {
    return (r.merchantId + ":" + r.eventId + ":" + r.platform).getBytes(StandardCharsets.UTF_8);
  }
}
