package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.analytics.LatencyBuckets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of one analytics minute table: the running total of a (table, merchant, minute,
 * dimensions) key, which is both the window's accumulator and what each firing writes, whole, with
 * a larger {@link #version}. A Flink POJO.
 */
public class RollupRow {
  public String table;
  public String merchantId;
  public String d1 = "";
  public String d2 = "";
  public String d3 = "";
  public String d4 = "";
  public long bucket;
  public long count;
  public long late;
  public long withValue;
  public BigDecimal revenue = BigDecimal.ZERO;

  /** Per {@link IdentityFields} ordinal, how many of the counted records carried the field. */
  public long[] with = new long[IdentityFields.ALL.size()];

  public long latencySum;
  public long[] latencyBuckets = new long[LatencyBuckets.COUNT];
  public String example = "";
  public long version;

  public RollupRow() {}

  void add(Contribution c) {
    if (table == null) {
      table = c.table;
      merchantId = c.merchantId;
      d1 = c.d1;
      d2 = c.d2;
      d3 = c.d3;
      d4 = c.d4;
    }
    count += c.count;
    late += c.late;
    withValue += c.withValue;
    if (c.revenue != null) {
      revenue = revenue.add(c.revenue);
    }
    for (IdentityFields f : IdentityFields.ALL) {
      if (f.in(c.fields)) {
        with[f.ordinal()]++;
      }
    }
    if (c.latencyMs >= 0) {
      latencySum += c.latencyMs;
      latencyBuckets[LatencyBuckets.index(c.latencyMs)]++;
    }
    if (example.isEmpty() && c.example != null) {
      example = c.example;
    }
  }

  RollupRow copy() {
    RollupRow r = new RollupRow();
    r.table = table;
    r.merchantId = merchantId;
    r.d1 = d1;
    r.d2 = d2;
    r.d3 = d3;
    r.d4 = d4;
    r.bucket = bucket;
    r.count = count;
    r.late = late;
    r.withValue = withValue;
    r.revenue = revenue;
    r.with = with.clone();
    r.latencySum = latencySum;
    r.latencyBuckets = latencyBuckets.clone();
    r.example = example;
    r.version = version;
    return r;
  }

  String dimension(int i) {
    return switch (i) {
      case 0 -> d1;
      case 1 -> d2;
      case 2 -> d3;
      default -> d4;
    };
  }

  List<Long> latencyBucketList() {
    List<Long> out = new ArrayList<>(latencyBuckets.length);
    for (long b : latencyBuckets) {
      out.add(b);
    }
    return out;
  }
}
