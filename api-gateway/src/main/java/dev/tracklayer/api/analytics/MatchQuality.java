package dev.tracklayer.api.analytics;

import dev.tracklayer.api.analytics.AnalyticsReader.FieldCounts;
import dev.tracklayer.core.analytics.IdentityFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Match Quality Score (0–10) and the health score, modelled on Meta's Event Match Quality: the
 * identifiers a platform matches best weigh most. The score is the weighted share of events (or
 * deliveries) carrying each field: 10 when every one carries every weighted field.
 */
final class MatchQuality {
  /** Weights out of {@value #TOTAL}; docs/api.md "Analytics" lists them. */
  static final Map<IdentityFields, Double> WEIGHTS = weights();

  static final double TOTAL = 14.5;

  private MatchQuality() {}

  private static Map<IdentityFields, Double> weights() {
    Map<IdentityFields, Double> w = new LinkedHashMap<>();
    w.put(IdentityFields.EMAIL, 3.0);
    w.put(IdentityFields.PHONE, 3.0);
    w.put(IdentityFields.EXTERNAL_ID, 2.0);
    w.put(IdentityFields.FBC, 2.0);
    w.put(IdentityFields.FBP, 1.5);
    w.put(IdentityFields.IP, 1.0);
    w.put(IdentityFields.USER_AGENT, 1.0);
    w.put(IdentityFields.NAME, 0.5);
    w.put(IdentityFields.ADDRESS, 0.5);
    return w;
  }

  /**
   * The score of {@code n} events or deliveries, rounded to one decimal; null when none. The click
   * slot (weight of fbc) reads {@code with_fbc} for Meta and overall, and {@code with_click_id}
   * (the platform's own click id: gclid, ttclid, …) for every other platform.
   */
  static Double score(FieldCounts fields, long n, boolean platformClickId) {
    if (n <= 0) {
      return null;
    }
    double sum = 0;
    for (Map.Entry<IdentityFields, Double> e : WEIGHTS.entrySet()) {
      IdentityFields field = e.getKey();
      if (field == IdentityFields.FBC && platformClickId) {
        field = IdentityFields.CLICK_ID;
      }
      sum += e.getValue() * Math.min(1.0, (double) fields.get(field) / n);
    }
    return round1(10 * sum / TOTAL);
  }

  /**
   * 0–100: 50 points for the delivery rate (its percentage / 2), 25 for latency (p95 up to 1 s gets
   * all 25, falling linearly to 0 at 30 s), 25 for the overall match quality (score × 2.5). Null
   * when nothing was sent in the period: there is no delivery to judge.
   */
  static Integer health(Double deliveryRate, Long p95LatencyMs, Double matchQuality) {
    if (deliveryRate == null || p95LatencyMs == null) {
      return null;
    }
    double latency;
    if (p95LatencyMs <= 1_000) {
      latency = 25;
    } else if (p95LatencyMs >= 30_000) {
      latency = 0;
    } else {
      latency = 25.0 * (30_000 - p95LatencyMs) / 29_000;
    }
    double quality = matchQuality == null ? 0 : matchQuality * 2.5;
    return (int) Math.round(deliveryRate / 2 + latency + quality);
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
