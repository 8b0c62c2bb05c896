package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.quality.Rejection;
import dev.tracklayer.flink.TrackLayerJob;
import dev.tracklayer.flink.pipeline.KafkaConnections;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.sinks.ClickHouseSink;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The analytics rollup (docs/analytics.md): events.accepted, deliveries.results (final states) and
 * events.rejected → dedup of the pipeline's re-emissions → one contribution per table row → one-
 * minute event-time windows per (table, merchant, dimensions), fired early and late, each firing
 * writing the row's whole total with a new version → the four ClickHouse minute tables; the hourly
 * tables are built by ClickHouse once an hour is closed.
 */
public final class RollupJob implements TrackLayerJob {
  /** Records later than the allowed lateness: counted and logged by {@link TooLate}. */
  public static final OutputTag<Contribution> TOO_LATE =
      new OutputTag<>("too-late", TypeInformation.of(Contribution.class));

  /** Short names of the tables, for operator names and uids. */
  static final Map<String, String> SHORT =
      Map.of(
          Tables.EVENTS, "events",
          Tables.DELIVERIES, "deliveries",
          Tables.ISSUES, "issues",
          Tables.ATTRIBUTION, "attribution");

  private final RollupSettings settings;

  public RollupJob(RollupSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "tracklayer-rollup";
  }

  @Override
  public String checkpointDir() {
    return settings.checkpointDir();
  }

  @Override
  public void define(StreamExecutionEnvironment env) {
    configure(env, settings);
    build(env, settings, realSources(settings));
  }

  public static RollupSources realSources(RollupSettings s) {
    return new RollupSources(
        kafka(s, s.acceptedEventsTopic(), AcceptedEvent.class),
        kafka(s, s.deliveryResultsTopic(), DeliveryResult.class),
        kafka(s, s.rejectionsTopic(), Rejection.class));
  }

  private static <T> KafkaSource<T> kafka(RollupSettings s, String topic, Class<T> type) {
    return KafkaSource.<T>builder()
        .setBootstrapServers(s.kafkaBootstrap())
        .setTopics(topic)
        .setGroupId(s.consumerGroup())
        .setStartingOffsets(KafkaConnections.startingOffsets(s.startFrom()))
        .setDeserializer(new JsonRecords<>(type))
        .setProperty("partition.discovery.interval.ms", "60000")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  /** RocksDB with incremental checkpoints, kept after a cancel, as the pipeline's. */
  public static void configure(StreamExecutionEnvironment env, RollupSettings s) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    // State restores after an upgrade only into the same operators with the same serializers:
    // every operator carries its fixed uid (a missing one fails the job's build instead of getting
    // a generated one that changes with the graph), and no type falls back to Kryo.
    conf.setString("pipeline.auto-generate-uids", "false");
    conf.setString("pipeline.generic-types", "false");
    conf.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    if (!s.checkpointDir().isBlank()) {
      conf.setString("execution.checkpointing.storage", "filesystem");
      conf.setString("execution.checkpointing.dir", s.checkpointDir());
    }
    env.configure(conf);
    env.enableCheckpointing(s.checkpointInterval().toMillis());
  }

  public static void build(
      StreamExecutionEnvironment env, RollupSettings settings, RollupSources sources) {
    SingleOutputStreamOperator<Contribution> events =
        env.fromSource(
                sources.acceptedEvents(), WatermarkStrategy.noWatermarks(), "events.accepted")
            .uid("accepted-source")
            .keyBy(e -> e.merchantId + '\u0000' + e.eventId, Types.STRING)
            .process(
                new FirstSeen<AcceptedEvent>(settings.dedupTtl(), "rollup_duplicate_events"),
                TypeInformation.of(AcceptedEvent.class))
            .name("dedup-events")
            .uid("dedup-events")
            .keyBy(EventContributions::customer, Types.STRING)
            .process(
                new EventContributions(settings.lateness(), RollupSettings.FIRST_TOUCH_TTL),
                TypeInformation.of(Contribution.class))
            .name("first-touch-and-event-rows")
            .uid("event-contributions");

    events
        .getSideOutput(EventContributions.FUNNEL)
        .sinkTo(
            new ClickHouseSink<>(
                settings.clickHouse(), FunnelRow.TABLE, FunnelRow.format(), FunnelRow.class))
        .name("clickhouse-funnel")
        .uid("clickhouse-funnel");

    DataStream<Contribution> deliveries =
        env.fromSource(
                sources.deliveryResults(), WatermarkStrategy.noWatermarks(), "deliveries.results")
            .uid("results-source")
            .filter(DeliveryResult::isFinal)
            .name("final-states")
            .uid("final-states")
            .keyBy(DeliveryContributions::key, Types.STRING)
            .process(
                new FirstSeen<DeliveryResult>(settings.dedupTtl(), "rollup_duplicate_deliveries"),
                TypeInformation.of(DeliveryResult.class))
            .name("dedup-deliveries")
            .uid("dedup-deliveries")
            .map(new DeliveryContributions(), TypeInformation.of(Contribution.class))
            .name("delivery-rows")
            .uid("delivery-contributions");

    DataStream<Contribution> rejections =
        env.fromSource(sources.rejections(), WatermarkStrategy.noWatermarks(), "events.rejected")
            .uid("rejected-source")
            .flatMap(new RejectionContributions(), TypeInformation.of(Contribution.class))
            .name("rejection-rows")
            .uid("rejection-contributions");

    SingleOutputStreamOperator<RollupRow> rows =
        events
            .union(deliveries, rejections)
            .assignTimestampsAndWatermarks(
                ServerClockWatermarks.strategy(
                    RollupSettings.OUT_OF_ORDERNESS, settings.idleness()))
            .name("server-clock-watermarks")
            .uid("watermarks")
            .keyBy(Contribution::key, Types.STRING)
            .window(TumblingEventTimeWindows.of(java.time.Duration.ofMinutes(1)))
            .allowedLateness(settings.lateness())
            .trigger(new EarlyAndLateFiring(settings.earlyFire()))
            .sideOutputLateData(TOO_LATE)
            .aggregate(new SumContributions(), new StampFiring())
            .name("minute-windows")
            .uid("minute-windows");

    rows.getSideOutput(TOO_LATE)
        .process(new TooLate(), Types.VOID)
        .name("too-late")
        .uid("too-late");

    for (String table : Tables.ALL) {
      String name = SHORT.get(table);
      rows.filter(r -> table.equals(r.table))
          .name("rows-" + name)
          .uid("rows-" + name)
          .sinkTo(
              new ClickHouseSink<>(
                  settings.clickHouse(), table, Tables.format(table), RollupRow.class))
          .name("clickhouse-" + name)
          .uid("clickhouse-" + name);
    }

    rows.map(r -> r.bucket, Types.LONG)
        .name("fired-minutes")
        .uid("fired-minutes")
        .transform(
            "hourly-build",
            Types.VOID,
            new HourlyBuild(settings.clickHouse(), settings.lateness(), settings.hourlySettle()))
        .uid("hourly-build")
        // One instance, but no fixed max parallelism: at a job parallelism of 1 it chains into the
        // windows' task and its state is saved with that task's (128), which a fixed 1 could not
        // restore once the job runs at 2. Its state is operator state, which any max parallelism
        // holds.
        .setParallelism(1);
  }

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    RollupJob job = new RollupJob(RollupSettings.fromEnvironment());
    job.define(env);
    env.execute(job.name());
  }
}
