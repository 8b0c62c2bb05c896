package dev.tracklayer.flink.pipeline.sinks;

import dev.tracklayer.core.event.Json;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/** A Kafka record value as the shared model's JSON. */
public class JsonSerializer<T> implements SerializationSchema<T>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  public JsonSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(T element) {
    return Json.toBytes(element);
  }

  /** Lets the Kafka sink's lineage see the record type instead of logging that it cannot. */
  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
