package dev.tracklayer.api.events.live;

import dev.tracklayer.api.kafka.KafkaProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The one Kafka consumer of this process for every live stream: it reads {@code events.accepted},
 * {@code events.duplicates} and {@code deliveries.results} from their end (what a viewer sees
 * starts when they look), assigned every partition without a consumer group (nothing to commit, no
 * rebalances with other replicas: each reads everything), and hands each record to every listener.
 * It runs only while someone listens, plus {@code idle-timeout}, so an API nobody watches holds no
 * consumer.
 *
 * <p>Listeners are subscribers of a best-effort multicast sink: emitting never waits for one; each
 * listener bounds and drops on its own ({@link LiveStreams}).
 */
@Component
public class LiveFeed implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final Duration POLL = Duration.ofMillis(500);

  /** New partitions (and a topic created after the consumer started) are picked up this often. */
  private static final Duration PARTITIONS_REFRESH = Duration.ofSeconds(30);

  private final KafkaProperties kafka;
  private final LiveProperties properties;
  private final Sinks.Many<LiveRecord> sink = Sinks.many().multicast().directBestEffort();
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private final Object lock = new Object();
  private int listeners;
  private long idleSince = System.nanoTime();
  private Poller poller;
  private boolean stopped;
  private volatile boolean started;

  public LiveFeed(KafkaProperties kafka, LiveProperties properties) {
    this.kafka = kafka;
    this.properties = properties;
  }

  /** Every record read from the moment of subscribing; subscribing starts the consumer. */
  Flux<LiveRecord> records() {
    return sink.asFlux().doOnSubscribe(s -> attach()).doFinally(s -> detach());
  }

  /**
   * Completes once the consumer has its position at the end of every partition: every record
   * written after that reaches the listeners subscribed by then.
   */
  Mono<Void> ready() {
    return Mono.defer(
        () -> {
          Poller p;
          synchronized (lock) {
            p = poller;
          }
          return p == null ? Mono.empty() : Mono.fromFuture(p.ready.copy());
        });
  }

  /** Completes when the application shuts down: the streams end then, so shutdown needn't wait. */
  Mono<Void> closed() {
    return closed.asMono();
  }

  /** How many streams are open in this process. */
  int listeners() {
    synchronized (lock) {
      return listeners;
    }
  }

  private void attach() {
    synchronized (lock) {
      listeners++;
      if (poller == null && !stopped) {
        poller = new Poller();
        Thread thread = new Thread(poller, "live-events-consumer");
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  private void detach() {
    synchronized (lock) {
      listeners--;
      if (listeners == 0) {
        idleSince = System.nanoTime();
      }
    }
  }

  /** True when this poller should close: nobody has listened for idle-timeout. */
  private boolean retire(Poller p) {
    synchronized (lock) {
      if (poller != p) {
        return true;
      }
      if (listeners == 0 && System.nanoTime() - idleSince >= properties.idleTimeout().toNanos()) {
        poller = null;
        return true;
      }
      return false;
    }
  }

  @Override
  public void start() {
    started = true;
  }

  /** Runs before the web server's graceful shutdown (a higher phase), which would wait for us. */
  @Override
  public void stop() {
    Poller p;
    synchronized (lock) {
      stopped = true;
      p = poller;
      poller = null;
    }
    if (p != null) {
      p.consumer.wakeup();
    }
    // the consumer thread may be emitting still: retry until it is done rather than lose the end
    sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(2)));
    closed.tryEmitEmpty();
    started = false;
  }

  @Override
  public boolean isRunning() {
    return started;
  }

  private final class Poller implements Runnable {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics =
        List.of(kafka.acceptedEventsTopic(), kafka.duplicatesTopic(), kafka.deliveryResultsTopic());

    Poller() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-live");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
      p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      this.consumer = new KafkaConsumer<>(p);
    }

    @Override
    public void run() {
      Set<TopicPartition> assigned = Set.of();
      long nextRefresh = System.nanoTime();
      try {
        while (!retire(this)) {
          if (System.nanoTime() - nextRefresh >= 0) {
            assigned = reassign(assigned);
            // Even without partitions: a stream waits for records, not for the broker.
            ready.complete(null);
            nextRefresh = System.nanoTime() + PARTITIONS_REFRESH.toNanos();
          }
          if (assigned.isEmpty()) {
            Thread.sleep(POLL.toMillis());
            continue;
          }
          try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
              LiveRecord record = parse(r);
              if (record != null) {
                sink.tryEmitNext(record);
              }
            }
          } catch (WakeupException e) {
            throw e;
          } catch (RuntimeException e) {
            LOG.warn("live events: reading Kafka failed, retrying: {}", e.toString());
            Thread.sleep(1000);
          }
        }
      } catch (WakeupException e) {
        // stop()
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ready.complete(null);
        consumer.close(Duration.ofSeconds(2));
      }
    }

    private LiveRecord parse(ConsumerRecord<byte[], byte[]> r) {
      if (r.topic().equals(kafka.acceptedEventsTopic())) {
        return LiveEvents.accepted(r.value());
      }
      return r.topic().equals(kafka.duplicatesTopic())
          ? LiveEvents.duplicate(r.value())
          : LiveEvents.delivery(r.value());
    }

    /** Every partition of the topics; partitions new to the consumer start at their end. */
    private Set<TopicPartition> reassign(Set<TopicPartition> assigned) {
      Set<TopicPartition> now = new HashSet<>();
      try {
        for (String topic : topics) {
          List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
          if (infos != null) {
            infos.forEach(i -> now.add(new TopicPartition(topic, i.partition())));
          }
        }
        if (now.equals(assigned)) {
          return assigned;
        }
        Set<TopicPartition> added = new HashSet<>(now);
        added.removeAll(assigned);
        consumer.assign(now);
        consumer.seekToEnd(added);
        // seekToEnd is lazy: resolve the positions now, so "ready" means at the end.
        added.forEach(consumer::position);
        return now;
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("live events: listing the partitions of {} failed: {}", topics, e.toString());
        return assigned;
      }
    }
  }
}
