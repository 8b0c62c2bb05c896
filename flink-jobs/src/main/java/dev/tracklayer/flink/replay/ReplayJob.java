package dev.tracklayer.flink.replay;

import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import dev.tracklayer.flink.pipeline.sources.RawEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Bulk replay, the ops way (docs/pipeline.md, "Replay and reprocessing"): a bounded job that reads
 * {@code events.raw} from the offsets of {@code --from} up to those of {@code --to} with a consumer
 * group of its own, keeps the events that match, and writes each back to {@code events.raw} once as
 * {@code <id>-replay-<run>} with {@code replay_of}. The live job sees new ids, so its dedup state
 * is untouched and each replayed event is delivered once; its consumer group's offsets are never
 * moved (the live job restores offsets from its checkpoints, so resetting them would do nothing).
 *
 * <p>Records that are themselves replays are left out (a replay of the window re-sends originals),
 * and so is a second copy of an event id in the window: both would otherwise go out twice.
 */
public final class ReplayJob {
  private ReplayJob() {}

  /** {@code ./tracklayer replay …}: runs the job and prints what it replayed. */
  public static void main(String[] args) throws Exception {
    ReplaySettings settings;
    try {
      settings = ReplaySettings.parse(args, System.getenv(), Instant.now());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Map<String, Long> counts = run(env, settings);
    print(settings, counts);
  }

  /** Builds and runs the job; answers the replayed events per "merchant event_name". */
  public static Map<String, Long> run(StreamExecutionEnvironment env, ReplaySettings s)
      throws Exception {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    KafkaSource<RawEvent> source =
        KafkaSource.<RawEvent>builder()
            .setBootstrapServers(s.kafkaBootstrap())
            .setTopics(s.eventsTopic())
            .setGroupId("tracklayer-replay-" + s.run())
            .setStartingOffsets(OffsetsInitializer.timestamp(s.fromMillis()))
            .setBounded(
                s.toMillis() == null
                    ? OffsetsInitializer.latest()
                    : OffsetsInitializer.timestamp(s.toMillis()))
            .setDeserializer(new RawEventDeserializer())
            .setProperty("commit.offsets.on.checkpoint", "false")
            .build();
    DataStream<ReplayCopy> copies =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events.raw window")
            .uid("replay-source")
            .flatMap(new SelectForReplay(s))
            .name("select")
            .uid("replay-select")
            .keyBy(ReplayCopy::key)
            .process(new FirstCopyOnly())
            .name("first-copy-only")
            .uid("replay-first-copy");
    if (!s.dryRun()) {
      copies.sinkTo(sink(s)).name("events.raw").uid("replay-sink");
    }
    Map<String, Long> counts = new TreeMap<>();
    try (CloseableIterator<String> it =
        copies
            .map(c -> c.merchantId + " " + c.eventName)
            .returns(String.class)
            .executeAndCollect("tracklayer-replay-" + s.run())) {
      it.forEachRemaining(k -> counts.merge(k, 1L, Long::sum));
    }
    return counts;
  }

  private static KafkaSink<ReplayCopy> sink(ReplaySettings s) {
    Properties producer = new Properties();
    producer.setProperty("acks", "all");
    producer.setProperty("enable.idempotence", "true");
    return KafkaSink.<ReplayCopy>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<ReplayCopy>builder()
                .setTopic(s.eventsTopic())
                .setKeySerializationSchema(new Key())
                .setValueSerializationSchema(new Value())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /** Keyed like the gateway's records: {@code merchant:event_id}. */
  static final class Key implements SerializationSchema<ReplayCopy> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(ReplayCopy c) {
      return (c.merchantId + ":" + c.eventId).getBytes(StandardCharsets.UTF_8);
    }
  }

  static final class Value implements SerializationSchema<ReplayCopy> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(ReplayCopy c) {
      return c.value;
    }
  }

  private static void print(ReplaySettings s, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "%s %d events (run %d, ids <id>-replay-%d)%n",
        s.dryRun() ? "would replay" : "replayed", total, s.run(), s.run());
    counts.forEach((k, n) -> System.out.printf("  %-60s %d%n", k, n));
  }

  /** The longest original id whose replay id still passes ingestion's limit. */
  static boolean fits(String eventId, long run) {
    return (eventId + "-replay-" + run).length() <= EventValidator.MAX_EVENT_ID;
  }

  static byte[] copy(
      com.fasterxml.jackson.databind.JsonNode original,
      String newId,
      String replayOf,
      ReplaySettings s) {
    var event = (com.fasterxml.jackson.databind.node.ObjectNode) original.deepCopy();
    event.put("event_id", newId);
    event.put("replay_of", replayOf);
    event.put("received_at", System.currentTimeMillis());
    if (s.platforms() == null) {
      event.remove("platforms");
    } else {
      var list = event.putArray("platforms");
      s.platforms().forEach(list::add);
    }
    return Json.toBytes(event);
  }
}
