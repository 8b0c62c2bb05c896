package dev.tracklayer.api.kafka;

import dev.tracklayer.api.errors.ApiException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The API's only Kafka producer. Callers wait for the broker's acknowledgement (acks=all,
 * idempotent) before they answer or commit, so a 2xx means the record is in Kafka.
 */
@Component
public class KafkaRecords implements DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecords.class);

  private final Producer<String, byte[]> producer;
  private final KafkaProperties properties;

  public KafkaRecords(KafkaProperties properties) {
    this.properties = properties;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "api-gateway");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    long timeout = properties.sendTimeout().toMillis();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, timeout / 2)));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
  }

  public KafkaProperties properties() {
    return properties;
  }

  /** Blocking: returns once the record is acknowledged, else throws a 503 {@link ApiException}. */
  public RecordMetadata send(String topic, String key, byte[] value) {
    try {
      return producer
          .send(new ProducerRecord<>(topic, key, value))
          .get(properties.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while writing to Kafka", properties.retryAfter());
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn("Kafka write to {} failed: {}", topic, String.valueOf(cause));
      throw ApiException.unavailable(
          "the event log is unavailable; try again shortly", properties.retryAfter());
    }
  }

  @Override
  public void destroy() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
