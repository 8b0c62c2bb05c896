package dev.tracklayer.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the gateway really wrote to the events topic, from the beginning, by record key. */
public final class EventsTopic {
  private final String bootstrapServers;
  private final String topic;

  public EventsTopic(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  /** A record as written: its key and its JSON value. */
  public record Record(String key, JsonNode value) {}

  /** Every record whose key is in {@code keys}, once all of them have arrived (or fails). */
  public Map<String, List<Record>> await(Collection<String> keys, Duration timeout) {
    Map<String, List<Record>> found = read(Set.copyOf(keys), timeout, true);
    List<String> missing = new ArrayList<>(keys);
    missing.removeAll(found.keySet());
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "not in Kafka topic " + topic + " after " + timeout + ": " + missing);
    }
    return found;
  }

  public Record awaitOne(String key, Duration timeout) {
    List<Record> records = await(List.of(key), timeout).get(key);
    if (records.size() != 1) {
      throw new AssertionError("expected one record for " + key + " but found " + records.size());
    }
    return records.get(0);
  }

  /** Whatever of {@code keys} is in the topic now (reads up to the current end). */
  public Map<String, List<Record>> readNow(Collection<String> keys) {
    return read(Set.copyOf(keys), Duration.ofSeconds(10), false);
  }

  private Map<String, List<Record>> read(Set<String> keys, Duration timeout, boolean untilAll) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, List<Record>> found = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = untilAll ? Map.of() : consumer.endOffsets(partitions);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          if (keys.contains(key)) {
            found
                .computeIfAbsent(key, k -> new ArrayList<>())
                .add(new Record(key, Json.read(r.value(), JsonNode.class)));
          }
        }
        if (untilAll ? found.keySet().containsAll(keys) : reachedEnd(consumer, end)) {
          break;
        }
      }
    }
    return found;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
