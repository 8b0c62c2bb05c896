package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>One producer with linger 0 and one produce request in flight: a group commit without a timer.
 * Whatever arrives while a request is out goes in the next one, so a few waiting clients pay no
 * linger and many share few large requests (docs/ingest.md).
 */
public class EventWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

  private final Producer<byte[], byte[]> producer;
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

  public EventWriter(
      Producer<byte[], byte[]> producer,
      String topic,
      Executor blockingSends,
      MeterRegistry registry) {
    this.producer = producer;
    this.topic = topic;
    this.blockingSends = blockingSends;
    this.okTimer = writeTimer(registry, "ok");
    this.failedTimer = writeTimer(registry, "error");
    Gauge.builder("tracklayer.ingest.kafka.in_flight", inFlight, AtomicInteger::get)
        .description("Events sent to Kafka and not yet acknowledged")
        .register(registry);
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
    inFlight.incrementAndGet();
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
      send(record, callback);
    } else {
      try {
        blockingSends.execute(() -> send(record, callback));
      } catch (RejectedExecutionException e) {
        // The pool's queue is full (a long outage under load): a 503 now, not a lost callback.
        callback.onCompletion(null, e);
      }
    }
  }

  private void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    try {
      producer.send(record, callback);
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
            producer.partitionsFor(topic);
            healthy.compareAndSet(false, true);
          } catch (RuntimeException e) {
            log.warn("no metadata for Kafka topic {} yet: {}", topic, e.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
