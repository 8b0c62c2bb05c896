package dev.tracklayer.flink.rollup;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;

import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.analytics.LatencyBuckets;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The four minute tables of sql/clickhouse/V006__analytics.sql: their dimensions (in {@link
 * Contribution#d1}…{@code d4} order), their RowBinary formats and what the hourly build sums.
 */
public final class Tables {
  public static final String EVENTS = "analytics_events_minute";
  public static final String DELIVERIES = "analytics_deliveries_minute";
  public static final String ISSUES = "analytics_issues_minute";
  public static final String ATTRIBUTION = "analytics_attribution_minute";

  public static final List<String> ALL = List.of(EVENTS, DELIVERIES, ISSUES, ATTRIBUTION);

  private Tables() {}

  /** Dimension columns, in key order. */
  public static List<String> dimensions(String table) {
    return switch (table) {
      case EVENTS -> List.of("event_name", "source", "currency");
      case DELIVERIES -> List.of("event_name", "source", "platform", "status");
      case ISSUES -> List.of("source", "origin", "code", "path");
      case ATTRIBUTION -> List.of("platform", "currency");
      default -> throw new IllegalArgumentException(table);
    };
  }

  /** Measure columns with the expression that adds them up across minutes. */
  public static List<String[]> measures(String table) {
    List<String[]> m = new ArrayList<>();
    switch (table) {
      case EVENTS -> {
        m.add(new String[] {"events", "sum(events)"});
        m.add(new String[] {"late_events", "sum(late_events)"});
        m.add(new String[] {"with_value", "sum(with_value)"});
        m.add(new String[] {"revenue", "sum(revenue)"});
        withFields(m);
      }
      case DELIVERIES -> {
        m.add(new String[] {"deliveries", "sum(deliveries)"});
        m.add(new String[] {"latency_sum_ms", "sum(latency_sum_ms)"});
        m.add(new String[] {"latency_buckets", "sumForEach(latency_buckets)"});
        withFields(m);
      }
      case ISSUES -> {
        m.add(new String[] {"issues", "sum(issues)"});
        m.add(new String[] {"example_event_id", "any(example_event_id)"});
      }
      case ATTRIBUTION -> {
        m.add(new String[] {"orders", "sum(orders)"});
        m.add(new String[] {"revenue", "sum(revenue)"});
      }
      default -> throw new IllegalArgumentException(table);
    }
    return m;
  }

  private static void withFields(List<String[]> m) {
    for (IdentityFields f : IdentityFields.ALL) {
      m.add(new String[] {f.column(), "sum(" + f.column() + ")"});
    }
  }

  /** How a row of {@code table} is written, column for column as in the table. */
  @SuppressWarnings("unchecked")
  public static RowBinaryFormat<RollupRow> format(String table) {
    List<RowBinaryFormat.Column<RollupRow>> c = new ArrayList<>();
    c.add(column("merchant_id", "String", r -> r.merchantId));
    c.add(column("bucket", "DateTime('UTC')", r -> Instant.ofEpochMilli(r.bucket)));
    List<String> dims = dimensions(table);
    for (int i = 0; i < dims.size(); i++) {
      int index = i;
      c.add(column(dims.get(i), "String", r -> r.dimension(index)));
    }
    switch (table) {
      case EVENTS -> {
        c.add(column("events", "UInt64", r -> r.count));
        c.add(column("late_events", "UInt64", r -> r.late));
        c.add(column("with_value", "UInt64", r -> r.withValue));
        c.add(column("revenue", "Decimal(38, 4)", r -> RowBinaryFormat.decimal(r.revenue, 4)));
        withFieldColumns(c);
      }
      case DELIVERIES -> {
        c.add(column("deliveries", "UInt64", r -> r.count));
        c.add(column("latency_sum_ms", "UInt64", r -> r.latencySum));
        c.add(column("latency_buckets", "Array(UInt64)", r -> r.latencyBucketList()));
        withFieldColumns(c);
      }
      case ISSUES -> {
        c.add(column("issues", "UInt64", r -> r.count));
        c.add(column("example_event_id", "String", r -> r.example));
      }
      case ATTRIBUTION -> {
        c.add(column("orders", "UInt64", r -> r.count));
        c.add(column("revenue", "Decimal(38, 4)", r -> RowBinaryFormat.decimal(r.revenue, 4)));
      }
      default -> throw new IllegalArgumentException(table);
    }
    c.add(column("version", "UInt64", r -> r.version));
    return new RowBinaryFormat<>(c.toArray(new RowBinaryFormat.Column[0]));
  }

  private static void withFieldColumns(List<RowBinaryFormat.Column<RollupRow>> c) {
    for (IdentityFields f : IdentityFields.ALL) {
      int bit = f.ordinal();
      c.add(column(f.column(), "UInt64", r -> r.with[bit]));
    }
  }

  static int latencyBuckets() {
    return LatencyBuckets.COUNT;
  }
}
