package dev.tracklayer.flink.rollup;

import static dev.tracklayer.core.clickhouse.RowBinaryFormat.column;

import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import java.time.Instant;

/**
 * A row of {@code analytics_funnel_customers} (migration V009): a customer's latest run starts per
 * stage, written whole on every change with a larger version. A Flink POJO.
 */
public class FunnelRow {
  public static final String TABLE = "analytics_funnel_customers";

  public String merchantId;
  public String customerKey;
  public long[] starts = new long[FunnelProgress.STAGES];
  public long version;

  public FunnelRow() {}

  FunnelRow(String merchantId, String customerKey, long[] starts, long version) {
    this.merchantId = merchantId;
    this.customerKey = customerKey;
    this.starts = starts;
    this.version = version;
  }

  @SuppressWarnings("unchecked")
  static RowBinaryFormat<FunnelRow> format() {
    RowBinaryFormat.Column<FunnelRow>[] c = new RowBinaryFormat.Column[3 + FunnelProgress.STAGES];
    c[0] = column("merchant_id", "String", r -> r.merchantId);
    c[1] = column("customer_key", "String", r -> r.customerKey);
    for (int k = 0; k < FunnelProgress.STAGES; k++) {
      int index = k;
      c[2 + k] =
          column(
              "start_" + (k + 1), "DateTime('UTC')", r -> Instant.ofEpochSecond(r.starts[index]));
    }
    c[2 + FunnelProgress.STAGES] = column("version", "UInt64", r -> r.version);
    return new RowBinaryFormat<>(c);
  }
}
