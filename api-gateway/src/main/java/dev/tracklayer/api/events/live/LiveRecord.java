package dev.tracklayer.api.events.live;

/**
 * One record of the pipeline's outputs, parsed once by the shared consumer for every client: what
 * the per-client filters look at, and the SSE event's name and data.
 *
 * @param kind the SSE event name: {@code accepted}, {@code duplicate} or {@code delivery}
 * @param platform null for an accepted event or a duplicate
 * @param status null for an accepted event or a duplicate
 */
record LiveRecord(
    String merchantId, String kind, String eventName, String platform, String status, Object data) {
  static final String ACCEPTED = "accepted";
  static final String DUPLICATE = "duplicate";
  static final String DELIVERY = "delivery";
}
