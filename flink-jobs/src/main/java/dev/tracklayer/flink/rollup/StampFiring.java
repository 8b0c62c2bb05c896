package dev.tracklayer.flink.rollup;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Gives a firing's row its minute and its version: the wall clock in milliseconds, strictly
 * increasing within the subtask (which holds every firing of a key), so a later firing of a minute
 * always replaces an earlier one in the ReplacingMergeTree. After a restart the clock has moved on.
 */
public class StampFiring extends ProcessWindowFunction<RollupRow, RollupRow, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  private transient long lastVersion;

  @Override
  public void process(
      String key, Context ctx, Iterable<RollupRow> totals, Collector<RollupRow> out) {
    for (RollupRow row : totals) {
      row.bucket = ctx.window().getStart();
      lastVersion = Math.max(System.currentTimeMillis(), lastVersion + 1);
      row.version = lastVersion;
      out.collect(row);
    }
  }
}
