package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import java.math.BigDecimal;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * An accepted event's contributions: to its events row, one issues row per warning, and for a
 * purchase, an attribution row. Keyed by (merchant, customer_key), so the customer's first touch
 * lives here: the first non-empty first_touch_platform seen for the customer, kept 90 days from
 * when it was seen. A purchase goes to that platform; one without a customer key to its own first
 * touch; without either to {@code direct}.
 *
 * <p>The customer's funnel progress lives here too ({@link FunnelProgress}, same TTL): every stage
 * event that changes it sends the customer's {@code analytics_funnel_customers} row, whole, with a
 * larger version, to {@link #FUNNEL}.
 */
public class EventContributions extends KeyedProcessFunction<String, AcceptedEvent, Contribution> {
  private static final long serialVersionUID = 1L;

  public static final String DIRECT = "direct";

  /** Rows of analytics_funnel_customers. */
  public static final OutputTag<FunnelRow> FUNNEL =
      new OutputTag<>("funnel-customers", TypeInformation.of(FunnelRow.class));

  private final long latenessMs;
  private final Duration firstTouchTtl;
  private transient ValueState<String> firstTouch;
  private transient ValueState<FunnelProgress> funnel;
  private transient Counter funnelTooLate;
  private transient long lastVersion;

  public EventContributions(Duration lateness, Duration firstTouchTtl) {
    this.latenessMs = lateness.toMillis();
    this.firstTouchTtl = firstTouchTtl;
  }

  /** The key: merchant and customer. */
  public static String customer(AcceptedEvent e) {
    return e.merchantId + '\u0000' + (e.customerKey == null ? "" : e.customerKey);
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<String> d = new ValueStateDescriptor<>("first-touch", Types.STRING);
    d.enableTimeToLive(ttl());
    firstTouch = getRuntimeContext().getState(d);
    ValueStateDescriptor<FunnelProgress> f =
        new ValueStateDescriptor<>("funnel", TypeInformation.of(FunnelProgress.class));
    f.enableTimeToLive(ttl());
    funnel = getRuntimeContext().getState(f);
    funnelTooLate =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup("tracklayer")
            .counter("rollup_funnel_too_late");
  }

  private StateTtlConfig ttl() {
    return StateTtlConfig.newBuilder(firstTouchTtl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(10, false)
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }

  @Override
  public void processElement(AcceptedEvent e, Context ctx, Collector<Contribution> out)
      throws Exception {
    boolean late = Buckets.isLate(e.eventTime, e.receivedAt, latenessMs);
    long bucket = Buckets.ofEvent(e.eventTime, e.receivedAt, latenessMs);
    String source = orEmpty(e.source);
    String currency = orEmpty(e.currency);
    BigDecimal value = e.value == null ? BigDecimal.ZERO : e.value;

    Contribution event =
        Contribution.of(Tables.EVENTS, e.merchantId, bucket, e.receivedAt)
            .from(Contribution.EVENTS_INPUT)
            .dims(e.eventName, source, currency);
    event.late = late ? 1 : 0;
    event.withValue = e.value == null ? 0 : 1;
    event.revenue = value;
    event.fields = e.fields;
    out.collect(event);

    int warnings = e.warningCodes == null ? 0 : e.warningCodes.size();
    for (int i = 0; i < warnings; i++) {
      String path =
          e.warningPaths != null && i < e.warningPaths.size() ? e.warningPaths.get(i) : "";
      Contribution issue =
          Contribution.of(Tables.ISSUES, e.merchantId, bucket, e.receivedAt)
              .from(Contribution.EVENTS_INPUT)
              .dims(source, "warning", e.warningCodes.get(i), path);
      issue.example = orEmpty(e.eventId);
      out.collect(issue);
    }

    String own = orEmpty(e.firstTouchPlatform);
    String platform = own;
    if (e.customerKey != null && !e.customerKey.isEmpty()) {
      String first = firstTouch.value();
      if (first == null && !own.isEmpty()) {
        firstTouch.update(own);
        first = own;
      }
      platform = first == null ? "" : first;
    }
    if ("purchase".equals(e.eventName)) {
      Contribution order =
          Contribution.of(Tables.ATTRIBUTION, e.merchantId, bucket, e.receivedAt)
              .from(Contribution.EVENTS_INPUT)
              .dims(platform.isEmpty() ? DIRECT : platform, currency);
      order.revenue = value;
      out.collect(order);
    }
    progress(e, ctx);
  }

  /**
   * Adds a stage event to the customer's funnel progress, at its bucket time in seconds, and sends
   * the customer's row when the starts changed.
   */
  private void progress(AcceptedEvent e, Context ctx) throws Exception {
    int stage = FunnelStages.stageOf(e.eventName);
    if (stage == 0 || e.customerKey == null || e.customerKey.isEmpty()) {
      return;
    }
    long second =
        Buckets.isLate(e.eventTime, e.receivedAt, latenessMs)
            ? Math.floorDiv(e.receivedAt, 1000)
            : e.eventTime;
    FunnelProgress p = funnel.value();
    if (p == null) {
      p = new FunnelProgress();
    }
    if (!p.add(second, stage, Math.floorDiv(e.receivedAt, 1000), 2 * latenessMs / 1000)) {
      funnelTooLate.inc();
      return;
    }
    long[] starts = p.starts();
    boolean changed = p.changed(starts);
    funnel.update(p);
    if (changed) {
      lastVersion = Math.max(System.currentTimeMillis(), lastVersion + 1);
      ctx.output(FUNNEL, new FunnelRow(e.merchantId, e.customerKey, starts, lastVersion));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
