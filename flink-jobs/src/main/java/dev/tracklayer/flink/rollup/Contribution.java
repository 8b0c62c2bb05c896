package dev.tracklayer.flink.rollup;

import java.math.BigDecimal;

/**
 * What one input record adds to one row of one analytics table: the row's key (table, merchant,
 * dimensions; the minute is the record's timestamp) and the measures to add. Small on purpose, as
 * every input record becomes one or a few of these before the windows. A Flink POJO.
 */
public class Contribution {
  /** One of {@link Tables}. */
  public String table;

  public String merchantId;

  /** The table's dimensions in its key order ({@link Tables}); unused ones are empty. */
  public String d1 = "";

  public String d2 = "";
  public String d3 = "";
  public String d4 = "";

  /** Start of the minute it counts in, epoch ms: the record's event time. */
  public long bucket;

  /** The server clock of the input (received_at, updated_at), epoch ms: drives the watermark. */
  public long serverTime;

  /** Which input it came from ({@link #EVENTS_INPUT} …), for the watermark. */
  public int input;

  public static final int EVENTS_INPUT = 0;
  public static final int RESULTS_INPUT = 1;
  public static final int REJECTIONS_INPUT = 2;
  public static final int INPUTS = 3;

  /** events, deliveries, issues or orders. */
  public long count = 1;

  public long late;
  public long withValue;
  public BigDecimal revenue = BigDecimal.ZERO;

  /** IdentityFields bits. */
  public int fields;

  /** A delivery's latency; -1 for other tables. */
  public long latencyMs = -1;

  /** An event_id to show as an example of an issue; empty when there is none. */
  public String example = "";

  public Contribution() {}

  static Contribution of(String table, String merchantId, long bucket, long serverTime) {
    Contribution c = new Contribution();
    c.table = table;
    c.merchantId = merchantId;
    c.bucket = bucket;
    c.serverTime = serverTime;
    return c;
  }

  Contribution from(int input) {
    this.input = input;
    return this;
  }

  Contribution dims(String... dims) {
    String[] d = new String[4];
    for (int i = 0; i < 4; i++) {
      d[i] = i < dims.length && dims[i] != null ? dims[i] : "";
    }
    d1 = d[0];
    d2 = d[1];
    d3 = d[2];
    d4 = d[3];
    return this;
  }

  /** The window key: table, merchant and dimensions. */
  public String key() {
    return table
        + '\u0000'
        + merchantId
        + '\u0000'
        + d1
        + '\u0000'
        + d2
        + '\u0000'
        + d3
        + '\u0000'
        + d4;
  }
}
