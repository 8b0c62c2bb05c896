package dev.tracklayer.ingest.events;

import static dev.tracklayer.ingest.dedup.DedupIndex.Reservation.RESERVED;
import static dev.tracklayer.ingest.dedup.DedupIndex.Reservation.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.ingest.dedup.DedupIndex;
import dev.tracklayer.ingest.dedup.DedupIndex.Reservation;
import dev.tracklayer.ingest.dedup.InMemoryDedupIndex;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.kafka.EventWriter;
import dev.tracklayer.ingest.kafka.KafkaProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The dedup / Kafka / release protocol, with Kafka's MockProducer deciding each send. */
class EventAcceptorTest {
  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final InMemoryDedupIndex dedup = new InMemoryDedupIndex(Duration.ofHours(24), 100);
  final KafkaProperties kafka =
      new KafkaProperties(
          "unused:9092",
          "events.raw",
          Duration.ZERO,
          1,
          DataSize.ofKilobytes(64),
          "none",
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          Duration.ofSeconds(7),
          Duration.ofSeconds(5),
          Duration.ofSeconds(2),
          Map.of(),
          "events.rejected",
          1000,
          "events.duplicates",
          1000);
  // Inline "blocking" sends keep the test single-threaded.
  final EventWriter writer = new EventWriter(producer, "events.raw", Runnable::run, registry);
  final IngestMetrics metrics = new IngestMetrics(registry);
  final EventAcceptor acceptor = new EventAcceptor(dedup, writer, metrics, kafka);

  /** Records which thread-like "loop" completions were handed to. */
  final List<String> handedTo = new ArrayList<>();

  final Executor loop =
      task -> {
        handedTo.add("loop");
        task.run();
      };

  double count(String outcome) {
    return registry
        .get("tracklayer.ingest.events")
        .tag("endpoint", "server")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  @Test
  void acknowledgedEventCompletesOnTheRequestsLoop() {
    AtomicReference<Object> result = new AtomicReference<>();
    acceptor
        .accept(Endpoint.SERVER, "m", "e1", "{}".getBytes(StandardCharsets.UTF_8), loop)
        .subscribe(v -> {}, result::set, () -> result.set("done"));
    assertThat(result.get()).isNull(); // nothing before the broker's verdict
    assertThat(producer.history()).hasSize(1);
    assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
        .isEqualTo("m:e1");

    producer.completeNext();
    assertThat(result.get()).isEqualTo("done");
    assertThat(handedTo).containsExactly("loop");
    assertThat(count("accepted")).isEqualTo(1);
    assertThat(dedup.reserve("m:e1").block()).isEqualTo(TAKEN);
  }

  @Test
  void failedWriteReleasesTheReservationAndAnswers503WithRetryAfter() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    acceptor.accept(Endpoint.SERVER, "m", "e2", new byte[0], loop).subscribe(v -> {}, error::set);
    producer.errorNext(new TimeoutException("expired"));

    assertThat(error.get())
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("kafka_unavailable");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
    assertThat(count("failed")).isEqualTo(1);
    assertThat(dedup.reserve("m:e2").block()).as("released for the retry").isEqualTo(RESERVED);
  }

  @Test
  void theReservationIsReleasedEvenWhenTheClientHungUp() {
    Disposable request = acceptor.accept(Endpoint.SERVER, "m", "e3", new byte[0], loop).subscribe();
    request.dispose();
    producer.errorNext(new TimeoutException("expired"));
    assertThat(dedup.reserve("m:e3").block()).isEqualTo(RESERVED);
  }

  @Test
  void aDuplicateNeverReachesKafka() {
    acceptor.accept(Endpoint.SERVER, "m", "e4", new byte[0], loop).subscribe();
    producer.completeNext();
    AtomicReference<Throwable> error = new AtomicReference<>();
    acceptor.accept(Endpoint.SERVER, "m", "e4", new byte[0], loop).subscribe(v -> {}, error::set);
    assertThat(error.get())
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.status().value()).isEqualTo(409));
    assertThat(producer.history()).hasSize(1);
    assertThat(count("duplicate")).isZero(); // counted by the handlers, which see the 409
  }

  @Test
  void aCopySentWhileTheFirstIsInFlightWaitsFor409() {
    acceptor.accept(Endpoint.SERVER, "m", "e5", new byte[0], loop).subscribe();
    AtomicReference<Throwable> error = new AtomicReference<>();
    acceptor.accept(Endpoint.SERVER, "m", "e5", new byte[0], loop).subscribe(v -> {}, error::set);
    assertThat(error.get()).as("no answer before Kafka's verdict on the first").isNull();

    producer.completeNext();
    assertThat(error.get())
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.status().value()).isEqualTo(409));
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aCopySentWhileTheFirstIsInFlightGets503WhenKafkaRefusesTheFirst() {
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    acceptor
        .accept(Endpoint.SERVER, "m", "e6", new byte[0], loop)
        .subscribe(v -> {}, firstError::set);
    AtomicReference<Throwable> copyError = new AtomicReference<>();
    acceptor
        .accept(Endpoint.SERVER, "m", "e6", new byte[0], loop)
        .subscribe(v -> {}, copyError::set);

    producer.errorNext(new TimeoutException("expired"));
    for (AtomicReference<Throwable> error : List.of(firstError, copyError)) {
      assertThat(error.get())
          .isInstanceOfSatisfying(
              IngestException.class, e -> assertThat(e.code()).isEqualTo("kafka_unavailable"));
    }
    assertThat(count("failed")).isEqualTo(2);

    // The client's retry is the event's first copy again.
    AtomicReference<Object> retry = new AtomicReference<>();
    acceptor
        .accept(Endpoint.SERVER, "m", "e6", new byte[0], loop)
        .subscribe(v -> {}, retry::set, () -> retry.set("done"));
    producer.completeNext();
    assertThat(retry.get()).isEqualTo("done");
  }

  @Test
  void aClientThatHangsUpBeforeTheIndexAnswersStillHasItsEventWritten() {
    CompletableFuture<Reservation> answer = new CompletableFuture<>();
    DedupIndex slow =
        new DedupIndex() {
          @Override
          public Mono<Reservation> reserve(String key) {
            return Mono.fromFuture(answer);
          }

          @Override
          public void release(String key) {}
        };
    EventAcceptor withSlowIndex = new EventAcceptor(slow, writer, metrics, kafka);
    withSlowIndex.accept(Endpoint.SERVER, "m", "e7", new byte[0], loop).subscribe().dispose();

    answer.complete(RESERVED);
    assertThat(producer.history()).as("the reservation is not left without its write").hasSize(1);
    producer.completeNext();
    assertThat(count("accepted")).isEqualTo(1);
  }
}
