package dev.tracklayer.flink.pipeline.sources;

import dev.tracklayer.flink.pipeline.records.RawEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the bytes as they are: parsing happens in a function that can dead-letter failures. */
public class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
    out.collect(new RawEvent(record.topic(), record.partition(), record.offset(), record.value()));
  }

  @Override
  public TypeInformation<RawEvent> getProducedType() {
    return TypeInformation.of(RawEvent.class);
  }
}
