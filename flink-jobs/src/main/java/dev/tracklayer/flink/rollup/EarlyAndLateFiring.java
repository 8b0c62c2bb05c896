package dev.tracklayer.flink.rollup;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a minute's running total {@code interval} (processing time) after the first record since
 * its last firing, so a count shows in ClickHouse within about two seconds (this plus the sink's
 * one-second buffer); records arriving meanwhile ride along (coalesced). Fires at the window's end
 * only when records came since the last firing, and handles late records (within the allowed
 * lateness) the same coalesced way. Never purges: every firing writes the whole total.
 */
public class EarlyAndLateFiring extends Trigger<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;

  private static final ValueStateDescriptor<Long> PENDING =
      new ValueStateDescriptor<>("pending-firing", Types.LONG);

  private final long intervalMs;

  public EarlyAndLateFiring(Duration interval) {
    this.intervalMs = interval.toMillis();
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, TimeWindow window, TriggerContext ctx) throws Exception {
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
      ctx.registerEventTimeTimer(window.maxTimestamp());
    }
    ValueState<Long> pending = ctx.getPartitionedState(PENDING);
    if (pending.value() == null) {
      long at = ctx.getCurrentProcessingTime() + intervalMs;
      ctx.registerProcessingTimeTimer(at);
      pending.update(at);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    ctx.getPartitionedState(PENDING).clear();
    return TriggerResult.FIRE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    if (time != window.maxTimestamp()) {
      return TriggerResult.CONTINUE;
    }
    ValueState<Long> pending = ctx.getPartitionedState(PENDING);
    Long at = pending.value();
    if (at == null) {
      return TriggerResult.CONTINUE; // the last firing already wrote this total
    }
    ctx.deleteProcessingTimeTimer(at);
    pending.clear();
    return TriggerResult.FIRE;
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
    ValueState<Long> pending = ctx.getPartitionedState(PENDING);
    Long at = pending.value();
    if (at != null) {
      ctx.deleteProcessingTimeTimer(at);
    }
    pending.clear();
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "EarlyAndLateFiring(" + intervalMs + " ms)";
  }
}
