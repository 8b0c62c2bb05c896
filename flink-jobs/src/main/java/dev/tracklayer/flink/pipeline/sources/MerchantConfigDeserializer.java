package dev.tracklayer.flink.pipeline.sources;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads config.changes: a snapshot per merchant, or a tombstone (null value) that empties the
 * merchant's routing. A record that cannot be read is logged and skipped: one bad snapshot must not
 * stop every merchant's deliveries.
 */
public class MerchantConfigDeserializer
    implements KafkaRecordDeserializationSchema<MerchantConfig> {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(MerchantConfigDeserializer.class);

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MerchantConfig> out) {
    if (record.value() == null) {
      if (record.key() != null) {
        String merchantId = new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new MerchantConfig(merchantId, record.timestamp(), List.of(), List.of()));
      }
      return;
    }
    try {
      out.collect(Json.read(record.value(), MerchantConfig.class));
    } catch (RuntimeException e) {
      LOG.error(
          "skipping unreadable config record at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
    }
  }

  @Override
  public TypeInformation<MerchantConfig> getProducedType() {
    return TypeInformation.of(MerchantConfig.class);
  }
}
