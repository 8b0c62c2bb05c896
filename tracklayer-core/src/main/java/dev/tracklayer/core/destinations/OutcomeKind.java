package dev.tracklayer.core.destinations;

/**
 * How one event of a request fared. The pipeline maps these onto delivery statuses: DELIVERED as
 * is, RETRY to RETRY (or ERROR once retries are exhausted), FAILED to FAILED, SPLIT to a resend in
 * halves. SKIPPED is decided before a request is built ({@link DestinationAdapter#skipReason}), so
 * it is not a kind here.
 */
public enum OutcomeKind {
  /** The platform accepted the event. */
  DELIVERED,
  /** Transient: timeouts, network errors, 408, 429, 5xx and the platforms' rate-limit codes. */
  RETRY,
  /** The platform rejected the event for good; sending it again would fail again. */
  FAILED,
  /**
   * The platform refused the whole request because of some of its events without saying which
   * (Reddit): the events go again at once in smaller requests, until each bad one is alone and
   * FAILED and the others are delivered.
   */
  SPLIT
}
