package dev.tracklayer.flink.rollup;

import dev.tracklayer.flink.OperatorUids;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint or savepoint restores only into operators with the same uid: a renamed or new uid
 * would start that operator's state (dedup marks, first touches, open windows, the next hour to
 * build) empty. This list changes only on purpose, with the state's fate in docs/analytics.md.
 */
class RollupUidsTest {
  private static final Set<String> UIDS =
      Set.of(
          "accepted-source",
          "dedup-events",
          "event-contributions",
          "results-source",
          "final-states",
          "dedup-deliveries",
          "delivery-contributions",
          "rejected-source",
          "rejection-contributions",
          "watermarks",
          "minute-windows",
          "too-late",
          "rows-events",
          "rows-deliveries",
          "rows-issues",
          "rows-attribution",
          "clickhouse-events",
          "clickhouse-deliveries",
          "clickhouse-issues",
          "clickhouse-attribution",
          "clickhouse-funnel",
          "fired-minutes",
          "hourly-build");

  @Test
  void everyOperatorHasItsFixedUid() {
    RollupSettings settings = RollupSettings.fromMap(Map.of());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    RollupJob.configure(env, settings);
    RollupJob.build(env, settings, RollupJob.realSources(settings));
    OperatorUids.assertPinned("tracklayer-rollup", env, UIDS);
  }
}
