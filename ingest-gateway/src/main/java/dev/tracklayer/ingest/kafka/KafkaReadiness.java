package dev.tracklayer.ingest.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Readiness from Kafka's point of view: the cluster answers and the events topic exists. Probes
 * read the last result; a background task refreshes it, so a probe never waits on the broker.
 */
public class KafkaReadiness implements HealthIndicator, AutoCloseable {
  private final Admin admin;
  private final String topic;
  private final long timeoutMs;
  private volatile Health last =
      Health.outOfService().withDetail("reason", "not checked yet").build();

  public KafkaReadiness(Admin admin, String topic, long timeoutMs) {
    this.admin = admin;
    this.topic = topic;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Health health() {
    return last;
  }

  public void check() {
    try {
      int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
              .nodes()
              .get(timeoutMs, TimeUnit.MILLISECONDS)
              .size();
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(Set.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeoutMs))
              .allTopicNames()
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      last =
          Health.up()
              .withDetail("brokers", nodes)
              .withDetail("topic", topic)
              .withDetail("partitions", topics.get(topic).partitions().size())
              .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      last =
          Health.down()
              .withDetail("topic", topic)
              .withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
              .build();
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
