package dev.tracklayer.flink.pipeline.functions;

import org.apache.flink.metrics.MetricGroup;

/** Where the pipeline's own metrics live: under {@code tracklayer} in each operator's group. */
final class PipelineMetrics {
  private PipelineMetrics() {}

  static MetricGroup group(MetricGroup operator) {
    return operator.addGroup("tracklayer");
  }
}
