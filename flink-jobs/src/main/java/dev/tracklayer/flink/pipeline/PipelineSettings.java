package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.destinations.Endpoints;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the pipeline job reads from its environment ({@code TRACKLAYER_*} variables), typed
 * and validated in one place so functions receive plain serializable values.
 *
 * @param startFrom where the events source starts when there is no checkpoint: {@code committed}
 *     (the consumer group's offsets, else earliest), {@code earliest}, {@code latest}, or {@code
 *     timestamp:<epoch-ms>} (what operators use to replay a period)
 * @param connectionsTopic the compacted topic of each connection's delivery state (waiting or
 *     clear), written by the keyed delivery operator and read by routing as broadcast
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
    String connectionsTopic,
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

  /**
   * Delivery knobs: batching, the in-flight bound, retries, the circuit breaker.
   *
   * @param maxInFlight requests in flight per delivery operator subtask (one platform)
   * @param initialBackoff the first retry's wait; later ones double, with full jitter above it
   * @param maxBackoff the longest wait between two attempts of a waiting connection
   * @param retryHorizon how long after it was received an event is retried before it is ERROR
   *     (capped by the oldest event its platform accepts); per platform in {@code horizons}
   * @param breakerFailures consecutive retryable failures that open a connection's breaker
   * @param drainRate events per second a connection's parked backlog is sent at once it recovers;
   *     per platform in {@code drainRates}
   * @param authProbe the wait between two probes of a connection paused for its credentials
   * @param healthInterval how often at most a connection's backlog count is published
   */
  public record Delivery(
      Duration linger,
      int maxInFlight,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration retryHorizon,
      Map<String, Duration> horizons,
      int breakerFailures,
      double drainRate,
      Map<String, Double> drainRates,
      Duration authProbe,
      Duration healthInterval,
      boolean allowPrivateWebhookTargets)
      implements Serializable {

    public Delivery {
      horizons = new HashMap<>(horizons);
      drainRates = new HashMap<>(drainRates);
    }

    /** The retry horizon of a platform's deliveries. */
    public Duration horizon(String platform) {
      return horizons.getOrDefault(platform, retryHorizon);
    }

    /** The drain rate (events/s) of a platform's recovered connections. */
    public double drainRate(String platform) {
      return drainRates.getOrDefault(platform, drainRate);
    }

    static Delivery fromMap(Map<String, String> env) {
      Map<String, Duration> horizons = new HashMap<>();
      Map<String, Double> rates = new HashMap<>();
      String horizonPrefix = "TRACKLAYER_DELIVERY_RETRY_HORIZON_";
      String ratePrefix = "TRACKLAYER_DELIVERY_DRAIN_RATE_";
      env.forEach(
          (k, v) -> {
            if (k.startsWith(horizonPrefix) && !v.isBlank()) {
              horizons.put(platformOf(k, horizonPrefix), duration(v));
            } else if (k.startsWith(ratePrefix) && !v.isBlank()) {
              rates.put(platformOf(k, ratePrefix), Double.parseDouble(v));
            }
          });
      return new Delivery(
          Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_DELIVERY_LINGER_MS", "100"))),
          Integer.parseInt(get(env, "TRACKLAYER_DELIVERY_MAX_IN_FLIGHT", "200")),
          Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_DELIVERY_BACKOFF_MS", "200"))),
          Duration.ofMillis(
              Long.parseLong(get(env, "TRACKLAYER_DELIVERY_MAX_BACKOFF_MS", "60000"))),
          duration(get(env, "TRACKLAYER_DELIVERY_RETRY_HORIZON", "24h")),
          horizons,
          Integer.parseInt(get(env, "TRACKLAYER_DELIVERY_BREAKER_FAILURES", "5")),
          Double.parseDouble(get(env, "TRACKLAYER_DELIVERY_DRAIN_RATE", "1000")),
          rates,
          Duration.ofMillis(
              Long.parseLong(get(env, "TRACKLAYER_DELIVERY_AUTH_PROBE_MS", "300000"))),
          Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_DELIVERY_HEALTH_MS", "5000"))),
          Boolean.parseBoolean(get(env, "TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false")));
    }

    /** {@code TRACKLAYER_..._GOOGLE_ADS} → {@code google_ads}. */
    private static String platformOf(String name, String prefix) {
      return name.substring(prefix.length()).toLowerCase(Locale.ROOT);
    }
  }

  /** A duration as {@code 500ms}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or millis. */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(t.substring(0, i));
    return switch (t.substring(i).strip()) {
      case "", "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

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
        get(env, "TRACKLAYER_TOPIC_DELIVERY_CONNECTIONS", "deliveries.connections"),
        get(env, "TRACKLAYER_PIPELINE_GROUP", "tracklayer-pipeline"),
        get(env, "TRACKLAYER_PIPELINE_START_FROM", "committed"),
        get(env, "TRACKLAYER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/tracklayer"),
        get(env, "TRACKLAYER_POSTGRES_USER", "tracklayer"),
        get(env, "TRACKLAYER_POSTGRES_PASSWORD", "tracklayer"),
        ClickHouseSettings.fromMap(env),
        get(env, "TRACKLAYER_CREDENTIALS_KEY", ""),
        jobDir(get(env, "TRACKLAYER_FLINK_CHECKPOINT_DIR", ""), "pipeline"),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_FLINK_CHECKPOINT_MS", "10000"))),
        Duration.ofHours(24),
        Duration.ofMillis(Long.parseLong(get(env, "TRACKLAYER_CLICKHOUSE_STATE_HOLD_MS", "1000"))),
        Delivery.fromMap(env),
        Endpoints.fromEnvironment(env));
  }

  /** Each job checkpoints into a folder of its own under the shared directory. */
  public static String jobDir(String base, String job) {
    return base.isBlank() ? "" : base.replaceAll("/+$", "") + "/" + job;
  }

  /** A variable of {@code env}, or {@code fallback} when unset or blank; every job reads so. */
  public static String get(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
