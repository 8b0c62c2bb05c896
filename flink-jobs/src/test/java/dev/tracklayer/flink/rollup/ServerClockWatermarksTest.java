package dev.tracklayer.flink.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ServerClockWatermarksTest {
  private static final long HOUR = 3_600_000;
  private static final long T = 1_800_000_000_000L;

  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };

  private static Contribution at(int input, long serverTime) {
    Contribution c = Contribution.of(Tables.EVENTS, "m", serverTime, serverTime).from(input);
    return c;
  }

  private long watermark(ServerClockWatermarks w) {
    w.onPeriodicEmit(output);
    return emitted.get(emitted.size() - 1);
  }

  @Test
  void anInputThatIsBehindHoldsTheWatermarkUntilItIsQuiet() throws Exception {
    var w = new ServerClockWatermarks(Duration.ofSeconds(10), Duration.ofMillis(300));
    // A backlog of delivery results three hours old is being read while events are current:
    // taking the newest of all would drop the whole backlog as too late.
    w.onEvent(at(Contribution.EVENTS_INPUT, T + 3 * HOUR), 0, output);
    w.onEvent(at(Contribution.RESULTS_INPUT, T), 0, output);
    assertThat(watermark(w)).isEqualTo(T - 10_001);
    w.onEvent(at(Contribution.RESULTS_INPUT, T + HOUR), 0, output);
    assertThat(watermark(w)).isEqualTo(T + HOUR - 10_001);

    // The results have caught up and gone quiet; events go on.
    Thread.sleep(400);
    w.onEvent(at(Contribution.EVENTS_INPUT, T + 3 * HOUR + 5_000), 0, output);
    assertThat(watermark(w)).isEqualTo(T + 3 * HOUR + 5_000 - 10_001);
  }

  @Test
  void aClientClockNeverMovesIt() {
    var w = new ServerClockWatermarks(Duration.ofSeconds(10), Duration.ofSeconds(30));
    Contribution c = at(Contribution.EVENTS_INPUT, T);
    c.bucket = T + 5 * HOUR; // event_time five hours ahead of the server
    w.onEvent(c, c.bucket, output);
    assertThat(watermark(w)).isEqualTo(T - 10_001);
  }
}
