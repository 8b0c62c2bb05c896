package dev.tracklayer.flink.pipeline.records;

/**
 * What a delivery stage gives for a batch, one item at a time: a delivery state to record, or the
 * batch's events that must be tried again later (by the retry stage). Exactly one field is set.
 */
public class Attempted {
  public DeliveryResult result;
  public DeliveryBatch retry;

  public Attempted() {}

  public static Attempted result(DeliveryResult result) {
    Attempted a = new Attempted();
    a.result = result;
    return a;
  }

  public static Attempted retry(DeliveryBatch retry) {
    Attempted a = new Attempted();
    a.retry = retry;
    return a;
  }
}
