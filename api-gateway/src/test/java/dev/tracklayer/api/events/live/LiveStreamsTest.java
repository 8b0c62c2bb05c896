package dev.tracklayer.api.events.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.api.kafka.KafkaProperties;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BaseSubscriber;

/**
 * A client that stops reading (a stalled tab, a slow network: the server's writes stop being
 * demanded) against real Kafka, without the web layer: it must cost nobody else anything, and learn
 * what it missed when it reads again.
 */
class LiveStreamsTest {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String ACCEPTED = "events.accepted.streams." + RUN;
  private static final String RESULTS = "deliveries.results.streams." + RUN;

  private final LiveProperties properties =
      new LiveProperties(1000, 8, Duration.ofSeconds(15), Duration.ZERO, 10);
  private LiveFeed feed;

  @AfterEach
  void stop() {
    if (feed != null) {
      feed.stop();
    }
  }

  @Test
  void aStalledClientHoldsUpNobodyAndIsToldWhatItMissed() throws Exception {
    KafkaTestBroker.shared().createTopics(2, ACCEPTED, RESULTS);
    feed =
        new LiveFeed(
            new KafkaProperties(
                KafkaTestBroker.shared().bootstrapServers(),
                null,
                null,
                ACCEPTED,
                RESULTS,
                null,
                null,
                null),
            properties);
    feed.start();
    LiveStreams streams = new LiveStreams(feed, properties);
    String merchant = UUID.randomUUID().toString();
    LiveFilter all = LiveFilter.parse(null, null, null);

    List<ServerSentEvent<Object>> fast = new CopyOnWriteArrayList<>();
    streams.open(merchant, all, null).subscribe(fast::add);
    Reader stalled = new Reader();
    streams.open(merchant, all, null).subscribe(stalled);
    await(() -> fast.stream().anyMatch(e -> e.comment() != null), "fast connected");
    await(() -> !stalled.events.isEmpty(), "stalled connected"); // its one requested event

    int written = 100;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < written; i++) {
        Map<String, Object> r =
            Map.of(
                "merchant_id",
                merchant,
                "event_id",
                "e-" + i,
                "event_name",
                "View",
                "source",
                "browser",
                "event_time",
                1_776_679_200L,
                "received_at",
                System.currentTimeMillis(),
                "fields",
                0);
        producer.send(new ProducerRecord<>(ACCEPTED, merchant, Json.toBytes(r)));
      }
    }

    // The reading client gets every record while the other reads nothing.
    await(() -> count(fast, "accepted") == written, "fast got all " + written);
    assertThat(count(stalled.events, "accepted")).isZero();
    assertThat(count(fast, "sampled")).isZero();

    // Reading again, the stalled client gets what its bounded buffers held, and counts of the rest.
    stalled.resume();
    await(
        () -> count(stalled.events, "accepted") + dropped(stalled.events) == written,
        "stalled: received + dropped = " + written);
    assertThat(dropped(stalled.events)).isPositive();
    assertThat(count(stalled.events, "accepted")).isLessThan(written);
  }

  private static final class Reader extends BaseSubscriber<ServerSentEvent<Object>> {
    final List<ServerSentEvent<Object>> events = new CopyOnWriteArrayList<>();

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(1);
    }

    @Override
    protected void hookOnNext(ServerSentEvent<Object> value) {
      events.add(value);
    }

    void resume() {
      request(Long.MAX_VALUE);
    }
  }

  private static long count(List<ServerSentEvent<Object>> events, String name) {
    return events.stream().filter(e -> name.equals(e.event())).count();
  }

  private static long dropped(List<ServerSentEvent<Object>> events) {
    return events.stream()
        .filter(e -> "sampled".equals(e.event()))
        .mapToLong(e -> ((LiveEvents.Sampled) e.data()).dropped())
        .sum();
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.shared().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }
}
