package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes records about answers already given (a 400, a 409) to a side topic, fire-and-forget on the
 * events' producer: the answer never waits for Kafka and never fails because of it. Records queue
 * (bounded) for one drainer on {@code blockingSends}, never on the event loop: {@code send()}
 * blocks for up to max.block.ms when the producer lacks the topic's metadata, which an idle topic
 * loses after a few minutes and an unreachable broker never gives. What does not fit, or that Kafka
 * refuses, is dropped and counted: {@code <metric>_total{outcome=written|dropped}}.
 */
public abstract class SignalWriter {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Executor blockingSends;
  private final BlockingQueue<ProducerRecord<byte[], byte[]>> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Counter written;
  private final Counter dropped;

  protected SignalWriter(
      Producer<byte[], byte[]> producer,
      String topic,
      int capacity,
      Executor blockingSends,
      MeterRegistry registry,
      String metric,
      String description) {
    this.producer = producer;
    this.topic = topic;
    this.blockingSends = blockingSends;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.written = counter(registry, metric, description, "written");
    this.dropped = counter(registry, metric, description, "dropped");
  }

  private static Counter counter(
      MeterRegistry registry, String metric, String description, String outcome) {
    return Counter.builder(metric)
        .description(description)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Queues the record; returns at once. */
  public void write(String key, byte[] value) {
    if (!queue.offer(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))) {
      dropped.increment();
      return;
    }
    if (draining.compareAndSet(false, true)) {
      try {
        blockingSends.execute(this::drain);
      } catch (RejectedExecutionException e) {
        draining.set(false); // the record waits for the next write's drainer
      }
    }
  }

  private void drain() {
    do {
      ProducerRecord<byte[], byte[]> record;
      while ((record = queue.poll()) != null) {
        send(record);
      }
      draining.set(false);
      // A record queued after the last poll but before the flag fell has no drainer yet.
    } while (!queue.isEmpty() && draining.compareAndSet(false, true));
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    try {
      // The shared producer ignores keys when partitioning (KafkaConfiguration); records of one
      // key still go to one partition, in order, as a keyed topic's readers expect.
      List<PartitionInfo> partitions = producer.partitionsFor(topic);
      int partition = Utils.toPositive(Utils.murmur2(record.key())) % partitions.size();
      producer.send(
          new ProducerRecord<>(topic, partition, record.key(), record.value()),
          (metadata, error) -> (error == null ? written : dropped).increment());
    } catch (RuntimeException e) {
      // No metadata within max.block.ms, a closed producer: the record is not worth a retry.
      dropped.increment();
    }
  }
}
