package dev.tracklayer.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything written to the events topic from now on, by record key, read by one consumer in the
 * background: thousands of fuzz cases cannot each afford a consumer of their own (testing's
 * EventsTopic opens one per call).
 */
final class TopicWatch implements AutoCloseable {
  private final Map<String, List<JsonNode>> byKey = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread poller;
  private volatile boolean running = true;

  TopicWatch(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // pin "now" before any case is sent
    poller = new Thread(this::poll, "fuzz-topic-watch");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (running) {
      ConsumerRecords<byte[], byte[]> records;
      try {
        records = consumer.poll(Duration.ofMillis(100));
      } catch (RuntimeException e) {
        continue; // a transient client error: the next poll resumes from the same position
      }
      for (ConsumerRecord<byte[], byte[]> r : records) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        JsonNode value =
            StrictJson.parse(r.value())
                .orElse(JsonNodeFactory.instance.textNode("not strict UTF-8 JSON"));
        // Whole immutable lists, swapped in atomically: a reader never sees one half built.
        byKey.merge(key, List.of(value), TopicWatch::concat);
      }
    }
    consumer.close();
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The records written under {@code key}, waiting up to {@code timeout} for the first. */
  List<JsonNode> await(String key, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> found = byKey.get(key);
      if (found != null) {
        return found;
      }
      Thread.sleep(2);
    }
    return List.of();
  }

  @Override
  public void close() {
    running = false;
  }
}
