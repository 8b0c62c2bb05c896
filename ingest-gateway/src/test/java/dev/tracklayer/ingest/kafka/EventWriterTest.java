package dev.tracklayer.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EventWriterTest {
  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<Runnable> offloaded = new ArrayList<>();
  final Executor blockingSends = offloaded::add;
  final EventWriter writer = new EventWriter(producer, "events.raw", blockingSends, registry);
  final List<Exception> verdicts = new ArrayList<>();

  void write() {
    writer.write(new byte[] {1}, new byte[] {2}, verdicts::add);
  }

  void markHealthy() {
    write();
    offloaded.remove(0).run();
    producer.completeNext();
    verdicts.clear();
  }

  @Test
  void inFlightCountsEventsUntilKafkaAnswers() {
    markHealthy();
    for (int i = 0; i < 5; i++) {
      write();
    }
    assertThat(producer.history()).hasSize(1 + 5);
    assertThat(registry.get("tracklayer.ingest.kafka.in_flight").gauge().value()).isEqualTo(5);

    producer.completeNext();
    producer.errorNext(new TimeoutException("slow"));
    assertThat(registry.get("tracklayer.ingest.kafka.in_flight").gauge().value()).isEqualTo(3);
    while (producer.completeNext()) {}
    assertThat(verdicts).hasSize(5);
    assertThat(verdicts.get(1)).isInstanceOf(TimeoutException.class);
    assertThat(registry.get("tracklayer.ingest.kafka.in_flight").gauge().value()).isZero();
  }

  @Test
  void untilKafkaAnswersSendsLeaveTheCallingThread() {
    write();
    assertThat(producer.history()).isEmpty();
    assertThat(offloaded).hasSize(1);
    offloaded.remove(0).run();
    producer.errorNext(new TimeoutException("down"));
    assertThat(verdicts).hasSize(1).first().isInstanceOf(TimeoutException.class);

    // After a failure too: a missing broker can make send() block.
    write();
    assertThat(offloaded).hasSize(1);
    offloaded.remove(0).run();
    producer.completeNext();
    write();
    assertThat(offloaded).isEmpty();
    assertThat(registry.get("tracklayer.ingest.kafka.write").tag("result", "error").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("tracklayer.ingest.kafka.write").tag("result", "ok").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aSendThePoolRefusesIsAFailedVerdict() {
    EventWriter refusing =
        new EventWriter(
            producer,
            "events.raw",
            task -> {
              throw new RejectedExecutionException("queue full");
            },
            new SimpleMeterRegistry());
    refusing.write(new byte[] {1}, new byte[] {2}, verdicts::add);
    assertThat(verdicts).hasSize(1).first().isInstanceOf(RejectedExecutionException.class);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aSendThatThrowsIsAFailedVerdict() {
    markHealthy();
    producer.close();
    write();
    assertThat(verdicts).hasSize(1).first().isInstanceOf(IllegalStateException.class);
  }
}
