package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.quality.Rejection;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A refused request's contributions to the issues rows: one per field error (code, path), origin
 * {@code rejected}, source the endpoint; a refusal without details (invalid_json) counts once under
 * its own code with an empty path. In the minute it was received.
 */
public class RejectionContributions implements FlatMapFunction<Rejection, Contribution> {
  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(Rejection r, Collector<Contribution> out) {
    if (r.merchantId == null || r.merchantId.isEmpty() || r.receivedAt == null) {
      return; // not a merchant's: nothing to count it under
    }
    long bucket = Buckets.minute(r.receivedAt / 1000 * 1000);
    String example = r.eventId == null ? "" : r.eventId;
    if (r.details == null || r.details.isEmpty()) {
      out.collect(issue(r, bucket, r.code, "", example));
      return;
    }
    for (Rejection.Detail d : r.details) {
      out.collect(issue(r, bucket, d.code, d.path, example));
    }
  }

  private static Contribution issue(
      Rejection r, long bucket, String code, String path, String example) {
    Contribution c =
        Contribution.of(Tables.ISSUES, r.merchantId, bucket, r.receivedAt)
            .from(Contribution.REJECTIONS_INPUT)
            .dims(r.endpoint, "rejected", code, path);
    c.example = example;
    return c;
  }
}
