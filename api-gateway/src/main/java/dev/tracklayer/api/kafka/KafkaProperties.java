package dev.tracklayer.api.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.kafka.*}: the broker, the topic replayed events go to (the ingest gateway's)
 * and the compacted topic the pipeline follows for configuration.
 */
@ConfigurationProperties("tracklayer.kafka")
public record KafkaProperties(
    String bootstrapServers, String eventsTopic, String configTopic, Duration sendTimeout) {
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
    sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
  }
}
