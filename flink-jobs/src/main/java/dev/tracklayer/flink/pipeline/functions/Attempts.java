package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.Attempted;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The two halves of a delivery stage's output. */
public final class Attempts {
  private Attempts() {}

  /** The delivery states, for the sinks. */
  public static class Results implements FlatMapFunction<Attempted, DeliveryResult> {
    @Override
    public void flatMap(Attempted attempted, Collector<DeliveryResult> out) {
      if (attempted.result != null) {
        out.collect(attempted.result);
      }
    }
  }

  /** The batches to try again, for the retry stage. */
  public static class Retries implements FlatMapFunction<Attempted, DeliveryBatch> {
    @Override
    public void flatMap(Attempted attempted, Collector<DeliveryBatch> out) {
      if (attempted.retry != null) {
        out.collect(attempted.retry);
      }
    }
  }
}
