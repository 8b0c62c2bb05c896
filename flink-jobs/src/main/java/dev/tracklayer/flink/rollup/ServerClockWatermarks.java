package dev.tracklayer.flink.rollup;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark follows the server clock (received_at, updated_at), never the client's event_time:
 * a client hours off cannot move it. Timestamps are the records' minutes, so an event whose
 * event_time is behind the server clock but within the lateness is a late record of its minute,
 * which the window still takes and fires again.
 *
 * <p>Per input (events, delivery results, rejections) the newest server time seen; the watermark is
 * the oldest of those among the inputs that had a record within {@code idle}, minus the bound. So
 * an input that is behind (a backlog of delivery results on a first start, a catch-up) holds the
 * windows open instead of seeing its records dropped as too late, and a quiet one (rejections are
 * rare) does not hold them once it has been quiet for {@code idle}.
 */
public class ServerClockWatermarks implements WatermarkGenerator<Contribution> {
  private final long boundMs;
  private final long idleNanos;
  private final long[] newest = new long[Contribution.INPUTS];
  private final long[] lastRecordNanos = new long[Contribution.INPUTS];
  private final boolean[] seen = new boolean[Contribution.INPUTS];

  ServerClockWatermarks(Duration outOfOrderness, Duration idle) {
    this.boundMs = outOfOrderness.toMillis();
    this.idleNanos = idle.toNanos();
    Arrays.fill(newest, Long.MIN_VALUE);
  }

  /** Timestamps = minute, watermark = oldest active input's server time − bound. */
  public static WatermarkStrategy<Contribution> strategy(Duration outOfOrderness, Duration idle) {
    return WatermarkStrategy.<Contribution>forGenerator(
            ctx -> new ServerClockWatermarks(outOfOrderness, idle))
        .withTimestampAssigner((c, previous) -> c.bucket)
        .withIdleness(idle);
  }

  @Override
  public void onEvent(Contribution c, long timestamp, WatermarkOutput output) {
    int i = c.input;
    newest[i] = Math.max(newest[i], c.serverTime);
    lastRecordNanos[i] = System.nanoTime();
    seen[i] = true;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = System.nanoTime();
    long active = Long.MAX_VALUE;
    long any = Long.MIN_VALUE;
    for (int i = 0; i < newest.length; i++) {
      if (!seen[i]) {
        continue;
      }
      any = Math.max(any, newest[i]);
      if (now - lastRecordNanos[i] < idleNanos) {
        active = Math.min(active, newest[i]);
      }
    }
    // Every input quiet: the newest time seen of any (the windows before it can close).
    long clock = active == Long.MAX_VALUE ? any : active;
    if (clock != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(clock - boundMs - 1));
    }
  }
}
