package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.destinations.Endpoints;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the pipeline job reads from its environment ({@code TRACKLAYER_*} variables), typed
 * and validated in one place so functions receive plain serializable values.
 *
 * @param startFrom where the events source starts when there is no checkpoint: {@code committed}
 *     (the consumer group's offsets, else earliest), {@code earliest}, {@code latest}, or {@code
 *     timestamp:<epoch-ms>} (what operators use to replay a period)
 * @param stateHold how long a QUEUED or RETRY state waits for a newer one before it is written to
 *     ClickHouse ({@code LatestDeliveryStates}); zero writes each at the next timer
 */
public record PipelineSettings(
    String kafkaBootstrap,
    String eventsTopic,
    String eventsDeadLetterTopic,
    String acceptedEventsTopic,
    String deliveryResultsTopic,
    String deliveriesDeadLetterTopic,
    String configTopic,
    String consumerGroup,
    String startFrom,
    String postgresUrl,
    String postgresUser,
    String postgresPassword,
    ClickHouseSettings clickHouse,
    String credentialsKey,
    String checkpointDir,
    Duration checkpointInterval,
    Duration dedupTtl,
    Duration stateHold,
    Delivery delivery,
    Endpoints endpoints)
    implements Serializable {

  /** Delivery knobs: batching linger, in-flight bound, retries. */
  public record Delivery(
      Duration linger,
      int maxInFlightPerPlatform,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration retryWindow,
      boolean allowPrivateWebhookTargets)
      implements Serializable {}

  public static PipelineSettings fromEnvironment() {
    return fromMap(System.getenv());
  }

  public static PipelineSettings fromMap(Map<String, String> env) {
    return new PipelineSettings(
        get(env, "TRACKLAYER_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        get(env, "TRACKLAYER_TOPIC_EVENTS", "events.raw"),
        get(env, "TRACKLAYER_TOPIC_EVENTS_DLQ", "events.dlq"),
        get(env, "TRACKLAYER_TOPIC_EVENTS_ACCEPTED", "events.accepted"),
        get(env, "TRACKLAYER_TOPIC_DELIVERY_RESULTS", "deliveries.results"),
        get(env, "TRACKLAYER_TOPIC_DELIVERIES_DLQ", "deliveries.dlq"),
        get(env, "TRACKLAYER_TOPIC_CONFIG", "config.changes"),
        get(env, "TRACKLAYER_PIPELINE_GROUP", "tracklayer-pipeline"),
        get(env, "TRACKLAYER_PIPELINE_START_FROM", "committed"),
        get(env, "TRACKLAYER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/tracklayer"),
        get(env, "TRACKLAYER_POSTGRES_USER", "tracklayer"),
        get(env, "TRACKLAYER_POSTGRES_PASSWORD", "tracklayer"),
        new ClickHouseSettings(
            get(env, "TRACKLAYER_CLICKHOUSE_URL", "http://127.0.0.1:8123"),
            get(env, "TRACKLAYER_CLICKHOUSE_DATABASE", "tracklayer"),
            get(env, "TRACKLAYER_CLICKHOUSE_USER", "default"),
            get(env, "TRACKLAYER_CLICKHOUSE_PASSWORD", "")),
        get(env, "TRACKLAYER_CREDENTIALS_KEY", ""),
        jobDir(get(env, "TRACKLAYER_FLINK_CHECKPOINT_DIR", ""), "pipeline"),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_FLINK_CHECKPOINT_MS", "10000"))),
        Duration.ofHours(24),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_CLICKHOUSE_STATE_HOLD_MS", "1000"))),
        new Delivery(
            Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_DELIVERY_LINGER_MS", "100"))),
            Integer.parseInt(get(env, "TRACKLAYER_DELIVERY_MAX_IN_FLIGHT", "200")),
            Integer.parseInt(get(env, "TRACKLAYER_DELIVERY_MAX_ATTEMPTS", "5")),
            Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_DELIVERY_BACKOFF_MS", "200"))),
            Duration.ofMillis(
                Long.parseLong(get(env, "TRACKLAYER_DELIVERY_MAX_BACKOFF_MS", "10000"))),
            Duration.ofMillis(
                Long.parseLong(get(env, "TRACKLAYER_DELIVERY_RETRY_WINDOW_MS", "60000"))),
            Boolean.parseBoolean(get(env, "TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false"))),
        Endpoints.fromEnvironment(env));
  }

  /** Each job checkpoints into a folder of its own under the shared directory. */
  static String jobDir(String base, String job) {
    return base.isBlank() ? "" : base.replaceAll("/+$", "") + "/" + job;
  }

  static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
