package dev.tracklayer.flink.rollup;

import static dev.tracklayer.flink.pipeline.PipelineSettings.get;
import static dev.tracklayer.flink.pipeline.PipelineSettings.jobDir;

import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the rollup job reads from its environment ({@code TRACKLAYER_*}), typed in one place.
 *
 * @param lateness L of docs/analytics.md: how long a minute stays open for late records (allowed
 *     lateness), and how far before its received_at an event_time may be and still count in its own
 *     minute ({@code TRACKLAYER_ROLLUP_LATENESS}, ISO-8601, default PT1H)
 * @param dedupTtl how long an event or final delivery is remembered to drop the pipeline's
 *     re-emissions after a restart ({@code TRACKLAYER_ROLLUP_DEDUP_TTL}, default PT2H)
 * @param earlyFire how soon after new records a minute's running total is written ({@code
 *     TRACKLAYER_ROLLUP_EARLY_FIRE_MS}, default 1000)
 * @param idleness after how long without records a source partition stops holding the watermark
 *     back ({@code TRACKLAYER_ROLLUP_IDLENESS_MS}, default 30000)
 * @param hourlySettle how long the hourly build waits, once an hour is closed, for the minute sinks
 *     to flush their last firings ({@code TRACKLAYER_ROLLUP_HOURLY_SETTLE_MS}, default 10000)
 */
public record RollupSettings(
    String kafkaBootstrap,
    String acceptedEventsTopic,
    String deliveryResultsTopic,
    String rejectionsTopic,
    String consumerGroup,
    String startFrom,
    ClickHouseSettings clickHouse,
    String checkpointDir,
    Duration checkpointInterval,
    Duration lateness,
    Duration dedupTtl,
    Duration earlyFire,
    Duration idleness,
    Duration hourlySettle)
    implements Serializable {

  /** The bound of out-of-order arrival the watermark allows on the server clock. */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);

  /** Attribution: how long a customer's first touch is remembered. */
  public static final Duration FIRST_TOUCH_TTL = Duration.ofDays(90);

  public static RollupSettings fromEnvironment() {
    return fromMap(System.getenv());
  }

  public static RollupSettings fromMap(Map<String, String> env) {
    return new RollupSettings(
        get(env, "TRACKLAYER_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        get(env, "TRACKLAYER_TOPIC_EVENTS_ACCEPTED", "events.accepted"),
        get(env, "TRACKLAYER_TOPIC_DELIVERY_RESULTS", "deliveries.results"),
        get(env, "TRACKLAYER_TOPIC_EVENTS_REJECTED", "events.rejected"),
        get(env, "TRACKLAYER_ROLLUP_GROUP", "tracklayer-rollup"),
        get(env, "TRACKLAYER_ROLLUP_START_FROM", "committed"),
        ClickHouseSettings.fromMap(env),
        jobDir(get(env, "TRACKLAYER_FLINK_CHECKPOINT_DIR", ""), "rollup"),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_FLINK_CHECKPOINT_MS", "10000"))),
        Duration.parse(get(env, "TRACKLAYER_ROLLUP_LATENESS", "PT1H")),
        Duration.parse(get(env, "TRACKLAYER_ROLLUP_DEDUP_TTL", "PT2H")),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_ROLLUP_EARLY_FIRE_MS", "1000"))),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_ROLLUP_IDLENESS_MS", "30000"))),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_ROLLUP_HOURLY_SETTLE_MS", "10000"))));
  }
}
