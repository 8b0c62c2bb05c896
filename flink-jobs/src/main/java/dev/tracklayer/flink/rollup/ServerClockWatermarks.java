package dev.tracklayer.flink.rollup;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark follows the server clock (received_at, updated_at), never the client's event_time:
 * a client hours off cannot move it. Timestamps are the records' minutes, so an event whose
 * event_time is behind the server clock but within the lateness is a late record of its minute,
 * which the window still takes and fires again.
 */
public class ServerClockWatermarks implements WatermarkGenerator<Contribution> {
  private final long boundMs;
  private long maxServerTime;

  ServerClockWatermarks(Duration outOfOrderness) {
    this.boundMs = outOfOrderness.toMillis();
    this.maxServerTime = Long.MIN_VALUE + boundMs + 1;
  }

  /** Timestamps = minute, watermark = newest server time − bound, idle partitions ignored. */
  public static WatermarkStrategy<Contribution> strategy(Duration outOfOrderness, Duration idle) {
    return WatermarkStrategy.<Contribution>forGenerator(
            ctx -> new ServerClockWatermarks(outOfOrderness))
        .withTimestampAssigner((c, previous) -> c.bucket)
        .withIdleness(idle);
  }

  @Override
  public void onEvent(Contribution c, long timestamp, WatermarkOutput output) {
    maxServerTime = Math.max(maxServerTime, c.serverTime);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(maxServerTime - boundMs - 1));
  }
}
