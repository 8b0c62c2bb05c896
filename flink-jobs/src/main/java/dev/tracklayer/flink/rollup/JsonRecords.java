package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.event.Json;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic's JSON values as records. One that does not read is skipped and logged (without its
 * value): a record the rollup cannot read must not stop it from counting every other.
 */
public class JsonRecords<T> implements KafkaRecordDeserializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(JsonRecords.class);
  private final Class<T> type;

  public JsonRecords(Class<T> type) {
    this.type = type;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(Json.mapper().readValue(record.value(), type));
    } catch (Exception e) {
      LOG.warn(
          "skipped an unreadable {} record at {}-{}@{}",
          type.getSimpleName(),
          record.topic(),
          record.partition(),
          record.offset());
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
