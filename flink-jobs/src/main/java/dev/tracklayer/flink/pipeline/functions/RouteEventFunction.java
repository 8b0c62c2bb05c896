package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative 24 h dedup, then the fan-out. Dedup: keyed by (merchant_id, event_id), the
 * first event of a key passes (to {@link #UNIQUE_EVENTS} and on to routing), later ones within the
 * TTL are dropped. The gateway's 409 is a fast path across replicas; this is what holds after a
 * gateway restart, a replay of the topic or a retried producer write. The state is one byte per key
 * and expires with the TTL, so nothing is left behind. One operator for both, because routing is
 * keyed the same way: a separate dedup operator cost every event a serialized hop.
 *
 * <p>Fans an event out to one {@link DeliveryTask} per target connection, from the merchants'
 * configurations held as broadcast state. Tasks leave on the side output of their platform ({@link
 * #tasksFor}), so each platform's operators see only their own; the main output is the SKIPPED
 * results for explicit platforms that are not connected and for deliveries the visitor's consent
 * rules out ({@link Routing}), which get no task. A task's QUEUED state comes from the delivery
 * operators, only if it waits ({@link FastDeliverOperator}). Keyed by event (as dedup is), not by
 * merchant, so one busy merchant's events spread over every subtask; an event that arrives before
 * its merchant's configuration (the job just started) waits, briefly, in keyed state.
 *
 * <p>Each task carries its connection's latest delivery state ({@link #CONNECTIONS}, from the keyed
 * delivery operator through deliveries.connections): the fast path chained to this subtask hands a
 * waiting connection's batches to the keyed operator without calling the platform.
 */
public class RouteEventFunction
    extends KeyedBroadcastProcessFunction<String, TrackEvent, RoutingUpdate, DeliveryResult> {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(RouteEventFunction.class);

  public static final MapStateDescriptor<String, MerchantConfig> CONFIGS =
      new MapStateDescriptor<>(
          "merchant-configs", Types.STRING, TypeInformation.of(MerchantConfig.class));

  /** Each connection's latest delivery state, by connection id (ids are unique). */
  public static final MapStateDescriptor<String, ConnectionSignal> CONNECTIONS =
      new MapStateDescriptor<>(
          "connection-states", Types.STRING, TypeInformation.of(ConnectionSignal.class));

  private static final TypeInformation<DeliveryTask> TASK_TYPE =
      TypeInformation.of(DeliveryTask.class);

  /**
   * One tag per platform, made once: building a tag's type information reflects over the record
   * classes, which per task cost more than the rest of routing together.
   */
  private static final Map<String, OutputTag<DeliveryTask>> TAGS = new ConcurrentHashMap<>();

  /** The side output that carries one platform's delivery tasks. */
  public static OutputTag<DeliveryTask> tasksFor(String platform) {
    return TAGS.computeIfAbsent(platform, p -> new OutputTag<>("tasks-" + p, TASK_TYPE));
  }

  /**
   * Each event the first time its key is seen: the events table's rows and events.accepted. Emitted
   * when the event is routed (its merchant's connections known), after the pipeline's own warning.
   */
  public static final OutputTag<TrackEvent> UNIQUE_EVENTS =
      new OutputTag<>("unique-events", TypeInformation.of(TrackEvent.class));

  private final Duration dedupTtl;
  private final long configWaitMillis;
  private transient ValueState<Boolean> seen;
  private transient ListState<TrackEvent> waiting;
  private transient Counter unique;
  private transient Counter duplicates;

  /** How long the last connection state took from the keyed operator's decision to here. */
  private transient volatile long stateDelayMillis;

  public RouteEventFunction(Duration dedupTtl, Duration configWait) {
    this.dedupTtl = dedupTtl;
    this.configWaitMillis = configWait.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttlConfig =
        StateTtlConfig.newBuilder(dedupTtl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .cleanupIncrementally(10, false)
            .cleanupInRocksdbCompactFilter(1000)
            .build();
    ValueStateDescriptor<Boolean> seenDescriptor =
        new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    seenDescriptor.enableTimeToLive(ttlConfig);
    seen = getRuntimeContext().getState(seenDescriptor);
    waiting =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("awaiting-config", TypeInformation.of(TrackEvent.class)));
    MetricGroup metrics = PipelineMetrics.group(getRuntimeContext().getMetricGroup());
    unique = metrics.counter("events_unique");
    duplicates = metrics.counter("events_duplicate");
    // The window in which this subtask's fast path may still call a connection that waits.
    metrics.gauge("connection_state_delay_ms", (Gauge<Long>) () -> stateDelayMillis);
  }

  @Override
  public void processElement(TrackEvent event, ReadOnlyContext ctx, Collector<DeliveryResult> out)
      throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    unique.inc();
    MerchantConfig config = ctx.getBroadcastState(CONFIGS).get(event.merchantId);
    if (config == null) {
      waiting.add(event);
      ctx.timerService()
          .registerProcessingTimeTimer(
              ctx.timerService().currentProcessingTime() + configWaitMillis);
      return;
    }
    route(event, config, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeliveryResult> out)
      throws Exception {
    Iterable<TrackEvent> events = waiting.get();
    if (events == null) {
      return;
    }
    for (TrackEvent event : events) {
      // Still no configuration: the merchant has no connections, so there is nowhere to send.
      route(event, ctx.getBroadcastState(CONFIGS).get(event.merchantId), ctx, out);
    }
    waiting.clear();
  }

  private void route(
      TrackEvent event, MerchantConfig config, ReadOnlyContext ctx, Collector<DeliveryResult> out)
      throws Exception {
    // Emitted once the connections are known, so the unique event carries the pipeline's warning.
    if (config != null) {
      MatchableIdentifiers.warnIfUnmatchable(event, platforms(config));
    }
    ctx.output(UNIQUE_EVENTS, event);
    Routing.Decision decision = Routing.route(event, config);
    var states = ctx.getBroadcastState(CONNECTIONS);
    for (ConnectionConfig connection : decision.targets()) {
      DeliveryTask task = new DeliveryTask(event, connection);
      ConnectionSignal signal = states.get(connection.id);
      if (signal != null) {
        task.signalVersion = signal.version;
        task.signalWaiting = signal.waiting();
      }
      ctx.output(tasksFor(connection.platform), task);
    }
    // Only skips carry a state from here; most events have none.
    Instant now = decision.skipped().isEmpty() ? null : Instant.now();
    for (Routing.Skip skip : decision.skipped()) {
      out.collect(
          DeliveryResult.of(
              event,
              skip.platform(),
              skip.connectionId(),
              DeliveryStatus.SKIPPED,
              0,
              0,
              skip.reason(),
              now));
    }
  }

  private static Set<String> platforms(MerchantConfig config) {
    Set<String> platforms = new HashSet<>();
    for (ConnectionConfig c : config.connections) {
      if (c.active()) {
        platforms.add(c.platform);
      }
    }
    return platforms;
  }

  @Override
  public void processBroadcastElement(
      RoutingUpdate update, Context ctx, Collector<DeliveryResult> out) throws Exception {
    if (update.connection != null) {
      BroadcastState<String, ConnectionSignal> states = ctx.getBroadcastState(CONNECTIONS);
      ConnectionSignal current = states.get(update.connection.connectionId);
      if (current == null || update.connection.version > current.version) {
        states.put(update.connection.connectionId, update.connection);
        stateDelayMillis = Math.max(0, System.currentTimeMillis() - update.connection.version);
        LOG.debug(
            "connection {} {} after {} ms",
            update.connection.connectionId,
            update.connection.state,
            stateDelayMillis);
      }
      return;
    }
    MerchantConfig config = update.config;
    BroadcastState<String, MerchantConfig> state = ctx.getBroadcastState(CONFIGS);
    MerchantConfig current = state.get(config.merchantId);
    // Snapshots can arrive out of order (the PostgreSQL load and the topic): newest wins.
    if (current == null || config.version >= current.version) {
      state.put(config.merchantId, config);
    }
  }
}
