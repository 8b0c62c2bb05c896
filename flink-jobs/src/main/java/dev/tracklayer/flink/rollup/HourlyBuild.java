package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hourly tables in ClickHouse once an hour can no longer change: when the watermark
 * passes hour_end + L + 1 min (no window of the hour accepts records any more), and then {@code
 * settle} later in processing time (the minute sinks buffer up to a second), it sums the hour's
 * minute rows ({@code FINAL}: each key's last firing) into the hourly twin with a new version and
 * moves {@code analytics_progress} to the hour's end.
 *
 * <p>Its input is the start of every fired row's minute. The next hour to build is checkpointed;
 * without a checkpoint it comes from {@code analytics_progress}, and without that from the first
 * row. A row of an hour already built (a replay) takes the next hour back to it, so that hour is
 * built again: inserts replace by version, so a build repeated after a restart changes nothing.
 * Parallelism 1.
 *
 * <p>The daily tables follow in the same run: each UTC day from that of the first hour built up to
 * the last one whose every hour is now built is summed from its hours' latest build, all keys of a
 * day with the build's version, and {@code analytics_progress} job {@code rollup-daily} moves to
 * that day's end. A day whose hour was built again (a replay) is so built again too.
 *
 * <p>Before a build writes its buckets it lists them with its version in {@code analytics_builds},
 * so readers know which buckets were built more than once and filter only those.
 */
public class HourlyBuild extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<Long, Void>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(HourlyBuild.class);
  public static final String JOB = "rollup";
  public static final String DAILY_JOB = "rollup-daily";
  static final long DAY = 24 * Buckets.HOUR;

  private final ClickHouseSettings clickHouse;
  private final long latenessMs;
  private final long settleMs;
  private transient ClickHouseDatabase db;
  private transient ListState<Long> nextHourState;
  private transient Long nextHour;
  private transient long lastHourSeen = Long.MIN_VALUE;
  private transient long watermark = Long.MIN_VALUE;
  private transient boolean timerSet;

  public HourlyBuild(ClickHouseSettings clickHouse, Duration lateness, Duration settle) {
    this.clickHouse = clickHouse;
    this.latenessMs = lateness.toMillis();
    this.settleMs = settle.toMillis();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    nextHourState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("next-hour", Types.LONG));
    for (Long h : nextHourState.get()) {
      nextHour = h;
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    db = new ClickHouseDatabase(clickHouse, Json.mapper());
    if (nextHour == null) {
      nextHour = builtUntil();
    }
  }

  /** Where the last run stopped, from ClickHouse; null without a row (or ClickHouse). */
  private Long builtUntil() {
    try {
      var rows =
          db.query(
              ClickHouseSql.bind(
                  "SELECT toUInt64(max(built_until)) AS t, count() AS n FROM analytics_progress"
                      + " FINAL WHERE job = ?",
                  JOB));
      if (rows.isEmpty() || rows.get(0).get("n").asLong() == 0) {
        return null;
      }
      return rows.get(0).get("t").asLong() * 1000;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read analytics_progress, starting from the first row: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public void processElement(StreamRecord<Long> record) {
    long hour = Buckets.hour(record.getValue());
    lastHourSeen = Math.max(lastHourSeen, hour);
    if (nextHour == null || hour < nextHour) {
      nextHour = hour;
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    super.processWatermark(mark);
    watermark = mark.getTimestamp();
    if (!timerSet && nextHour != null && until() > nextHour) {
      timerSet = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + settleMs, this);
    }
  }

  /** Hours before this are closed and have rows: an hour H is closed once H + 1 h + L + 1 min. */
  private long until() {
    if (watermark == Long.MIN_VALUE || lastHourSeen == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long closed = Buckets.hour(watermark - latenessMs - Buckets.MINUTE);
    return Math.min(closed, lastHourSeen + Buckets.HOUR);
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    long until = until();
    if (nextHour == null || until <= nextHour) {
      return;
    }
    try {
      build(nextHour, until);
      nextHour = until;
    } catch (RuntimeException e) {
      LOG.warn(
          "hourly build of {} to {} failed, will retry: {}",
          Instant.ofEpochMilli(nextHour),
          Instant.ofEpochMilli(until),
          e.getMessage());
      timerSet = true;
      getProcessingTimeService()
          .registerTimer(getProcessingTimeService().getCurrentProcessingTime() + settleMs, this);
    }
  }

  private void build(long from, long until) {
    long version = System.currentTimeMillis();
    db.execute(builds("hourly", from, until, Buckets.HOUR, version));
    for (String table : Tables.ALL) {
      db.execute(sql(table, from, until, version));
    }
    db.execute(progress(JOB, until, version));
    LOG.info(
        "hourly tables built for {} to {}",
        Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(until));
    long firstDay = Math.floorDiv(from, DAY) * DAY;
    long daysUntil = Math.floorDiv(until, DAY) * DAY;
    if (daysUntil > firstDay) {
      db.execute(builds("daily", firstDay, daysUntil, DAY, version));
      for (String table : Tables.ALL) {
        db.execute(dailySql(table, firstDay, daysUntil, version));
      }
      db.execute(progress(DAILY_JOB, daysUntil, version));
      LOG.info(
          "daily tables built for {} to {}",
          Instant.ofEpochMilli(firstDay),
          Instant.ofEpochMilli(daysUntil));
    }
  }

  /**
   * The rows of analytics_builds for the buckets a build is about to write, inserted before them:
   * every version a rollup table holds is then listed there, and readers filter only the buckets
   * built more than once (migration V010).
   */
  static String builds(String grain, long from, long until, long step, long version) {
    return ClickHouseSql.bind(
        "INSERT INTO analytics_builds (grain, bucket, version)"
            + " SELECT ?, ? + number * ?, ? FROM system.numbers LIMIT ?",
        grain,
        Instant.ofEpochMilli(from),
        step / 1000,
        version,
        (until - from) / step);
  }

  private static String progress(String job, long until, long version) {
    return ClickHouseSql.bind(
        "INSERT INTO analytics_progress (job, built_until, version) SELECT ?, ?, ?",
        job,
        Instant.ofEpochMilli(until),
        version);
  }

  /**
   * The INSERT … SELECT of one table's UTC days in [from, until) from the rows of each hour's
   * latest build (one build writes every key of an hour with one version). Runs on 18.16 and
   * current.
   */
  static String dailySql(String table, long from, long until, long version) {
    List<String> dims = Tables.dimensions(table);
    List<String> columns = new ArrayList<>(List.of("merchant_id", "bucket"));
    List<String> select = new ArrayList<>(List.of("merchant_id", "toStartOfDay(bucket) AS day"));
    columns.addAll(dims);
    select.addAll(dims);
    for (String[] m : Tables.measures(table)) {
      columns.add(m[0]);
      select.add(m[1]);
    }
    columns.add("version");
    select.add("?");
    String hourly = table.replace("_minute", "_hourly");
    Instant f = Instant.ofEpochMilli(from);
    Instant u = Instant.ofEpochMilli(until);
    return ClickHouseSql.bind(
        "INSERT INTO "
            + table.replace("_minute", "_daily")
            + " ("
            + String.join(", ", columns)
            + ") SELECT "
            + String.join(", ", select)
            + " FROM "
            + hourly
            + " WHERE bucket >= ? AND bucket < ? AND (bucket, version) IN (SELECT bucket,"
            + " max(version) FROM "
            + hourly
            + " WHERE bucket >= ? AND bucket < ? GROUP BY bucket) GROUP BY merchant_id, day"
            + (dims.isEmpty() ? "" : ", " + String.join(", ", dims)),
        version,
        f,
        u,
        f,
        u);
  }

  /** The INSERT … SELECT of one table's hours in [from, until). Runs on 18.16 and current. */
  static String sql(String table, long from, long until, long version) {
    List<String> dims = Tables.dimensions(table);
    List<String[]> measures = Tables.measures(table);
    List<String> columns = new ArrayList<>();
    List<String> select = new ArrayList<>();
    columns.add("merchant_id");
    select.add("merchant_id");
    columns.add("bucket");
    select.add("toStartOfHour(bucket) AS hour_start");
    columns.addAll(dims);
    select.addAll(dims);
    for (String[] m : measures) {
      columns.add(m[0]);
      select.add(m[1]);
    }
    columns.add("version");
    select.add("?");
    String hourly = table.replace("_minute", "_hourly");
    return ClickHouseSql.bind(
        "INSERT INTO "
            + hourly
            + " ("
            + String.join(", ", columns)
            + ") SELECT "
            + String.join(", ", select)
            + " FROM "
            + table
            + " FINAL WHERE bucket >= ? AND bucket < ? GROUP BY merchant_id, hour_start"
            + (dims.isEmpty() ? "" : ", " + String.join(", ", dims)),
        version,
        Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(until));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    nextHourState.update(nextHour == null ? List.of() : List.of(nextHour));
  }

  @Override
  public void close() throws Exception {
    if (db != null) {
      db.close();
    }
    super.close();
  }
}
