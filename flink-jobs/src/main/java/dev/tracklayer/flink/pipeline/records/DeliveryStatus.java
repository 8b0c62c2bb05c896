package dev.tracklayer.flink.pipeline.records;

/** The delivery statuses of docs/contracts.md, in the order a delivery moves through them. */
public enum DeliveryStatus {
  QUEUED,
  RETRY,
  DELIVERED,
  FAILED,
  ERROR,
  SKIPPED
}
