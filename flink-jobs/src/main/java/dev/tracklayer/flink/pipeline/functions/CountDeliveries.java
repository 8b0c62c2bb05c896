package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every delivery state as it passes to the sinks, by platform and status: the Flink metric
 * {@code tracklayer.deliveries} with {@code platform} and {@code status} variables (labels on
 * Prometheus), for dashboards and alerts that should not wait on ClickHouse. Counters are made the
 * first time a (platform, status) pair is seen.
 */
public class CountDeliveries extends RichMapFunction<DeliveryResult, DeliveryResult> {
  private static final long serialVersionUID = 1L;

  private transient MetricGroup group;
  private transient Map<String, Map<String, Counter>> counters;

  @Override
  public void open(OpenContext openContext) {
    group = PipelineMetrics.group(getRuntimeContext().getMetricGroup());
    counters = new HashMap<>();
  }

  @Override
  public DeliveryResult map(DeliveryResult r) {
    counters
        .computeIfAbsent(r.platform, p -> new HashMap<>())
        .computeIfAbsent(
            r.status,
            s -> group.addGroup("platform", r.platform).addGroup("status", s).counter("deliveries"))
        .inc();
    return r;
  }
}
