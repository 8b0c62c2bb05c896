package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.TrackLayerJob;
import dev.tracklayer.flink.pipeline.functions.BatchDeliveriesOperator;
import dev.tracklayer.flink.pipeline.functions.ConnectionKey;
import dev.tracklayer.flink.pipeline.functions.CountDeliveries;
import dev.tracklayer.flink.pipeline.functions.DeliverOperator;
import dev.tracklayer.flink.pipeline.functions.EventKey;
import dev.tracklayer.flink.pipeline.functions.FastDeliverOperator;
import dev.tracklayer.flink.pipeline.functions.FinalFailures;
import dev.tracklayer.flink.pipeline.functions.LatestDeliveryStates;
import dev.tracklayer.flink.pipeline.functions.ParseEventFunction;
import dev.tracklayer.flink.pipeline.functions.RouteEventFunction;
import dev.tracklayer.flink.pipeline.functions.UniqueEventRecords;
import dev.tracklayer.flink.pipeline.records.ConnectionHealth;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.EventRow;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import dev.tracklayer.flink.pipeline.sinks.ClickHouseSink;
import dev.tracklayer.flink.pipeline.sources.PostgresConfigLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The pipeline: events.raw → parse → 24 h dedup and route by the merchant's rules → deliver (per
 * platform: first attempts chained to routing, what must wait keyed by connection: retries from
 * keyed state, a breaker per connection, its state fed back to routing through
 * deliveries.connections; a slow platform cannot hold back the others) → delivery results; unique
 * events, every delivery state and each connection's health into ClickHouse.
 */
public final class PipelineJob implements TrackLayerJob {
  private final PipelineSettings settings;

  public PipelineJob(PipelineSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "tracklayer-pipeline";
  }

  @Override
  public String checkpointDir() {
    return settings.checkpointDir();
  }

  @Override
  public void define(StreamExecutionEnvironment env) {
    configure(env, settings);
    build(env, settings, realSources(settings), realSinks(settings));
  }

  public static PipelineSources realSources(PipelineSettings s) {
    return new PipelineSources(
        KafkaConnections.events(s),
        List.of(PostgresConfigLoader.source(s), KafkaConnections.configs(s)),
        KafkaConnections.connectionStates(s));
  }

  public static PipelineSinks realSinks(PipelineSettings s) {
    return new PipelineSinks(
        new ClickHouseSink<>(s.clickHouse(), "events", EventRow.CLICKHOUSE, EventRow.class),
        KafkaConnections.acceptedEvents(s),
        new ClickHouseSink<>(
            s.clickHouse(), "deliveries", DeliveryResult.CLICKHOUSE, DeliveryResult.class),
        KafkaConnections.deliveryResults(s, s.deliveryResultsTopic()),
        KafkaConnections.deliveryResults(s, s.deliveriesDeadLetterTopic()),
        KafkaConnections.deadLetters(s),
        new ClickHouseSink<>(
            s.clickHouse(),
            "connection_health",
            ConnectionHealth.CLICKHOUSE,
            ConnectionHealth.class),
        KafkaConnections.connectionStatesSink(s));
  }

  /**
   * RocksDB state with incremental checkpoints (docs/contracts.md: Flink 2.x sets these by config).
   */
  public static void configure(StreamExecutionEnvironment env, PipelineSettings s) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    // Nearly every dedup lookup is for a key that is not there: a Bloom filter answers most of them
    // without reading a block of each SST file (10 bits, ~1.3 bytes, per key).
    conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
    // State restores after an upgrade only into the same operators with the same serializers:
    // every operator carries its fixed uid (a missing one fails the job's build instead of getting
    // a generated one that changes with the graph), and no type falls back to Kryo.
    conf.setString("pipeline.auto-generate-uids", "false");
    conf.setString("pipeline.generic-types", "false");
    // Kept after a cancel or a crash, so the job can resume from it.
    conf.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    if (!s.checkpointDir().isBlank()) {
      conf.setString("execution.checkpointing.storage", "filesystem");
      conf.setString("execution.checkpointing.dir", s.checkpointDir());
    }
    // Chained operators hand records on without a copy: no function changes or keeps a record it
    // has emitted (the async operator copies what it holds for checkpoints itself).
    conf.setString("pipeline.object-reuse", "true");
    env.configure(conf);
    env.enableCheckpointing(s.checkpointInterval().toMillis());
  }

  /** The whole graph, on the given sources and sinks. */
  public static void build(
      StreamExecutionEnvironment env,
      PipelineSettings settings,
      PipelineSources sources,
      PipelineSinks sinks) {
    SingleOutputStreamOperator<TrackEvent> parsed =
        env.fromSource(sources.events(), WatermarkStrategy.noWatermarks(), "events.raw")
            .uid("events-source")
            .process(new ParseEventFunction())
            .name("parse")
            .uid("parse");
    parsed
        .getSideOutput(ParseEventFunction.DEAD_LETTERS)
        .sinkTo(sinks.deadLetters())
        .name("events-dlq")
        .uid("events-dlq");

    List<DataStream<MerchantConfig>> configStreams = new ArrayList<>();
    int i = 0;
    for (var source : sources.configs()) {
      configStreams.add(
          env.fromSource(source, WatermarkStrategy.noWatermarks(), "configs-" + i)
              .uid("configs-" + i++)
              .setParallelism(1));
    }
    DataStream<MerchantConfig> configs = configStreams.get(0);
    for (int j = 1; j < configStreams.size(); j++) {
      configs = configs.union(configStreams.get(j));
    }
    // Beside the configurations, each connection's delivery state as the keyed delivery operators
    // publish it (deliveries.connections, read from the start): every routing subtask knows which
    // connections are waiting, and its fast path hands their batches on without a call.
    DataStream<RoutingUpdate> updates =
        configs
            .map(RoutingUpdate::of, TypeInformation.of(RoutingUpdate.class))
            .name("configs")
            .uid("configs-updates")
            .setParallelism(1)
            // Few records, each sent on at once (not after the 100 ms buffer timeout): it is the
            // window in which a routing subtask may still call a connection that waits.
            .setBufferTimeout(0)
            .union(
                env.fromSource(
                        sources.connections(),
                        WatermarkStrategy.noWatermarks(),
                        "deliveries.connections")
                    .uid("connection-states-source")
                    .setParallelism(1)
                    .setBufferTimeout(0));
    BroadcastStream<RoutingUpdate> broadcast =
        updates.broadcast(RouteEventFunction.CONFIGS, RouteEventFunction.CONNECTIONS);

    SingleOutputStreamOperator<DeliveryResult> routed =
        parsed
            .keyBy(new EventKey())
            .connect(broadcast)
            .process(new RouteEventFunction(settings.dedupTtl(), Duration.ofSeconds(5)))
            .name("dedup-24h-and-route")
            .uid("route");
    // Both records of a unique event are made on a task of their own (a forward hop, not chained):
    // the events row's payload JSON and RowBinary, the events.accepted JSON and its producer cost
    // the routing thread more than the one serialized copy of the event, and that thread also
    // handles the platforms' answers. What the rollup job counts (docs/analytics.md) is unique by
    // construction, as it leaves dedup.
    SingleOutputStreamOperator<EventRow> eventRows =
        routed
            .getSideOutput(RouteEventFunction.UNIQUE_EVENTS)
            .process(new UniqueEventRecords(), TypeInformation.of(EventRow.class))
            .name("unique-event-records")
            .uid("unique-event-records")
            .startNewChain();
    eventRows.sinkTo(sinks.events()).name("clickhouse-events").uid("clickhouse-events");
    eventRows
        .getSideOutput(UniqueEventRecords.ACCEPTED)
        .sinkTo(sinks.acceptedEvents())
        .name("events-accepted")
        .uid("events-accepted");

    DataStream<DeliveryResult> results = routed;
    // Filtered where the results are made (chained, so no copy travels): only ERRORs cross to the
    // dead-letter sink, not every result.
    DataStream<DeliveryResult> errors = errors(routed, "route");
    DataStream<ConnectionHealth> health = null;
    DataStream<ConnectionSignal> connectionStates = null;
    for (DestinationAdapter adapter : DestinationAdapters.all()) {
      String p = adapter.platform();
      // Batched and sent where routing runs (chained, in memory: no keyed hop for a connection
      // that is clear). What must wait (a waiting connection's batches, the events of a retryable
      // or refused first answer) crosses to the keyed DeliverOperator: its backlog and breaker
      // are keyed state, and it publishes each connection's state back to routing.
      SingleOutputStreamOperator<DeliveryResult> fast =
          routed
              .getSideOutput(RouteEventFunction.tasksFor(p))
              .transform(
                  "batch-" + p,
                  TypeInformation.of(DeliveryBatch.class),
                  new BatchDeliveriesOperator(adapter.maxBatchSize(), settings.delivery().linger()))
              .uid("batch-" + p)
              .transform(
                  "send-" + p,
                  TypeInformation.of(DeliveryResult.class),
                  new FastDeliverOperator(p, settings))
              .uid("send-" + p);
      results = results.union(fast);
      errors = errors.union(errors(fast, "send-" + p));
      SingleOutputStreamOperator<DeliveryResult> delivered =
          fast.getSideOutput(FastDeliverOperator.WAIT)
              .keyBy(new ConnectionKey())
              .transform(
                  "delivery-" + p,
                  TypeInformation.of(DeliveryResult.class),
                  new DeliverOperator(p, settings))
              .uid("delivery-" + p);
      results = results.union(delivered);
      errors = errors.union(errors(delivered, p));
      DataStream<ConnectionHealth> h = delivered.getSideOutput(DeliverOperator.HEALTH);
      health = health == null ? h : health.union(h);
      DataStream<ConnectionSignal> c = delivered.getSideOutput(DeliverOperator.STATES);
      connectionStates = connectionStates == null ? c : connectionStates.union(c);
    }
    health
        .sinkTo(sinks.connectionHealth())
        .name("clickhouse-connection-health")
        .uid("clickhouse-connection-health");
    connectionStates
        .sinkTo(sinks.connectionStates())
        .name("deliveries.connections")
        .uid("connection-states-sink");

    // One operator gathers the union (and counts it), and both sinks chain to it: a union cannot
    // be chained, so a sink reading it directly took its own serialized copy of every result.
    SingleOutputStreamOperator<DeliveryResult> gathered =
        results.map(new CountDeliveries()).name("results").uid("results");
    gathered
        .transform(
            "latest-delivery-states",
            TypeInformation.of(DeliveryResult.class),
            new LatestDeliveryStates(settings.stateHold(), 50_000))
        .uid("latest-delivery-states")
        .sinkTo(sinks.deliveryRows())
        .name("clickhouse-deliveries")
        .uid("clickhouse-deliveries");
    gathered.sinkTo(sinks.deliveryResults()).name("delivery-results").uid("delivery-results");
    errors.sinkTo(sinks.failedDeliveries()).name("deliveries-dlq").uid("deliveries-dlq");
  }

  private static DataStream<DeliveryResult> errors(DataStream<DeliveryResult> results, String of) {
    return results.filter(new FinalFailures()).name("errors-" + of).uid("errors-" + of);
  }

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob job = new PipelineJob(PipelineSettings.fromEnvironment());
    job.define(env);
    env.execute(job.name());
  }
}
