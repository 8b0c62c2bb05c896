package dev.tracklayer.flink.pipeline.sources;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads deliveries.connections for routing. A record that cannot be read is logged and skipped: the
 * keyed delivery operator stays authoritative, so a lost signal costs a call, not a delivery.
 */
public class ConnectionSignalDeserializer
    implements KafkaRecordDeserializationSchema<RoutingUpdate> {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionSignalDeserializer.class);

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RoutingUpdate> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(RoutingUpdate.of(Json.read(record.value(), ConnectionSignal.class)));
    } catch (RuntimeException e) {
      LOG.error(
          "skipping unreadable connection state at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
    }
  }

  @Override
  public TypeInformation<RoutingUpdate> getProducedType() {
    return TypeInformation.of(RoutingUpdate.class);
  }
}
