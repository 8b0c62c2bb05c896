package dev.tracklayer.flink.rollup;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that came after their minute closed for good (later than the allowed lateness on the
 * server clock): counted in {@code tracklayer_rollup_too_late} and logged at most once a minute, so
 * nothing is left out silently. They are still in the raw tables; the check tool shows the gap.
 */
public class TooLate extends ProcessFunction<Contribution, Void> {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(TooLate.class);
  private static final long LOG_EVERY_MS = 60_000;
  private transient Counter counter;
  private transient long lastLog;
  private transient long sinceLog;

  @Override
  public void open(OpenContext openContext) {
    counter =
        getRuntimeContext().getMetricGroup().addGroup("tracklayer").counter("rollup_too_late");
  }

  @Override
  public void processElement(Contribution c, Context ctx, Collector<Void> out) {
    counter.inc();
    sinceLog++;
    long now = System.currentTimeMillis();
    if (now - lastLog >= LOG_EVERY_MS) {
      LOG.warn(
          "{} record(s) too late for the rollup since the last report; latest: {} of merchant {}"
              + " for minute {}",
          sinceLog,
          c.table,
          c.merchantId,
          java.time.Instant.ofEpochMilli(c.bucket));
      lastLog = now;
      sinceLog = 0;
    }
  }
}
