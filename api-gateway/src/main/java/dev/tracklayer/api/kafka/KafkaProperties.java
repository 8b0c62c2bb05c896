package dev.tracklayer.api.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.kafka.*}: the broker, the topic replayed events go to (the ingest gateway's),
 * the compacted topic the pipeline follows for configuration, and the topics the live stream (GET
 * /v1/events/stream) follows: the pipeline's two outputs and the ingest gateway's copies answered
 * 409.
 *
 * @param sendTimeout how long a write may wait for the broker's acknowledgement before the client
 *     gets 503
 * @param retryAfter the Retry-After of that 503
 */
@ConfigurationProperties("tracklayer.kafka")
public record KafkaProperties(
    String bootstrapServers,
    String eventsTopic,
    String configTopic,
    String acceptedEventsTopic,
    String deliveryResultsTopic,
    String duplicatesTopic,
    Duration sendTimeout,
    Duration retryAfter) {
  public KafkaProperties {
    bootstrapServers =
        bootstrapServers == null || bootstrapServers.isBlank()
            ? "127.0.0.1:9092"
            : bootstrapServers;
    eventsTopic = eventsTopic == null || eventsTopic.isBlank() ? "events.raw" : eventsTopic;
    configTopic =
        configTopic == null || configTopic.isBlank()
            ? dev.tracklayer.core.config.MerchantConfig.TOPIC
            : configTopic;
    acceptedEventsTopic =
        acceptedEventsTopic == null || acceptedEventsTopic.isBlank()
            ? "events.accepted"
            : acceptedEventsTopic;
    deliveryResultsTopic =
        deliveryResultsTopic == null || deliveryResultsTopic.isBlank()
            ? "deliveries.results"
            : deliveryResultsTopic;
    duplicatesTopic =
        duplicatesTopic == null || duplicatesTopic.isBlank()
            ? "events.duplicates"
            : duplicatesTopic;
    sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
    retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
  }
}
