package dev.tracklayer.flink.rollup;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first record of each key and drops the copies that follow within {@code ttl}: the
 * pipeline re-sends what it emitted since its last checkpoint when it restarts, and those copies
 * must not be counted again. One byte of state per key, expiring with the TTL.
 */
public class FirstSeen<T> extends KeyedProcessFunction<String, T, T> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private final String metric;
  private transient ValueState<Boolean> seen;
  private transient Counter dropped;

  /**
   * @param metric the counter of dropped copies
   */
  public FirstSeen(Duration ttl, String metric) {
    this.ttl = ttl;
    this.metric = metric;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .cleanupIncrementally(10, false)
            .cleanupInRocksdbCompactFilter(1000)
            .build());
    seen = getRuntimeContext().getState(d);
    dropped = getRuntimeContext().getMetricGroup().addGroup("tracklayer").counter(metric);
  }

  @Override
  public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
    if (seen.value() != null) {
      dropped.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(value);
  }
}
