package dev.tracklayer.api.analytics;

import dev.tracklayer.api.analytics.AnalyticsReader.AttributionTotals;
import dev.tracklayer.api.analytics.AnalyticsReader.DeliveryTotals;
import dev.tracklayer.api.analytics.AnalyticsReader.EventTotals;
import dev.tracklayer.api.analytics.AnalyticsReader.FieldCounts;
import dev.tracklayer.api.analytics.AnalyticsReader.IssueTotals;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.FieldError;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The analytics answers, computed from {@link AnalyticsReader}'s sums (and PostgreSQL for the
 * merchant's connections and time zone). Independent reads of one answer run side by side.
 */
@Service
public class AnalyticsService {
  static final int TOP_EVENT_NAMES = 32;
  static final int TOP_ISSUES = 10;
  static final List<String> FUNNEL_STAGES = FunnelStages.STAGES;

  private final AnalyticsReader reader;
  private final JdbcClient jdbc;

  public AnalyticsService(AnalyticsReader reader, JdbcClient jdbc) {
    this.reader = reader;
    this.jdbc = jdbc;
  }

  /**
   * The window of the range ending now, with what is built read once for the whole answer (as far
   * back as the overview's previous period reaches).
   */
  private Mono<AnalyticsWindow> window(AnalyticsRange range) {
    return Blocking.call(
        () -> {
          Instant now = Instant.now();
          Duration reach = range.length().multipliedBy(2).plusHours(1);
          return AnalyticsWindow.current(now, range.length(), reader.progress(now.minus(reach)));
        });
  }

  /**
   * One read per table for every period the overview compares: the window, the previous period, and
   * (beyond 24h) the last 24 h and the 24 h before them.
   */
  public Mono<Overview> overview(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    Duration day = AnalyticsRange.H24.length();
    return window(range)
        .flatMap(
            w -> {
              AnalyticsWindow before = w.previous(range.length());
              AnalyticsWindow w24 =
                  AnalyticsWindow.current(
                      w.end().minusSeconds(1),
                      day,
                      new AnalyticsReader.Progress(w.hourlyUntil(), w.dailyUntil(), w.rebuilt()));
              // With range=24h the last 24 h are the window itself: no more periods.
              boolean sameDay = range == AnalyticsRange.H24;
              List<AnalyticsWindow> periods =
                  sameDay ? List.of(w, before) : List.of(w, before, w24, w24.previous(day));
              AnalyticsWindow span = w.spanning(before);
              return Mono.zip(
                      Blocking.call(() -> reader.events(m, span, periods, true)),
                      Blocking.call(
                          () -> reader.deliveries(m, span, periods.subList(0, 2), true, false)),
                      Blocking.call(() -> activePlatforms(caller.merchantId())))
                  .map(
                      t -> {
                        List<List<EventTotals>> events = t.getT1();
                        Kpis now = Kpis.of(events.get(0), t.getT2().get(0));
                        Kpis then = Kpis.of(events.get(1), t.getT2().get(1));
                        long events24 = sameDay ? now.events() : Kpis.eventCount(events.get(2));
                        long events24Before =
                            sameDay ? then.events() : Kpis.eventCount(events.get(3));
                        return overview(range, w, now, then, events24, events24Before, t.getT3());
                      });
            });
  }

  private static Overview overview(
      AnalyticsRange range,
      AnalyticsWindow w,
      Kpis now,
      Kpis then,
      long events24,
      long events24Before,
      int activePlatforms) {
    String currency = Kpis.topCurrency(now.revenue());
    BigDecimal revenue = currency == null ? BigDecimal.ZERO : now.revenue().get(currency);
    BigDecimal revenueBefore =
        currency == null ? null : then.revenue().getOrDefault(currency, BigDecimal.ZERO);
    Overview.Deltas deltas =
        new Overview.Deltas(
            delta(events24, events24Before),
            delta(now.events(), then.events()),
            delta(now.deliveryRate(), then.deliveryRate()),
            delta(toDouble(now.health()), toDouble(then.health())),
            revenueBefore == null
                ? null
                : delta(revenue.doubleValue(), revenueBefore.doubleValue()),
            delta(toDouble(now.avgLatencyMs()), toDouble(then.avgLatencyMs())),
            delta(toDouble(now.p95LatencyMs()), toDouble(then.p95LatencyMs())),
            delta(now.matchQuality(), then.matchQuality()));
    return new Overview(
        range.label(),
        w.start(),
        w.end(),
        events24,
        now.events(),
        now.deliveryRate(),
        now.health(),
        activePlatforms,
        Kpis.plain(revenue),
        currency,
        now.revenue(),
        now.avgLatencyMs(),
        now.p95LatencyMs(),
        now.matchQuality(),
        deltas);
  }

  private int activePlatforms(UUID merchantId) {
    return jdbc.sql(
            "SELECT count(DISTINCT platform) FROM platform_connections"
                + " WHERE merchant_id = :m AND status = 'active'")
        .param("m", merchantId)
        .query(Integer.class)
        .single();
  }

  public Mono<Volume> volume(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    return Mono.zip(window(range), Blocking.call(() -> timezone(caller.merchantId())))
        .flatMap(
            t -> {
              AnalyticsWindow w = t.getT1();
              ZoneId zone = ZoneId.of(t.getT2());
              // Daily rows are UTC days: a zone that is not UTC keeps reading hours.
              boolean utc = zone.normalized().equals(ZoneOffset.UTC);
              return Blocking.call(() -> reader.slots(m, w, utc))
                  .map(slots -> volume(range, w, zone, slots));
            });
  }

  private static Volume volume(
      AnalyticsRange range, AnalyticsWindow w, ZoneId zone, List<AnalyticsReader.Slot> slots) {
    LocalDate first = LocalDate.ofInstant(w.start(), zone);
    LocalDate last = LocalDate.ofInstant(w.end().minusSeconds(1), zone);
    Map<LocalDate, long[]> days = new LinkedHashMap<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.put(d, new long[4]);
    }
    for (AnalyticsReader.Slot s : slots) {
      long[] day = days.get(LocalDate.ofInstant(s.start(), zone));
      if (day == null) {
        continue;
      }
      switch (s.status()) {
        case "ACCEPTED" -> day[0] += s.count();
        case "DELIVERED" -> day[1] += s.count();
        case "FAILED", "ERROR" -> day[2] += s.count();
        case "SKIPPED" -> day[3] += s.count();
        default -> {}
      }
    }
    List<Volume.Day> out = new ArrayList<>(days.size());
    days.forEach((d, c) -> out.add(new Volume.Day(d, c[0], c[1], c[2], c[3])));
    return new Volume(range.label(), w.start(), w.end(), zone.getId(), out);
  }

  private String timezone(UUID merchantId) {
    return jdbc.sql("SELECT timezone FROM merchants WHERE id = :id")
        .param("id", merchantId)
        .query(String.class)
        .optional()
        .orElse("UTC");
  }

  public Mono<Coverage> coverage(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    return window(range)
        .flatMap(
            w ->
                Mono.zip(
                        Blocking.call(() -> reader.events(m, w, false)),
                        Blocking.call(() -> reader.deliveries(m, w, false, false)),
                        Blocking.call(() -> connectedPlatforms(caller.merchantId())))
                    .map(t -> coverage(range, w, t.getT1(), t.getT2(), t.getT3())));
  }

  private static Coverage coverage(
      AnalyticsRange range,
      AnalyticsWindow w,
      List<EventTotals> events,
      List<DeliveryTotals> deliveries,
      List<String> connected) {
    Map<String, Long> byName = new HashMap<>();
    events.forEach(e -> byName.merge(e.eventName(), e.events(), Long::sum));
    List<String> names =
        byName.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_EVENT_NAMES)
            .map(Map.Entry::getKey)
            .toList();
    List<String> platforms = PlatformCatalog.keys();
    Map<String, Long> delivered = new HashMap<>();
    for (DeliveryTotals d : deliveries) {
      if (d.status().equals("DELIVERED")) {
        delivered.merge(d.eventName() + "\u0000" + d.platform(), d.deliveries(), Long::sum);
      }
    }
    List<List<Long>> matrix = new ArrayList<>(names.size());
    for (String name : names) {
      List<Long> row = new ArrayList<>(platforms.size());
      for (String p : platforms) {
        row.add(delivered.getOrDefault(name + "\u0000" + p, 0L));
      }
      matrix.add(row);
    }
    List<Coverage.PlatformColumn> columns =
        platforms.stream().map(p -> new Coverage.PlatformColumn(p, connected.contains(p))).toList();
    return new Coverage(range.label(), w.start(), w.end(), names, columns, matrix);
  }

  private List<String> connectedPlatforms(UUID merchantId) {
    return jdbc.sql("SELECT DISTINCT platform FROM platform_connections WHERE merchant_id = :m")
        .param("m", merchantId)
        .query(String.class)
        .list();
  }

  public Mono<Quality> quality(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    return window(range)
        .flatMap(
            w ->
                Mono.zip(
                        Blocking.call(() -> reader.events(m, w, true)),
                        Blocking.call(() -> reader.deliveries(m, w, false, true)),
                        Blocking.call(() -> reader.issues(m, w)))
                    .map(t -> quality(range, w, t.getT1(), t.getT2(), t.getT3())));
  }

  private static Quality quality(
      AnalyticsRange range,
      AnalyticsWindow w,
      List<EventTotals> events,
      List<DeliveryTotals> deliveries,
      List<IssueTotals> issues) {
    long count = Kpis.eventCount(events);
    FieldCounts fields = FieldCounts.zero();
    for (EventTotals e : events) {
      fields = fields.plus(e.fields());
    }
    Map<String, FieldCounts> platformFields = new HashMap<>();
    Map<String, Long> platformAttempts = new HashMap<>();
    for (DeliveryTotals d : deliveries) {
      if (Kpis.ATTEMPTS.contains(d.status())) {
        platformFields.merge(d.platform(), d.fields(), FieldCounts::plus);
        platformAttempts.merge(d.platform(), d.deliveries(), Long::sum);
      }
    }
    List<Quality.PlatformQuality> platforms = new ArrayList<>();
    for (String p : PlatformCatalog.keys()) {
      long n = platformAttempts.getOrDefault(p, 0L);
      platforms.add(
          new Quality.PlatformQuality(
              p,
              MatchQuality.score(
                  platformFields.getOrDefault(p, FieldCounts.zero()), n, !p.equals("meta")),
              n));
    }
    List<Quality.FieldCompleteness> completeness = new ArrayList<>();
    for (IdentityFields f : IdentityFields.ALL) {
      long with = fields.get(f);
      completeness.add(
          new Quality.FieldCompleteness(
              f.key(), with, count == 0 ? 0 : MatchQuality.round1(100.0 * with / count)));
    }
    // The contract counts rejections per field error, not per request: their sum stands in for
    // the rejected requests (an upper bound when one request had several errors).
    long rejected =
        issues.stream()
            .filter(i -> i.origin().equals("rejected"))
            .mapToLong(IssueTotals::count)
            .sum();
    long base = count + rejected;
    List<Quality.Issue> top =
        issues.stream()
            .filter(i -> i.count() > 0)
            .sorted(
                Comparator.comparingLong(IssueTotals::count)
                    .reversed()
                    .thenComparing(IssueTotals::code)
                    .thenComparing(IssueTotals::path)
                    .thenComparing(IssueTotals::origin))
            .limit(TOP_ISSUES)
            .map(
                i ->
                    new Quality.Issue(
                        i.code(),
                        i.path(),
                        i.origin(),
                        i.count(),
                        base == 0 ? 0 : MatchQuality.round1(100.0 * i.count() / base),
                        i.exampleEventId().isEmpty() ? null : i.exampleEventId()))
            .toList();
    return new Quality(
        range.label(),
        w.start(),
        w.end(),
        count,
        MatchQuality.score(fields, count, false),
        platforms,
        completeness,
        top);
  }

  /** {@code by}: absent, or {@code customer}; anything else is a 400. */
  public static boolean byCustomer(String by) {
    if (by == null || by.isBlank()) {
      return false;
    }
    if (by.strip().equals("customer")) {
      return true;
    }
    throw new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_query",
        "by must be customer",
        List.of(new FieldError(FieldError.INVALID_VALUE, "by", "must be customer")));
  }

  public Mono<Funnel> funnel(Caller caller, AnalyticsRange range, boolean byCustomer) {
    String m = caller.merchant();
    return window(range)
        .flatMap(
            w ->
                Mono.zip(
                        Blocking.call(() -> reader.events(m, w, false)),
                        byCustomer
                            ? Blocking.call(() -> reader.funnelCustomers(m, w))
                            : Mono.just(new long[0]))
                    .map(t -> funnel(range, w, t.getT1(), byCustomer ? t.getT2() : null)));
  }

  /** {@code customers}[i]: customers who reached stage i+1 in order; null without ?by=customer. */
  private static Funnel funnel(
      AnalyticsRange range, AnalyticsWindow w, List<EventTotals> events, long[] customers) {
    Map<String, Long> byName = new HashMap<>();
    events.forEach(e -> byName.merge(e.eventName(), e.events(), Long::sum));
    List<Funnel.Stage> stages = new ArrayList<>();
    Long previous = null;
    for (int i = 0; i < FUNNEL_STAGES.size(); i++) {
      String stage = FUNNEL_STAGES.get(i);
      long count = byName.getOrDefault(stage, 0L);
      Long dropOff = previous == null ? null : previous - count;
      Double rate =
          previous == null || previous == 0
              ? null
              : MatchQuality.round1(100.0 * dropOff / previous);
      stages.add(
          new Funnel.Stage(stage, count, dropOff, rate, customers == null ? null : customers[i]));
      previous = count;
    }
    return new Funnel(
        range.label(), w.start(), w.end(), customers == null ? null : "customer", stages);
  }

  public Mono<RevenueAttribution> revenueAttribution(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    return window(range)
        .flatMap(
            w ->
                Blocking.call(() -> reader.attribution(m, w))
                    .map(rows -> revenueAttribution(range, w, rows)));
  }

  private static RevenueAttribution revenueAttribution(
      AnalyticsRange range, AnalyticsWindow w, List<AttributionTotals> rows) {
    Map<String, Long> orders = new HashMap<>();
    Map<String, Map<String, BigDecimal>> revenue = new HashMap<>();
    long totalOrders = 0;
    Map<String, BigDecimal> totalRevenue = new TreeMap<>();
    for (AttributionTotals r : rows) {
      orders.merge(r.platform(), r.orders(), Long::sum);
      Map<String, BigDecimal> perCurrency =
          revenue.computeIfAbsent(r.platform(), k -> new TreeMap<>());
      totalOrders += r.orders();
      if (!r.currency().isEmpty()) {
        perCurrency.merge(r.currency(), r.revenue(), BigDecimal::add);
        totalRevenue.merge(r.currency(), r.revenue(), BigDecimal::add);
      }
    }
    List<RevenueAttribution.PlatformRevenue> platforms =
        orders.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(
                e -> {
                  Map<String, BigDecimal> money = revenue.get(e.getKey());
                  money.replaceAll((k, v) -> Kpis.plain(v));
                  return new RevenueAttribution.PlatformRevenue(e.getKey(), e.getValue(), money);
                })
            .toList();
    totalRevenue.replaceAll((k, v) -> Kpis.plain(v));
    return new RevenueAttribution(
        range.label(),
        w.start(),
        w.end(),
        platforms,
        new RevenueAttribution.Totals(totalOrders, totalRevenue));
  }

  /**
   * The delivery flow: the ingest side from the events and issues rollups, each platform's settled
   * deliveries from the deliveries rollup, what waits now and the top reasons from the raw
   * deliveries (AnalyticsReader#reasons, #waiting).
   */
  public Mono<DeliveryFlow> delivery(Caller caller, AnalyticsRange range) {
    String m = caller.merchant();
    return window(range)
        .flatMap(
            w ->
                Mono.zip(
                        List.of(
                            Blocking.call(() -> reader.events(m, w, false)),
                            Blocking.call(() -> reader.issues(m, w)),
                            Blocking.call(() -> reader.deliveries(m, w, false, false)),
                            Blocking.call(() -> reader.waiting(m, w)),
                            Blocking.call(() -> reader.reasons(m, w, TOP_REASONS)),
                            Blocking.call(() -> connectedPlatforms(caller.merchantId()))),
                        parts -> parts)
                    .map(parts -> delivery(range, w, parts)));
  }

  static final int TOP_REASONS = 5;

  @SuppressWarnings("unchecked")
  private static DeliveryFlow delivery(AnalyticsRange range, AnalyticsWindow w, Object[] parts) {
    long accepted = Kpis.eventCount((List<EventTotals>) parts[0]);
    long refused =
        ((List<IssueTotals>) parts[1])
            .stream()
                .filter(i -> i.origin().equals("rejected"))
                .mapToLong(IssueTotals::count)
                .sum();
    Map<String, Map<String, Long>> settled = new HashMap<>();
    for (DeliveryTotals d : (List<DeliveryTotals>) parts[2]) {
      settled
          .computeIfAbsent(d.platform(), k -> new HashMap<>())
          .merge(d.status(), d.deliveries(), Long::sum);
    }
    Map<String, Long> waiting = (Map<String, Long>) parts[3];
    Map<String, List<DeliveryFlow.Reason>> reasons = new HashMap<>();
    for (AnalyticsReader.ReasonTotals r : (List<AnalyticsReader.ReasonTotals>) parts[4]) {
      reasons
          .computeIfAbsent(r.platform(), k -> new ArrayList<>())
          .add(
              new DeliveryFlow.Reason(
                  r.status(),
                  r.reason().isEmpty() ? null : r.reason(),
                  r.count(),
                  r.exampleEventId()));
    }
    List<String> connected = (List<String>) parts[5];
    List<DeliveryFlow.PlatformFlow> platforms = new ArrayList<>();
    for (String p : PlatformCatalog.keys()) {
      Map<String, Long> s = settled.getOrDefault(p, Map.of());
      long delivered = s.getOrDefault("DELIVERED", 0L);
      long failed = s.getOrDefault("FAILED", 0L);
      long error = s.getOrDefault("ERROR", 0L);
      long skipped = s.getOrDefault("SKIPPED", 0L);
      long wait = waiting.getOrDefault(p, 0L);
      List<DeliveryFlow.Reason> top = new ArrayList<>(reasons.getOrDefault(p, List.of()));
      top.sort(
          Comparator.comparingInt(
                  (DeliveryFlow.Reason r) -> AnalyticsReader.REASON_STATUSES.indexOf(r.status()))
              .thenComparing(Comparator.comparingLong(DeliveryFlow.Reason::count).reversed())
              .thenComparing(r -> r.reason() == null ? "" : r.reason()));
      platforms.add(
          new DeliveryFlow.PlatformFlow(
              p,
              connected.contains(p),
              delivered + failed + error + skipped + wait,
              delivered,
              failed,
              error,
              skipped,
              wait,
              top));
    }
    return new DeliveryFlow(
        range.label(),
        w.start(),
        w.end(),
        new DeliveryFlow.Ingest(accepted + refused, accepted, refused),
        platforms);
  }

  /** % change from {@code before} to {@code now}, one decimal; null when before is 0 or unknown. */
  static Double delta(Double now, Double before) {
    if (now == null || before == null || before == 0) {
      return null;
    }
    return MatchQuality.round1(100.0 * (now - before) / before);
  }

  private static Double delta(long now, long before) {
    return delta((double) now, (double) before);
  }

  private static Double toDouble(Number n) {
    return n == null ? null : n.doubleValue();
  }
}
