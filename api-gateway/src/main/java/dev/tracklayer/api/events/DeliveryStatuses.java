package dev.tracklayer.api.events;

import java.util.List;
import java.util.Set;

/** Delivery statuses (docs/contracts.md) and the ones retry-failed picks up. */
public final class DeliveryStatuses {
  public static final List<String> ALL =
      List.of("QUEUED", "DELIVERED", "RETRY", "FAILED", "ERROR", "SKIPPED");
  public static final Set<String> RETRYABLE = Set.of("FAILED", "ERROR", "RETRY");

  private DeliveryStatuses() {}
}
