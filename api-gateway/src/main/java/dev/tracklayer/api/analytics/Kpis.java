package dev.tracklayer.api.analytics;

import dev.tracklayer.api.analytics.AnalyticsReader.DeliveryTotals;
import dev.tracklayer.api.analytics.AnalyticsReader.EventTotals;
import dev.tracklayer.api.analytics.AnalyticsReader.FieldCounts;
import dev.tracklayer.core.analytics.LatencyBuckets;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overview's KPIs of one period, from the sums of the events and deliveries rollups. Delivery
 * attempts are DELIVERED, FAILED and ERROR: a SKIPPED delivery was never sent.
 */
record Kpis(
    long events,
    Double deliveryRate,
    Long avgLatencyMs,
    Long p95LatencyMs,
    Double matchQuality,
    Integer health,
    Map<String, BigDecimal> revenue) {

  static final List<String> ATTEMPTS = List.of("DELIVERED", "FAILED", "ERROR");

  static Kpis of(List<EventTotals> events, List<DeliveryTotals> deliveries) {
    long count = eventCount(events);
    FieldCounts fields = FieldCounts.zero();
    for (EventTotals e : events) {
      fields = fields.plus(e.fields());
    }
    Double quality = MatchQuality.score(fields, count, false);
    long delivered = 0;
    long attempts = 0;
    long latencySum = 0;
    long[] histogram = new long[LatencyBuckets.COUNT];
    for (DeliveryTotals d : deliveries) {
      if (!ATTEMPTS.contains(d.status())) {
        continue;
      }
      attempts += d.deliveries();
      latencySum += d.latencySumMs();
      if (d.status().equals("DELIVERED")) {
        delivered += d.deliveries();
      }
      for (int i = 0; i < Math.min(histogram.length, d.latencyBuckets().length); i++) {
        histogram[i] += d.latencyBuckets()[i];
      }
    }
    Double rate = attempts == 0 ? null : MatchQuality.round1(100.0 * delivered / attempts);
    Long avg = attempts == 0 ? null : Math.round((double) latencySum / attempts);
    Long p95 = attempts == 0 ? null : LatencyBuckets.quantile(histogram, 0.95);
    return new Kpis(
        count,
        rate,
        avg,
        p95,
        quality,
        MatchQuality.health(rate, p95, quality),
        purchaseRevenue(events));
  }

  static long eventCount(List<EventTotals> events) {
    return events.stream().mapToLong(EventTotals::events).sum();
  }

  /**
   * Revenue of purchases (what attribution counts too) per currency; events without a currency
   * carry none to show.
   */
  private static Map<String, BigDecimal> purchaseRevenue(List<EventTotals> events) {
    Map<String, BigDecimal> out = new TreeMap<>();
    for (EventTotals e : events) {
      if (e.eventName().equals("purchase") && !e.currency().isEmpty()) {
        out.merge(e.currency(), e.revenue(), BigDecimal::add);
      }
    }
    out.replaceAll((k, v) -> plain(v));
    return out;
  }

  /** The currency with the most revenue (alphabetically first on a tie), null if none. */
  static String topCurrency(Map<String, BigDecimal> revenue) {
    String best = null;
    for (Map.Entry<String, BigDecimal> e : revenue.entrySet()) {
      if (e.getValue().signum() > 0
          && (best == null || e.getValue().compareTo(revenue.get(best)) > 0)) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** 12.5000 → 12.5, 100.0000 → 100. */
  static BigDecimal plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
