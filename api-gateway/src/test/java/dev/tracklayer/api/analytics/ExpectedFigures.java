package dev.tracklayer.api.analytics;

import dev.tracklayer.api.support.RollupSeed.AttributionFact;
import dev.tracklayer.api.support.RollupSeed.DeliveryFact;
import dev.tracklayer.api.support.RollupSeed.EventFact;
import dev.tracklayer.api.support.RollupSeed.IssueFact;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.analytics.LatencyBuckets;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures each analytics endpoint must answer, computed straight from the facts a test wrote
 * (not from the rollup rows), with the rules docs/api.md "Analytics" states.
 */
final class ExpectedFigures {
  static final List<String> PLATFORMS =
      List.of(
          "meta",
          "tiktok",
          "ga4",
          "google_ads",
          "snapchat",
          "pinterest",
          "reddit",
          "linkedin",
          "x",
          "microsoft",
          "klaviyo",
          "webhook");
  static final List<String> STAGES =
      List.of(
          "page_view",
          "view_content",
          "add_to_cart",
          "initiate_checkout",
          "add_payment_info",
          "purchase");
  private static final Map<IdentityFields, Double> WEIGHTS =
      Map.of(
          IdentityFields.EMAIL, 3.0,
          IdentityFields.PHONE, 3.0,
          IdentityFields.EXTERNAL_ID, 2.0,
          IdentityFields.FBC, 2.0,
          IdentityFields.FBP, 1.5,
          IdentityFields.IP, 1.0,
          IdentityFields.USER_AGENT, 1.0,
          IdentityFields.NAME, 0.5,
          IdentityFields.ADDRESS, 0.5);

  final List<EventFact> events = new ArrayList<>();
  final List<DeliveryFact> deliveries = new ArrayList<>();
  final List<IssueFact> issues = new ArrayList<>();
  final List<AttributionFact> attributions = new ArrayList<>();
  final Instant builtUntil;

  ExpectedFigures(Instant builtUntil) {
    this.builtUntil = builtUntil;
  }

  /** [start, end): start on the hour when it falls where the hourly rollups serve. */
  record Window(Instant start, Instant end) {
    boolean has(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  Window window(Instant end, Duration length) {
    Instant start = end.minus(length);
    if (start.isBefore(builtUntil)) {
      start = start.truncatedTo(ChronoUnit.HOURS);
    }
    return new Window(start, end);
  }

  Window previous(Window w, Duration length) {
    return window(w.start(), length);
  }

  List<EventFact> events(String merchant, Window w) {
    return events.stream().filter(e -> e.merchant().equals(merchant) && w.has(e.time())).toList();
  }

  List<DeliveryFact> deliveries(String merchant, Window w) {
    return deliveries.stream()
        .filter(d -> d.merchant().equals(merchant) && w.has(d.time()))
        .toList();
  }

  private static boolean attempt(DeliveryFact d) {
    return !d.status().equals("SKIPPED");
  }

  static Double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static Double score(List<Integer> fieldBits, boolean platformClickId) {
    if (fieldBits.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (var w : WEIGHTS.entrySet()) {
      IdentityFields f =
          w.getKey() == IdentityFields.FBC && platformClickId
              ? IdentityFields.CLICK_ID
              : w.getKey();
      long with = fieldBits.stream().filter(f::in).count();
      sum += w.getValue() * with / fieldBits.size();
    }
    return round1(10 * sum / 14.5);
  }

  /** The KPIs of one period, keyed as the overview names them. */
  Map<String, Object> kpis(String merchant, Window w) {
    List<EventFact> ev = events(merchant, w);
    List<DeliveryFact> attempts =
        deliveries(merchant, w).stream().filter(ExpectedFigures::attempt).toList();
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("events", (long) ev.size());
    long delivered = attempts.stream().filter(d -> d.status().equals("DELIVERED")).count();
    Double rate = attempts.isEmpty() ? null : round1(100.0 * delivered / attempts.size());
    k.put("delivery_rate", rate);
    long[] histogram = new long[LatencyBuckets.COUNT];
    attempts.forEach(d -> histogram[LatencyBuckets.index(d.latencyMs())]++);
    Long p95 = attempts.isEmpty() ? null : LatencyBuckets.quantile(histogram, 0.95);
    Long avg =
        attempts.isEmpty()
            ? null
            : Math.round(
                attempts.stream().mapToLong(DeliveryFact::latencyMs).sum()
                    / (double) attempts.size());
    Double quality = score(ev.stream().map(EventFact::fields).toList(), false);
    Integer health = null;
    if (rate != null) {
      double latency = p95 <= 1000 ? 25 : p95 >= 30000 ? 0 : 25.0 * (30000 - p95) / 29000;
      health = (int) Math.round(rate / 2 + latency + (quality == null ? 0 : quality * 2.5));
    }
    k.put("health_score", health);
    Map<String, BigDecimal> revenue = new TreeMap<>();
    ev.stream()
        .filter(e -> e.name().equals("purchase") && !e.currency().isEmpty())
        .forEach(
            e ->
                revenue.merge(
                    e.currency(),
                    e.value() == null ? BigDecimal.ZERO : e.value(),
                    BigDecimal::add));
    k.put("revenue_by_currency", revenue);
    k.put("avg_latency_ms", avg);
    k.put("p95_latency_ms", p95);
    k.put("match_quality", quality);
    return k;
  }

  static Double delta(Number now, Number before) {
    if (now == null || before == null || before.doubleValue() == 0) {
      return null;
    }
    return round1(100.0 * (now.doubleValue() - before.doubleValue()) / before.doubleValue());
  }

  Map<String, Object> overview(
      String merchant, String range, Duration length, Instant end, int activePlatforms) {
    Window w = window(end, length);
    Window day = window(end, Duration.ofHours(24));
    Map<String, Object> now = kpis(merchant, w);
    Map<String, Object> before = kpis(merchant, previous(w, length));
    long events24 = events(merchant, day).size();
    long events24Before = events(merchant, previous(day, Duration.ofHours(24))).size();
    @SuppressWarnings("unchecked")
    Map<String, BigDecimal> revenue = (Map<String, BigDecimal>) now.get("revenue_by_currency");
    @SuppressWarnings("unchecked")
    Map<String, BigDecimal> revenueBefore =
        (Map<String, BigDecimal>) before.get("revenue_by_currency");
    String currency =
        revenue.entrySet().stream()
            .filter(e -> e.getValue().signum() > 0)
            .max(
                Map.Entry.<String, BigDecimal>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
            .map(Map.Entry::getKey)
            .orElse(null);
    BigDecimal tracked = currency == null ? BigDecimal.ZERO : revenue.get(currency);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("range", range);
    o.put("start", w.start().toString());
    o.put("end", w.end().toString());
    o.put("events_24h", events24);
    o.put("events", now.get("events"));
    o.put("delivery_rate", now.get("delivery_rate"));
    o.put("health_score", now.get("health_score"));
    o.put("active_platforms", activePlatforms);
    o.put("revenue_tracked", tracked);
    o.put("revenue_currency", currency);
    o.put("revenue_by_currency", revenue);
    o.put("avg_latency_ms", now.get("avg_latency_ms"));
    o.put("p95_latency_ms", now.get("p95_latency_ms"));
    o.put("match_quality", now.get("match_quality"));
    Map<String, Object> deltas = new LinkedHashMap<>();
    deltas.put("events_24h", delta(events24, events24Before));
    for (String kpi : List.of("events", "delivery_rate", "health_score")) {
      deltas.put(kpi, delta((Number) now.get(kpi), (Number) before.get(kpi)));
    }
    deltas.put(
        "revenue_tracked",
        currency == null
            ? null
            : delta(tracked, revenueBefore.getOrDefault(currency, BigDecimal.ZERO)));
    for (String kpi : List.of("avg_latency_ms", "p95_latency_ms", "match_quality")) {
      deltas.put(kpi, delta((Number) now.get(kpi), (Number) before.get(kpi)));
    }
    o.put("deltas", deltas);
    return o;
  }

  Map<String, Object> volume(
      String merchant, String range, Duration length, Instant end, ZoneId zone) {
    Window w = window(end, length);
    Map<LocalDate, long[]> days = new TreeMap<>();
    for (LocalDate d = LocalDate.ofInstant(w.start(), zone);
        !d.isAfter(LocalDate.ofInstant(w.end().minusSeconds(1), zone));
        d = d.plusDays(1)) {
      days.put(d, new long[4]);
    }
    events(merchant, w).forEach(e -> days.get(LocalDate.ofInstant(e.time(), zone))[0]++);
    for (DeliveryFact d : deliveries(merchant, w)) {
      int column =
          switch (d.status()) {
            case "DELIVERED" -> 1;
            case "SKIPPED" -> 3;
            default -> 2;
          };
      days.get(LocalDate.ofInstant(d.time(), zone))[column]++;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    days.forEach(
        (d, c) ->
            out.add(
                ordered(
                    "date", d.toString(),
                    "accepted", c[0],
                    "delivered", c[1],
                    "failed", c[2],
                    "skipped", c[3])));
    return ordered(
        "range", range,
        "start", w.start().toString(),
        "end", w.end().toString(),
        "timezone", zone.getId(),
        "days", out);
  }

  Map<String, Object> coverage(
      String merchant, String range, Duration length, Instant end, List<String> connected) {
    Window w = window(end, length);
    Map<String, Long> byName = new TreeMap<>();
    events(merchant, w).forEach(e -> byName.merge(e.name(), 1L, Long::sum));
    List<String> names =
        byName.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(32)
            .map(Map.Entry::getKey)
            .toList();
    List<List<Long>> matrix = new ArrayList<>();
    for (String name : names) {
      List<Long> row = new ArrayList<>();
      for (String p : PLATFORMS) {
        row.add(
            deliveries(merchant, w).stream()
                .filter(
                    d ->
                        d.name().equals(name)
                            && d.platform().equals(p)
                            && d.status().equals("DELIVERED"))
                .count());
      }
      matrix.add(row);
    }
    List<Map<String, Object>> platforms = new ArrayList<>();
    PLATFORMS.forEach(
        p -> platforms.add(ordered("platform", p, "connected", connected.contains(p))));
    return ordered(
        "range", range,
        "start", w.start().toString(),
        "end", w.end().toString(),
        "event_names", names,
        "platforms", platforms,
        "matrix", matrix);
  }

  Map<String, Object> quality(String merchant, String range, Duration length, Instant end) {
    Window w = window(end, length);
    List<EventFact> ev = events(merchant, w);
    List<Map<String, Object>> platforms = new ArrayList<>();
    for (String p : PLATFORMS) {
      List<Integer> bits =
          deliveries(merchant, w).stream()
              .filter(d -> d.platform().equals(p) && attempt(d))
              .map(DeliveryFact::fields)
              .toList();
      platforms.add(
          ordered(
              "platform",
              p,
              "score",
              score(bits, !p.equals("meta")),
              "deliveries",
              (long) bits.size()));
    }
    List<Map<String, Object>> completeness = new ArrayList<>();
    for (IdentityFields f : IdentityFields.ALL) {
      long with = ev.stream().filter(e -> f.in(e.fields())).count();
      completeness.add(
          ordered(
              "field",
              f.name().toLowerCase(),
              "events",
              with,
              "percent",
              ev.isEmpty() ? 0.0 : round1(100.0 * with / ev.size())));
    }
    List<IssueFact> counted =
        issues.stream().filter(i -> i.merchant().equals(merchant) && w.has(i.time())).toList();
    long base = ev.size() + counted.stream().filter(i -> i.origin().equals("rejected")).count();
    Map<List<String>, List<IssueFact>> grouped = new TreeMap<>(ExpectedFigures::compareLists);
    counted.forEach(
        i ->
            grouped
                .computeIfAbsent(List.of(i.code(), i.path(), i.origin()), k -> new ArrayList<>())
                .add(i));
    List<Map<String, Object>> top =
        grouped.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<List<String>, List<IssueFact>>>comparingInt(
                        e -> -e.getValue().size())
                    .thenComparing(Map.Entry::getKey, ExpectedFigures::compareLists))
            .limit(10)
            .map(
                e -> {
                  String example =
                      e.getValue().stream()
                          .map(IssueFact::eventId)
                          .max(Comparator.naturalOrder())
                          .orElse("");
                  return ordered(
                      "code", e.getKey().get(0),
                      "path", e.getKey().get(1),
                      "origin", e.getKey().get(2),
                      "count", (long) e.getValue().size(),
                      "share", round1(100.0 * e.getValue().size() / base),
                      "example_event_id", example.isEmpty() ? null : example);
                })
            .toList();
    return ordered(
        "range",
        range,
        "start",
        w.start().toString(),
        "end",
        w.end().toString(),
        "events",
        (long) ev.size(),
        "match_quality",
        score(ev.stream().map(EventFact::fields).toList(), false),
        "platforms",
        platforms,
        "completeness",
        completeness,
        "issues",
        top);
  }

  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The funnel's event counts; customers are checked by the funnel-by-customer test. */
  Map<String, Object> funnel(String merchant, String range, Duration length, Instant end) {
    Window w = window(end, length);
    List<Map<String, Object>> stages = new ArrayList<>();
    Long previous = null;
    for (String stage : STAGES) {
      long count = events(merchant, w).stream().filter(e -> e.name().equals(stage)).count();
      Long dropOff = previous == null ? null : previous - count;
      Double rate = previous == null || previous == 0 ? null : round1(100.0 * dropOff / previous);
      stages.add(
          ordered(
              "stage", stage,
              "count", count,
              "drop_off", dropOff,
              "drop_off_rate", rate,
              "customers", null));
      previous = count;
    }
    return ordered(
        "range",
        range,
        "start",
        w.start().toString(),
        "end",
        w.end().toString(),
        "by",
        null,
        "stages",
        stages);
  }

  Map<String, Object> attribution(String merchant, String range, Duration length, Instant end) {
    Window w = window(end, length);
    List<AttributionFact> counted =
        attributions.stream()
            .filter(a -> a.merchant().equals(merchant) && w.has(a.time()))
            .toList();
    Map<String, Long> orders = new TreeMap<>();
    Map<String, Map<String, BigDecimal>> revenue = new TreeMap<>();
    Map<String, BigDecimal> total = new TreeMap<>();
    for (AttributionFact a : counted) {
      orders.merge(a.platform(), 1L, Long::sum);
      Map<String, BigDecimal> money = revenue.computeIfAbsent(a.platform(), k -> new TreeMap<>());
      if (!a.currency().isEmpty()) {
        BigDecimal value = a.value() == null ? BigDecimal.ZERO : a.value();
        money.merge(a.currency(), value, BigDecimal::add);
        total.merge(a.currency(), value, BigDecimal::add);
      }
    }
    List<Map<String, Object>> platforms =
        orders.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(
                e ->
                    ordered(
                        "platform", e.getKey(),
                        "orders", e.getValue(),
                        "revenue", revenue.get(e.getKey())))
            .toList();
    return ordered(
        "range", range,
        "start", w.start().toString(),
        "end", w.end().toString(),
        "platforms", platforms,
        "totals", ordered("orders", (long) counted.size(), "revenue", total));
  }

  /**
   * The delivery flow's figures that come from the rollups: the ingest side and each platform's
   * settled deliveries (these facts have no raw rows: nothing waits, no reason is listed).
   */
  Map<String, Object> delivery(
      String merchant, String range, Duration length, Instant end, List<String> connected) {
    Window w = window(end, length);
    long accepted = events(merchant, w).size();
    long refused =
        issues.stream()
            .filter(
                i ->
                    i.merchant().equals(merchant)
                        && w.has(i.time())
                        && i.origin().equals("rejected"))
            .count();
    List<Map<String, Object>> platforms = new ArrayList<>();
    for (String p : PLATFORMS) {
      Map<String, Long> byStatus = new TreeMap<>();
      deliveries(merchant, w).stream()
          .filter(d -> d.platform().equals(p))
          .forEach(d -> byStatus.merge(d.status(), 1L, Long::sum));
      long routed = byStatus.values().stream().mapToLong(Long::longValue).sum();
      platforms.add(
          ordered(
              "platform", p,
              "connected", connected.contains(p),
              "routed", routed,
              "delivered", byStatus.getOrDefault("DELIVERED", 0L),
              "failed", byStatus.getOrDefault("FAILED", 0L),
              "error", byStatus.getOrDefault("ERROR", 0L),
              "skipped", byStatus.getOrDefault("SKIPPED", 0L),
              "waiting", 0L,
              "reasons", List.of()));
    }
    return ordered(
        "range", range,
        "start", w.start().toString(),
        "end", w.end().toString(),
        "ingest", ordered("received", accepted + refused, "accepted", accepted, "refused", refused),
        "platforms", platforms);
  }

  static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
