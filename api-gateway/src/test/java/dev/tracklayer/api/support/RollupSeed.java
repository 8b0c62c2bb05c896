package dev.tracklayer.api.support;

import dev.tracklayer.core.analytics.FunnelStages;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.analytics.LatencyBuckets;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes analytics rollup rows (migration V006) the way the rollup job and the hourly build do,
 * from facts a test also keeps to compute its expected figures: every key twice, a stale firing
 * (inflated figures, lower version, inserted last) and the final one (for the hourly and daily
 * rows, in every other bucket: the rest are built once, and analytics_builds lists each build);
 * hours before {@code builtUntil} into the hourly tables, the rest into the minute tables. Minute
 * rows of some keys before {@code builtUntil} are written too, as the job leaves them behind: a
 * reader that read them beside the hourly rows would count those events twice. The whole UTC days
 * before {@code builtUntil} go into the daily tables as well (the hourly rows stay, as the job
 * leaves them), and each customer's stage events given to {@link #funnel} into
 * analytics_funnel_customers.
 */
public final class RollupSeed {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ClickHouseDatabase db;
  private final Instant builtUntil;
  private final long version = System.currentTimeMillis();
  private final Map<String, Map<Map<String, Object>, Map<String, Object>>> minute =
      new LinkedHashMap<>();
  private final Map<List<String>, List<long[]>> funnel = new LinkedHashMap<>();
  private static final long HOUR = 3600;
  private static final long DAY = 86400;

  public RollupSeed(ClickHouseDatabase db, Instant builtUntil) {
    this.db = db;
    this.builtUntil = builtUntil;
  }

  public record EventFact(
      String merchant,
      Instant time,
      String name,
      String source,
      String currency,
      BigDecimal value,
      int fields) {}

  public record DeliveryFact(
      String merchant,
      Instant time,
      String name,
      String source,
      String platform,
      String status,
      long latencyMs,
      int fields) {}

  public record IssueFact(
      String merchant,
      Instant time,
      String source,
      String origin,
      String code,
      String path,
      String eventId) {}

  public record AttributionFact(
      String merchant, Instant time, String platform, String currency, BigDecimal value) {}

  public RollupSeed event(EventFact f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", 1L);
    m.put("late_events", 0L);
    m.put("with_value", f.value() == null ? 0L : 1L);
    m.put("revenue", f.value() == null ? BigDecimal.ZERO : f.value());
    fields(m, f.fields());
    add(
        "analytics_events",
        f.merchant(),
        f.time(),
        keys("event_name", f.name(), "source", f.source(), "currency", f.currency()),
        m);
    return this;
  }

  public RollupSeed delivery(DeliveryFact f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deliveries", 1L);
    m.put("latency_sum_ms", f.latencyMs());
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[LatencyBuckets.index(f.latencyMs())] = 1;
    m.put("latency_buckets", buckets);
    fields(m, f.fields());
    add(
        "analytics_deliveries",
        f.merchant(),
        f.time(),
        keys(
            "event_name",
            f.name(),
            "source",
            f.source(),
            "platform",
            f.platform(),
            "status",
            f.status()),
        m);
    return this;
  }

  public RollupSeed issue(IssueFact f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issues", 1L);
    m.put("example_event_id", f.eventId());
    add(
        "analytics_issues",
        f.merchant(),
        f.time(),
        keys("source", f.source(), "origin", f.origin(), "code", f.code(), "path", f.path()),
        m);
    return this;
  }

  public RollupSeed attribution(AttributionFact f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("orders", 1L);
    m.put("revenue", f.value() == null ? BigDecimal.ZERO : f.value());
    add(
        "analytics_attribution",
        f.merchant(),
        f.time(),
        keys("platform", f.platform(), "currency", f.currency()),
        m);
    return this;
  }

  /** A funnel stage event of a customer, at its bucket time. */
  public RollupSeed funnel(String merchant, String customerKey, Instant time, String name) {
    int stage = FunnelStages.stageOf(name);
    if (stage > 0 && !customerKey.isEmpty()) {
      funnel
          .computeIfAbsent(List.of(merchant, customerKey), k -> new ArrayList<>())
          .add(new long[] {time.getEpochSecond(), stage});
    }
    return this;
  }

  /**
   * Per stage k, the latest second at which a run through k starts among the events: the latest
   * page_view followed, in order, by stages 2..k (a later stage may share the second of the one
   * before it); 0 for none. By trying every page_view.
   */
  static long[] starts(List<long[]> events) {
    long[] out = new long[6];
    for (long[] first : events) {
      if (first[1] != 1) {
        continue;
      }
      long at = first[0];
      for (int k = 1; k <= 6; k++) {
        if (k > 1) {
          int stage = k;
          long after = at;
          long next =
              events.stream()
                  .filter(e -> e[1] == stage && e[0] >= after)
                  .mapToLong(e -> e[0])
                  .min()
                  .orElse(-1);
          if (next < 0) {
            break;
          }
          at = next;
        }
        out[k - 1] = Math.max(out[k - 1], first[0]);
      }
    }
    return out;
  }

  private static void fields(Map<String, Object> m, int bits) {
    for (IdentityFields f : IdentityFields.ALL) {
      m.put(f.column(), f.in(bits) ? 1L : 0L);
    }
  }

  private static Map<String, Object> keys(Object... pairs) {
    Map<String, Object> k = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      k.put((String) pairs[i], pairs[i + 1]);
    }
    return k;
  }

  private void add(
      String table,
      String merchant,
      Instant time,
      Map<String, Object> dims,
      Map<String, Object> measures) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("merchant_id", merchant);
    key.put("bucket", time.truncatedTo(ChronoUnit.MINUTES));
    key.putAll(dims);
    minute
        .computeIfAbsent(table, t -> new LinkedHashMap<>())
        .merge(key, measures, RollupSeed::plus);
  }

  /**
   * Writes the rows, then built_until (analytics_progress, job rollup) and the daily tables' (job
   * rollup-daily, the start of builtUntil's day).
   */
  public void write() {
    Instant dailyUntil = builtUntil.truncatedTo(ChronoUnit.DAYS);
    Set<Instant> builtHours = new HashSet<>();
    Set<Instant> builtDays = new HashSet<>();
    for (var table : minute.entrySet()) {
      Map<Map<String, Object>, Map<String, Object>> hourly = new LinkedHashMap<>();
      Map<Map<String, Object>, Map<String, Object>> daily = new LinkedHashMap<>();
      List<Map<String, Object>> minuteRows = new ArrayList<>();
      for (var row : table.getValue().entrySet()) {
        Instant bucket = (Instant) row.getKey().get("bucket");
        if (bucket.isBefore(dailyUntil)) {
          Map<String, Object> dayKey = new LinkedHashMap<>(row.getKey());
          dayKey.put("bucket", bucket.truncatedTo(ChronoUnit.DAYS));
          daily.merge(dayKey, row.getValue(), RollupSeed::plus);
        }
        if (bucket.isBefore(builtUntil)) {
          Map<String, Object> hourKey = new LinkedHashMap<>(row.getKey());
          hourKey.put("bucket", bucket.truncatedTo(ChronoUnit.HOURS));
          hourly.merge(hourKey, row.getValue(), RollupSeed::plus);
          if (bucket.getEpochSecond() / 60 % 2 == 0) {
            minuteRows.addAll(firings(row.getKey(), row.getValue()));
          }
        } else {
          minuteRows.addAll(firings(row.getKey(), row.getValue()));
        }
      }
      List<Map<String, Object>> hourlyRows = new ArrayList<>();
      hourly.forEach((k, v) -> hourlyRows.addAll(builds(k, v, HOUR)));
      List<Map<String, Object>> dailyRows = new ArrayList<>();
      daily.forEach((k, v) -> dailyRows.addAll(builds(k, v, DAY)));
      db.insert(table.getKey() + "_minute", minuteRows);
      db.insert(table.getKey() + "_hourly", hourlyRows);
      db.insert(table.getKey() + "_daily", dailyRows);
      hourly.keySet().forEach(k -> builtHours.add((Instant) k.get("bucket")));
      daily.keySet().forEach(k -> builtDays.add((Instant) k.get("bucket")));
    }
    // Every build as analytics_builds lists them (HourlyBuild): even buckets twice.
    List<Map<String, Object>> builds = new ArrayList<>();
    for (Instant b : builtHours) {
      for (long v : versions(b, HOUR)) {
        builds.add(build("hourly", b, v));
      }
    }
    for (Instant b : builtDays) {
      for (long v : versions(b, DAY)) {
        builds.add(build("daily", b, v));
      }
    }
    db.insert("analytics_builds", builds);
    minute.clear();
    writeFunnel();
    db.insert(
        "analytics_progress",
        List.of(progress("rollup", builtUntil), progress("rollup-daily", dailyUntil)));
  }

  private static Map<String, Object> build(String grain, Instant bucket, long version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("grain", grain);
    row.put("bucket", DATETIME.format(bucket));
    row.put("version", version);
    return row;
  }

  private Map<String, Object> progress(String job, Instant until) {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("job", job);
    progress.put("built_until", DATETIME.format(until));
    progress.put("version", version);
    return progress;
  }

  /**
   * Each customer's funnel row, after an earlier one (lower version, the starts without the
   * customer's last event) as the job writes it on every change.
   */
  private void writeFunnel() {
    List<Map<String, Object>> rows = new ArrayList<>();
    funnel.forEach(
        (key, events) -> {
          rows.add(funnelRow(key, starts(events.subList(0, events.size() - 1)), version));
          rows.add(funnelRow(key, starts(events), version + 1000));
        });
    if (!rows.isEmpty()) {
      db.insert("analytics_funnel_customers", rows);
    }
    funnel.clear();
  }

  private static Map<String, Object> funnelRow(List<String> key, long[] starts, long version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", key.get(0));
    row.put("customer_key", key.get(1));
    for (int k = 1; k <= 6; k++) {
      row.put("start_" + k, DATETIME.format(Instant.ofEpochSecond(starts[k - 1])));
    }
    row.put("version", version);
    return row;
  }

  /** The final row, then a stale firing of the same key: inflated figures, a lower version. */
  /**
   * An hourly or daily row as the builds left it: buckets with an even number (of hours or days
   * since the epoch) built twice, a stale build (inflated, lower version, inserted last) and the
   * final one; the others built once.
   */
  private List<Map<String, Object>> builds(
      Map<String, Object> key, Map<String, Object> m, long bucketSeconds) {
    Instant bucket = (Instant) key.get("bucket");
    return versions(bucket, bucketSeconds).length == 2
        ? firings(key, m)
        : List.of(row(key, m, version + 1000));
  }

  private long[] versions(Instant bucket, long bucketSeconds) {
    return bucket.getEpochSecond() / bucketSeconds % 2 == 0
        ? new long[] {version, version + 1000}
        : new long[] {version + 1000};
  }

  private List<Map<String, Object>> firings(Map<String, Object> key, Map<String, Object> m) {
    Map<String, Object> last = row(key, m, version + 1000);
    Map<String, Object> stale = new LinkedHashMap<>();
    m.forEach((k, v) -> stale.put(k, inflate(v)));
    return List.of(last, row(key, stale, version));
  }

  private static Map<String, Object> row(Map<String, Object> key, Map<String, Object> m, long v) {
    Map<String, Object> row = new LinkedHashMap<>(key);
    row.put("bucket", DATETIME.format((Instant) key.get("bucket")));
    m.forEach(
        (k, value) ->
            row.put(
                k,
                value instanceof long[] a ? java.util.Arrays.stream(a).boxed().toList() : value));
    row.put("version", v);
    return row;
  }

  private static Object inflate(Object v) {
    if (v instanceof Long l) {
      return l + 3;
    }
    if (v instanceof BigDecimal d) {
      return d.add(new BigDecimal("1000.5"));
    }
    if (v instanceof long[] a) {
      long[] b = a.clone();
      for (int i = 0; i < b.length; i++) {
        b[i] += 2;
      }
      return b;
    }
    return "zz-stale-" + v;
  }

  private static Map<String, Object> plus(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> sum = new LinkedHashMap<>();
    for (var e : a.entrySet()) {
      Object x = e.getValue();
      Object y = b.get(e.getKey());
      if (x instanceof Long l) {
        sum.put(e.getKey(), l + (Long) y);
      } else if (x instanceof BigDecimal d) {
        sum.put(e.getKey(), d.add((BigDecimal) y));
      } else if (x instanceof long[] arr) {
        long[] s = arr.clone();
        long[] other = (long[]) y;
        for (int i = 0; i < s.length; i++) {
          s[i] += other[i];
        }
        sum.put(e.getKey(), s);
      } else {
        // example_event_id: the largest one seen, so a test knows which one to expect.
        String p = (String) x;
        String q = (String) y;
        sum.put(e.getKey(), p.compareTo(q) >= 0 ? p : q);
      }
    }
    return sum;
  }
}
