package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one event record and reports the broker's verdict. The gateway answers 202 only from a
 * successful verdict, so this is where "accepted" becomes "durable" (acks=all, idempotent).
 *
 * <p>Two lanes, because no single linger.ms suits both ends of the load range. While few events are
 * waiting for Kafka, each client is waiting on its own round trip and any linger is added to it, so
 * records go to the {@code immediate} producer (linger 0). Once many are waiting, the broker's
 * per-request cost is what limits throughput; records then go to the {@code batching} producer,
 * whose small linger gathers them into few large produce requests. Events are independent (each has
 * its own key), so two producers cost no ordering anyone relies on.
 */
public class EventWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

  private final Producer<byte[], byte[]> immediate;
  private final Producer<byte[], byte[]> batching;
  private final int batchingThreshold;
  private final String topic;
  private final Executor blockingSends;
  private final Timer okTimer;
  private final Timer failedTimer;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Whether the last verdict was a success. {@code send()} can block for up to max.block.ms when
   * the producer has no metadata for the topic or its buffer is full; both happen only while the
   * broker is unreachable, so while it is, sends leave the event loop for {@code blockingSends}.
   */
  private final AtomicBoolean healthy = new AtomicBoolean(false);

  /**
   * @param batching the lane for busy times; may be {@code immediate} itself (one lane)
   * @param batchingThreshold events in flight from which the batching lane is used
   */
  public EventWriter(
      Producer<byte[], byte[]> immediate,
      Producer<byte[], byte[]> batching,
      int batchingThreshold,
      String topic,
      Executor blockingSends,
      MeterRegistry registry) {
    this.immediate = immediate;
    this.batching = batching;
    this.batchingThreshold = batchingThreshold;
    this.topic = topic;
    this.blockingSends = blockingSends;
    this.okTimer = writeTimer(registry, "ok");
    this.failedTimer = writeTimer(registry, "error");
    Gauge.builder("tracklayer.ingest.kafka.in_flight", inFlight, AtomicInteger::get)
        .description("Events sent to Kafka and not yet acknowledged")
        .register(registry);
  }

  /** One lane only. */
  public EventWriter(
      Producer<byte[], byte[]> producer,
      String topic,
      Executor blockingSends,
      MeterRegistry registry) {
    this(producer, producer, Integer.MAX_VALUE, topic, blockingSends, registry);
  }

  private static Timer writeTimer(MeterRegistry registry, String result) {
    return Timer.builder("tracklayer.ingest.kafka.write")
        .description("From send() to the broker's acknowledgement (acks=all) or the failure")
        .tag("result", result)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /**
   * Sends the record; {@code verdict} receives null on acknowledgement or the failure, exactly
   * once, on the producer's network thread (or the calling thread if send itself fails).
   */
  public void write(byte[] key, byte[] value, Consumer<Exception> verdict) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
    Producer<byte[], byte[]> lane =
        inFlight.incrementAndGet() > batchingThreshold ? batching : immediate;
    long start = System.nanoTime();
    Callback callback =
        (metadata, error) -> {
          inFlight.decrementAndGet();
          long elapsed = System.nanoTime() - start;
          if (error == null) {
            okTimer.record(elapsed, TimeUnit.NANOSECONDS);
            healthy.set(true);
          } else {
            failedTimer.record(elapsed, TimeUnit.NANOSECONDS);
            if (healthy.getAndSet(false)) {
              log.warn(
                  "Kafka write to {} failed; answering 503 until it recovers: {}",
                  topic,
                  error.toString());
            }
          }
          verdict.accept(error);
        };
    if (healthy.get()) {
      send(lane, record, callback);
    } else {
      blockingSends.execute(() -> send(lane, record, callback));
    }
  }

  private static void send(
      Producer<byte[], byte[]> lane, ProducerRecord<byte[], byte[]> record, Callback callback) {
    try {
      lane.send(record, callback);
    } catch (RuntimeException e) {
      // Closed producer, interrupted or fatally fenced: send threw instead of calling back.
      callback.onCompletion(null, e);
    }
  }

  /** Fetches the topic's metadata off the event loop, so the first requests send inline. */
  public void warmUp() {
    blockingSends.execute(
        () -> {
          try {
            immediate.partitionsFor(topic);
            if (batching != immediate) {
              batching.partitionsFor(topic);
            }
            healthy.compareAndSet(false, true);
          } catch (RuntimeException e) {
            log.warn("no metadata for Kafka topic {} yet: {}", topic, e.toString());
          }
        });
  }

  @Override
  public void close() {
    immediate.close(Duration.ofSeconds(10));
    if (batching != immediate) {
      batching.close(Duration.ofSeconds(10));
    }
  }
}
