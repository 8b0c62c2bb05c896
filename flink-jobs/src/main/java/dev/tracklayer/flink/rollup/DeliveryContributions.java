package dev.tracklayer.flink.rollup;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import org.apache.flink.api.common.functions.MapFunction;

/** A final delivery state's contribution, in the minute its final state was reached. */
public class DeliveryContributions implements MapFunction<DeliveryResult, Contribution> {
  private static final long serialVersionUID = 1L;

  @Override
  public Contribution map(DeliveryResult d) {
    long updated = d.updatedAt * 1000;
    Contribution c =
        Contribution.of(Tables.DELIVERIES, d.merchantId, Buckets.minute(updated), updated)
            .from(Contribution.RESULTS_INPUT)
            .dims(d.eventName, d.source, d.platform, d.status);
    c.latencyMs = Math.max(0, d.latencyMs);
    c.fields = d.fields;
    return c;
  }

  /** The dedup key of a final delivery: one count per (merchant, event, platform). */
  public static String key(DeliveryResult d) {
    return d.merchantId + '\u0000' + d.eventId + '\u0000' + d.platform;
  }
}
