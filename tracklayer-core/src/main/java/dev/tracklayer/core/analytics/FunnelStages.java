package dev.tracklayer.core.analytics;

import java.util.List;

/** The funnel of GET /v1/analytics/funnel, in order (stage k is {@code STAGES.get(k - 1)}). */
public final class FunnelStages {
  public static final List<String> STAGES =
      List.of(
          "page_view",
          "view_content",
          "add_to_cart",
          "initiate_checkout",
          "add_payment_info",
          "purchase");

  private FunnelStages() {}

  /** 1..6 for a stage's event name, 0 for any other. */
  public static int stageOf(String eventName) {
    return STAGES.indexOf(eventName) + 1;
  }
}
