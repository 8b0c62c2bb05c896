package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.DeadLetter;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import dev.tracklayer.flink.pipeline.sinks.DeliveryResultKey;
import dev.tracklayer.flink.pipeline.sinks.JsonSerializer;
import dev.tracklayer.flink.pipeline.sources.ConnectionSignalDeserializer;
import dev.tracklayer.flink.pipeline.sources.MerchantConfigDeserializer;
import dev.tracklayer.flink.pipeline.sources.RawEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The pipeline's Kafka sources and sinks, built from {@link PipelineSettings}. */
public final class KafkaConnections {
  private KafkaConnections() {}

  private static <T> KafkaRecordSerializationSchema<T> serializer(
      String topic, Class<T> type, SerializationSchema<? super T> key) {
    var builder =
        KafkaRecordSerializationSchema.<T>builder()
            .setTopic(topic)
            .setValueSerializationSchema(new JsonSerializer<>(type));
    return key == null ? builder.build() : builder.setKeySerializationSchema(key).build();
  }

  public static KafkaSource<RawEvent> events(PipelineSettings s) {
    return KafkaSource.<RawEvent>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setTopics(s.eventsTopic())
        .setGroupId(s.consumerGroup())
        .setStartingOffsets(startingOffsets(s.startFrom()))
        .setDeserializer(new RawEventDeserializer())
        .setProperty("partition.discovery.interval.ms", "60000")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  /** The whole compacted topic every time: it is the latest snapshot of every merchant. */
  public static KafkaSource<MerchantConfig> configs(PipelineSettings s) {
    return KafkaSource.<MerchantConfig>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setTopics(s.configTopic())
        .setGroupId(s.consumerGroup() + "-config")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new MerchantConfigDeserializer())
        .build();
  }

  /**
   * The whole compacted topic of connection states every time, like the configurations: a restart
   * knows which connections are waiting before it routes an event.
   */
  public static KafkaSource<RoutingUpdate> connectionStates(PipelineSettings s) {
    return KafkaSource.<RoutingUpdate>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setTopics(s.connectionsTopic())
        .setGroupId(s.consumerGroup() + "-connections")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new ConnectionSignalDeserializer())
        .build();
  }

  /**
   * Keyed merchant/connection (compaction keeps each connection's latest), sent at once: the time a
   * state takes to reach routing is the window in which a subtask that has not seen it may still
   * call a waiting connection.
   */
  public static KafkaSink<ConnectionSignal> connectionStatesSink(PipelineSettings s) {
    Properties producer = new Properties();
    producer.setProperty("acks", "all");
    producer.setProperty("enable.idempotence", "true");
    producer.setProperty("linger.ms", "0");
    return KafkaSink.<ConnectionSignal>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(
            serializer(
                s.connectionsTopic(),
                ConnectionSignal.class,
                c -> c.key().getBytes(StandardCharsets.UTF_8)))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /** committed | earliest | latest | timestamp:&lt;epoch-ms&gt;. */
  public static OffsetsInitializer startingOffsets(String startFrom) {
    if (startFrom.startsWith("timestamp:")) {
      return OffsetsInitializer.timestamp(Long.parseLong(startFrom.substring(10)));
    }
    return switch (startFrom) {
      case "earliest" -> OffsetsInitializer.earliest();
      case "latest" -> OffsetsInitializer.latest();
      case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
      default ->
          throw new IllegalArgumentException(
              "TRACKLAYER_PIPELINE_START_FROM must be committed, earliest, latest or"
                  + " timestamp:<epoch-ms>, not "
                  + startFrom);
    };
  }

  public static KafkaSink<DeliveryResult> deliveryResults(PipelineSettings s, String topic) {
    return jsonSink(s, topic, DeliveryResult.class, new DeliveryResultKey());
  }

  /** Keyed by merchant_id: the rollup reads a merchant's events in order per partition. */
  public static KafkaSink<AcceptedEvent> acceptedEvents(PipelineSettings s) {
    return jsonSink(
        s,
        s.acceptedEventsTopic(),
        AcceptedEvent.class,
        e -> e.merchantId.getBytes(StandardCharsets.UTF_8));
  }

  public static KafkaSink<DeadLetter> deadLetters(PipelineSettings s) {
    return jsonSink(s, s.eventsDeadLetterTopic(), DeadLetter.class, null);
  }

  static <T> KafkaSink<T> jsonSink(
      PipelineSettings s, String topic, Class<T> type, SerializationSchema<? super T> key) {
    Properties producer = new Properties();
    producer.setProperty("acks", "all");
    producer.setProperty("enable.idempotence", "true");
    // Few, large produce requests: a results record is ~400 bytes and each event makes six, so at
    // the default 16 KB batches the broker's per-request work (log append, purgatory, response)
    // was the largest single cost in the pipeline benchmark's profile.
    producer.setProperty("linger.ms", "50");
    producer.setProperty("batch.size", String.valueOf(512 * 1024));
    return KafkaSink.<T>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(serializer(topic, type, key))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
