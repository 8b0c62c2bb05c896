package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import reactor.core.scheduler.Schedulers;

@Configuration
public class KafkaConfiguration {

  private static Map<String, Object> producerConfig(KafkaProperties props) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrapServers());
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-gateway");
    // A 202 promises the event survives: every in-sync replica has it, written exactly once.
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, props.maxInFlight());
    c.put(ProducerConfig.LINGER_MS_CONFIG, (int) props.linger().toMillis());
    c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16 * 1024 * 1024);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) props.batchSize().toBytes());
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, props.compressionType());
    // Records keep their key, but the partition is the sticky one (filled a batch at a time)
    // rather than the key's hash: events are independent and the pipeline keys them itself. Hashed,
    // each round trip's few events spread over every partition, so each produce request carried one
    // tiny batch per partition and each new batch woke the producer's network thread.
    c.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, true);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) props.requestTimeout().toMillis());
    // Bounded so a client waits seconds, not the default two minutes, for its 503.
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) props.deliveryTimeout().toMillis());
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, props.maxBlock().toMillis());
    c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.putAll(props.producer());
    return c;
  }

  /** Closed by {@link EventWriter#close()}, which bounds how long shutdown waits for the broker. */
  @Bean(destroyMethod = "")
  Producer<byte[], byte[]> eventProducer(KafkaProperties props) {
    return new KafkaProducer<>(producerConfig(props));
  }

  /**
   * The producer's own metrics ({@code kafka_producer_*}: records per request, batch size, request
   * latency, buffer and error rates) on /actuator/prometheus beside the gateway's.
   */
  @Bean(destroyMethod = "close")
  KafkaClientMetrics eventProducerMetrics(
      Producer<byte[], byte[]> eventProducer, MeterRegistry registry) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(eventProducer);
    metrics.bindTo(registry);
    return metrics;
  }

  @Bean(destroyMethod = "close")
  EventWriter eventWriter(
      Producer<byte[], byte[]> eventProducer, KafkaProperties props, MeterRegistry registry) {
    EventWriter writer =
        new EventWriter(
            eventProducer,
            props.topic(),
            task -> Schedulers.boundedElastic().schedule(task),
            registry);
    writer.warmUp();
    return writer;
  }

  /** Shares the events' producer and its off-loop executor; closed with the producer. */
  @Bean
  RejectionWriter rejectionWriter(
      Producer<byte[], byte[]> eventProducer, KafkaProperties props, MeterRegistry registry) {
    return new RejectionWriter(
        eventProducer,
        props.rejectionsTopic(),
        props.rejectionsBuffer(),
        task -> Schedulers.boundedElastic().schedule(task),
        registry);
  }

  /** As the rejections: the same producer and executor, its own bounded queue. */
  @Bean
  DuplicateWriter duplicateWriter(
      Producer<byte[], byte[]> eventProducer, KafkaProperties props, MeterRegistry registry) {
    return new DuplicateWriter(
        eventProducer,
        props.duplicatesTopic(),
        props.duplicatesBuffer(),
        task -> Schedulers.boundedElastic().schedule(task),
        registry);
  }

  @Bean(destroyMethod = "close")
  KafkaReadiness kafkaHealthIndicator(KafkaProperties props, TaskScheduler ingestScheduler) {
    Map<String, Object> c = new HashMap<>();
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.bootstrapServers());
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-gateway-health");
    int timeout = (int) props.healthTimeout().toMillis();
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    KafkaReadiness readiness = new KafkaReadiness(Admin.create(c), props.topic(), timeout);
    ingestScheduler.scheduleWithFixedDelay(readiness::check, props.healthInterval());
    return readiness;
  }
}
