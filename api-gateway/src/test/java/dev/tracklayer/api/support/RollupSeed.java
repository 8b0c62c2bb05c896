package dev.tracklayer.api.support;

import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.analytics.LatencyBuckets;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes analytics rollup rows (migration V006) the way the rollup job and the hourly build do,
 * from facts a test also keeps to compute its expected figures: every key twice, a stale firing
 * (inflated figures, lower version, inserted last) and the final one; hours before {@code
 * builtUntil} into the hourly tables, the rest into the minute tables. Minute rows of some keys
 * before {@code builtUntil} are written too, as the job leaves them behind: a reader that read them
 * beside the hourly rows would count those events twice.
 */
public final class RollupSeed {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ClickHouseDatabase db;
  private final Instant builtUntil;
  private final long version = System.currentTimeMillis();
  private final Map<String, Map<Map<String, Object>, Map<String, Object>>> minute =
      new LinkedHashMap<>();

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

  /** Writes the rows, then built_until (analytics_progress, job rollup). */
  public void write() {
    for (var table : minute.entrySet()) {
      Map<Map<String, Object>, Map<String, Object>> hourly = new LinkedHashMap<>();
      List<Map<String, Object>> minuteRows = new ArrayList<>();
      for (var row : table.getValue().entrySet()) {
        Instant bucket = (Instant) row.getKey().get("bucket");
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
      hourly.forEach((k, v) -> hourlyRows.addAll(firings(k, v)));
      db.insert(table.getKey() + "_minute", minuteRows);
      db.insert(table.getKey() + "_hourly", hourlyRows);
    }
    minute.clear();
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("job", "rollup");
    progress.put("built_until", DATETIME.format(builtUntil));
    progress.put("version", version);
    db.insert("analytics_progress", List.of(progress));
  }

  /** The final row, then a stale firing of the same key: inflated figures, a lower version. */
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
