package dev.tracklayer.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads events and deliveries from ClickHouse, always for one merchant. Values enter SQL only
 * through {@link ClickHouseSql#bind}; the sort column through {@link ClickHouseSql#identifier} and
 * the allow-list of {@link EventQuery}.
 *
 * <p>Both tables are ReplacingMergeTree, and FINAL over a merchant's whole history costs 0.5-1 s
 * per query at a million events on this box (docs/api.md), so reads collapse versions themselves:
 *
 * <ul>
 *   <li>A page is found on the narrow sort columns first ({@link #pageKeys}), de-duplicated (a
 *       recovering pipeline may write an event twice, always with the same content and so the same
 *       sort key, which makes the copies adjacent), then its rows are fetched by id within their
 *       dates, where the sorting key's date column lets ClickHouse skip everything else.
 *   <li>A delivery's state is {@code argMax(…, version)} per (event, platform), looked up for the
 *       page's ids only.
 *   <li>Platform and status filters read {@code delivery_index} and searches {@code event_search},
 *       lookups that materialized views keep in the order those filters need (migrations V011 and
 *       V004). A delivery is in a status when its highest-version row has it, as in {@code
 *       deliveries}; a delivery's first final state outranks every later row (docs/contracts.md).
 *   <li>{@link #count} counts rows: right after a pipeline recovery it may count an event twice
 *       until ClickHouse's background merge collapses the copies.
 * </ul>
 */
@Component
public class EventReader {
  private static final Instant MAX_DATETIME = Instant.ofEpochSecond(4_294_967_295L);
  static final int SEARCH_LIMIT = 1000;

  /**
   * For the default order (newest first), the newest rows are looked for in these windows before
   * the whole history: a first page then reads a day of data, not 90.
   */
  private static final List<Duration> RECENT_WINDOWS =
      List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(31));

  private static final String SUMMARY_COLUMNS =
      "event_id, event_name, source, toUnixTimestamp(event_time) AS event_ts,"
          + " toUnixTimestamp(received_at) AS received_ts, toString(value) AS value_text,"
          + " currency, order_id, country, replay_of, version";
  private static final String DETAIL_COLUMNS =
      SUMMARY_COLUMNS
          + ", event_source_url, api_key_id, payload, has_email, has_phone, has_name,"
          + " has_address, has_external_id, has_ip, has_user_agent, has_fbp, has_fbc, has_click_id,"
          + " warning_codes, warning_paths";
  private static final List<String> IDENTITY_FLAGS =
      IdentityFields.ALL.stream().map(IdentityFields::key).toList();

  private final ClickHouseDatabase db;

  public EventReader(ClickHouseDatabase db) {
    this.db = db;
  }

  /** A WHERE clause and its arguments, built from fixed fragments. */
  record Filter(String sql, List<Object> args) {}

  /** Where a page's event sits in the table, enough to fetch it through the sorting key. */
  record PageKey(String eventId, LocalDate day) {}

  Filter filter(String merchantId, EventQuery q, Instant notBefore) {
    StringBuilder sql = new StringBuilder("merchant_id = ?");
    List<Object> args = new ArrayList<>(List.of(merchantId));
    if (q.eventName() != null) {
      sql.append(" AND event_name = ?");
      args.add(q.eventName());
    }
    if (q.source() != null) {
      sql.append(" AND source = ?");
      args.add(q.source());
    }
    Instant start = latest(q.start(), notBefore);
    if (start != null) {
      start = clamp(start);
      // event_date is the sorting key's second column: a date bound prunes parts and granules.
      sql.append(" AND event_date >= ? AND event_time >= ?");
      args.add(day(start));
      args.add(start);
    }
    if (q.end() != null) {
      Instant end = clamp(q.end());
      sql.append(" AND event_date <= ? AND event_time <= ?");
      args.add(day(end));
      args.add(end);
    }
    if (q.search() != null) {
      // event_search holds each event's id, order id and email hash with its date.
      List<String> terms = new ArrayList<>(List.of(q.search()));
      String email = Normalizers.email(q.search());
      if (email != null) {
        terms.add(Sha256.hex(email));
      }
      String from = " FROM event_search WHERE merchant_id = ? AND term IN ?";
      List<Object> fromArgs = List.of(merchantId, terms);
      listedIn(sql, args, from, fromArgs, from, fromArgs, "");
    }
    if (q.platform() != null || q.status() != null) {
      deliveryFilter(sql, args, merchantId, q, start);
    }
    return new Filter(sql.toString(), args);
  }

  /**
   * Events with a delivery to the platform and/or currently in the status, found in {@code
   * delivery_index} (the deliveries' rows ordered by merchant, platform and date; migration V011)
   * rather than in {@code deliveries}, which is ordered by event. The event's name and date bounds
   * are repeated there (it carries both) to keep the set small.
   */
  private static void deliveryFilter(
      StringBuilder sql, List<Object> args, String merchantId, EventQuery q, Instant start) {
    StringBuilder rows = new StringBuilder(" FROM delivery_index WHERE merchant_id = ?");
    List<Object> rowArgs = new ArrayList<>(List.of(merchantId));
    if (q.platform() != null) {
      rows.append(" AND platform = ?");
      rowArgs.add(q.platform());
    }
    // A day of slack either side: the bounds only narrow the set, the outer query decides.
    if (start != null) {
      rows.append(" AND event_date >= ?");
      rowArgs.add(day(start).minusDays(1));
    }
    if (q.end() != null) {
      rows.append(" AND event_date <= ?");
      rowArgs.add(day(clamp(q.end())).plusDays(1));
    }
    if (q.eventName() != null) {
      rows.append(" AND event_name = ?");
      rowArgs.add(q.eventName());
    }
    if (q.status() == null) {
      listedIn(sql, args, rows.toString(), rowArgs, rows.toString(), rowArgs, "");
      return;
    }
    // The rows that ever had the status are few for every status but DELIVERED: they narrow the
    // set before each of their deliveries is checked for the status at its highest version.
    String had = rows + " AND status = ?";
    List<Object> hadArgs = new ArrayList<>(rowArgs);
    hadArgs.add(q.status());
    List<Object> current = new ArrayList<>(rowArgs);
    current.addAll(hadArgs);
    current.add(q.status());
    listedIn(
        sql,
        args,
        had,
        hadArgs,
        rows + " AND event_id IN (SELECT event_id" + had + ")",
        current,
        " GROUP BY event_id, platform HAVING argMax(status, version) = ?");
  }

  /**
   * Events that a lookup table (V004, V011) lists: the dates of its rows {@code datesFrom} confine
   * the events table through its sorting key, the ids of its rows {@code idsFrom} decide ({@code
   * idTail} ends the ids' subquery).
   */
  private static void listedIn(
      StringBuilder sql,
      List<Object> args,
      String datesFrom,
      List<Object> datesArgs,
      String idsFrom,
      List<Object> idsArgs,
      String idTail) {
    sql.append(" AND event_date IN (SELECT event_date").append(datesFrom).append(")");
    args.addAll(datesArgs);
    sql.append(" AND event_id IN (SELECT event_id").append(idsFrom).append(idTail).append(")");
    args.addAll(idsArgs);
  }

  /**
   * The page's events in order, without the copies a recovering pipeline may have written.
   *
   * <p>Newest-first pages over plentiful rows look in recent windows first. Selective filters
   * (search, platform, status) skip that: each window would scan as much as the whole history.
   */
  List<PageKey> pageKeys(String merchantId, EventQuery q) {
    int needed = q.offset() + q.limit();
    boolean newestFirst = q.orderBy().equals("event_time") && !q.ascending();
    boolean selective = q.search() != null || q.platform() != null || q.status() != null;
    if (newestFirst && q.start() == null && !selective) {
      Instant now = Instant.now();
      for (Duration window : RECENT_WINDOWS) {
        List<PageKey> keys = distinctKeys(merchantId, q, now.minus(window), needed);
        if (keys.size() >= needed) {
          return slice(keys, q);
        }
      }
    }
    return slice(distinctKeys(merchantId, q, null, needed), q);
  }

  private List<PageKey> distinctKeys(
      String merchantId, EventQuery q, Instant notBefore, int needed) {
    Filter f = filter(merchantId, q, notBefore);
    String column =
        ClickHouseSql.identifier(
            EventQuery.ORDER_COLUMNS.get(q.orderBy()),
            Set.copyOf(EventQuery.ORDER_COLUMNS.values()));
    String direction = q.ascending() ? "ASC" : "DESC";
    int slack = Math.max(q.limit(), 10);
    while (true) {
      int fetch = needed + slack;
      List<Object> args = new ArrayList<>(f.args());
      args.add(fetch);
      String sql =
          ClickHouseSql.bind(
              "SELECT event_id, toString(event_date) AS day FROM events WHERE "
                  + f.sql()
                  + " ORDER BY "
                  + column
                  + " "
                  + direction
                  + ", event_id "
                  + direction
                  + " LIMIT ?",
              args.toArray());
      List<JsonNode> rows = db.query(sql);
      List<PageKey> keys = new ArrayList<>(rows.size());
      String previous = null;
      for (JsonNode row : rows) {
        String id = row.get("event_id").asText();
        if (!id.equals(previous)) {
          keys.add(new PageKey(id, LocalDate.parse(row.get("day").asText())));
        }
        previous = id;
      }
      // Fewer rows than asked for means the end was reached; enough distinct ones means done.
      if (rows.size() < fetch || keys.size() >= needed) {
        return keys;
      }
      slack *= 4;
    }
  }

  private static List<PageKey> slice(List<PageKey> keys, EventQuery q) {
    if (keys.size() <= q.offset()) {
      return List.of();
    }
    return keys.subList(q.offset(), Math.min(keys.size(), q.offset() + q.limit()));
  }

  /** The page's rows, in the page's order, each at its highest version. */
  List<EventSummary> summaries(String merchantId, List<PageKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    Map<String, JsonNode> latest = new HashMap<>();
    for (JsonNode row : rowsOf(merchantId, keys, SUMMARY_COLUMNS)) {
      latest.merge(
          row.get("event_id").asText(),
          row,
          (a, b) -> a.get("version").asLong() >= b.get("version").asLong() ? a : b);
    }
    List<EventSummary> out = new ArrayList<>(keys.size());
    for (PageKey key : keys) {
      JsonNode row = latest.get(key.eventId());
      if (row != null) {
        out.add(summary(row, List.of()));
      }
    }
    return out;
  }

  private List<JsonNode> rowsOf(String merchantId, List<PageKey> keys, String columns) {
    List<String> ids = keys.stream().map(PageKey::eventId).toList();
    LocalDate first = keys.stream().map(PageKey::day).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate last = keys.stream().map(PageKey::day).max(Comparator.naturalOrder()).orElseThrow();
    return db.query(
        ClickHouseSql.bind(
            "SELECT "
                + columns
                + " FROM events WHERE merchant_id = ? AND event_date >= ? AND event_date <= ?"
                + " AND event_id IN ?",
            merchantId,
            first,
            last,
            ids));
  }

  /** A page and its total. */
  record Page(List<PageKey> keys, long total) {}

  /**
   * A search matches a handful of events: one query fetches them all (up to {@value
   * #SEARCH_LIMIT}), so the total needs no second scan.
   */
  Page search(String merchantId, EventQuery q) {
    int wanted = Math.max(SEARCH_LIMIT, q.offset() + q.limit());
    List<PageKey> all = distinctKeys(merchantId, q, null, wanted);
    long total = all.size() >= wanted ? count(merchantId, q) : all.size();
    return new Page(slice(all, q), total);
  }

  long count(String merchantId, EventQuery q) {
    Filter f = filter(merchantId, q, null);
    String sql =
        ClickHouseSql.bind(
            "SELECT count() AS total FROM events WHERE " + f.sql(), f.args().toArray());
    List<JsonNode> rows = db.query(sql);
    return rows.isEmpty() ? 0 : rows.get(0).get("total").asLong();
  }

  /**
   * Latest status per (event, platform) for a page. Deliveries carry their event's date, which
   * keeps ClickHouse to the page's partitions (a day of slack for a differing time zone).
   */
  Map<String, List<EventSummary.PlatformStatus>> statuses(String merchantId, List<PageKey> keys) {
    Map<String, List<EventSummary.PlatformStatus>> out = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    List<String> ids = keys.stream().map(PageKey::eventId).toList();
    LocalDate first = keys.stream().map(PageKey::day).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate last = keys.stream().map(PageKey::day).max(Comparator.naturalOrder()).orElseThrow();
    String sql =
        ClickHouseSql.bind(
            "SELECT event_id, platform, argMax(status, version) AS last_status FROM deliveries"
                + " WHERE merchant_id = ? AND event_date >= ? AND event_date <= ?"
                + " AND event_id IN ? GROUP BY event_id, platform ORDER BY event_id, platform",
            merchantId,
            first.minusDays(1),
            last.plusDays(1),
            ids);
    for (JsonNode row : db.query(sql)) {
      out.computeIfAbsent(row.get("event_id").asText(), k -> new ArrayList<>())
          .add(
              new EventSummary.PlatformStatus(
                  row.get("platform").asText(), row.get("last_status").asText()));
    }
    return out;
  }

  /** One event's deliveries, plus where the event sits (date and name) for {@link #event}. */
  record Deliveries(List<EventDetail.Delivery> rows, LocalDate day, String eventName) {}

  Deliveries deliveries(String merchantId, String eventId) {
    String sql =
        ClickHouseSql.bind(
            // Aliases differ from column names: current ClickHouse releases refuse an alias
            // that shadows the column its own aggregate reads.
            "SELECT platform, argMax(connection_id, version) AS last_connection_id,"
                + " argMax(status, version) AS last_status,"
                + " argMax(attempts, version) AS last_attempts,"
                + " argMax(http_status, version) AS last_http_status,"
                + " argMax(error, version) AS last_error,"
                + " argMax(latency_ms, version) AS last_latency_ms,"
                // Every row carries the event's received_at, when its deliveries were queued; the
                // QUEUED row itself may already be merged away under a later state.
                + " toUnixTimestamp(min(received_at)) AS queued_ts,"
                + " toUnixTimestamp(argMax(updated_at, version)) AS updated_ts,"
                + " toString(any(event_date)) AS day, any(event_name) AS name"
                + " FROM deliveries WHERE merchant_id = ? AND event_id = ?"
                + " GROUP BY platform ORDER BY platform",
            merchantId,
            eventId);
    List<EventDetail.Delivery> out = new ArrayList<>();
    LocalDate day = null;
    String name = null;
    for (JsonNode row : db.query(sql)) {
      int http = row.get("last_http_status").asInt();
      out.add(
          new EventDetail.Delivery(
              row.get("platform").asText(),
              emptyToNull(row.get("last_connection_id").asText()),
              row.get("last_status").asText(),
              row.get("last_attempts").asInt(),
              http == 0 ? null : http,
              emptyToNull(row.get("last_error").asText()),
              row.get("last_latency_ms").asLong(),
              Instant.ofEpochSecond(row.get("queued_ts").asLong()),
              Instant.ofEpochSecond(row.get("updated_ts").asLong())));
      day = LocalDate.parse(row.get("day").asText());
      name = row.get("name").asText();
    }
    return new Deliveries(out, day, name);
  }

  /**
   * The stored event at its highest version. With its deliveries' date and name the lookup goes
   * through the whole sorting key; an event without deliveries costs a scan of the merchant's ids.
   */
  Optional<EventDetail> event(String merchantId, String eventId, Deliveries hint) {
    List<JsonNode> rows = List.of();
    if (hint.day() != null) {
      rows =
          db.query(
              ClickHouseSql.bind(
                  "SELECT "
                      + DETAIL_COLUMNS
                      + " FROM events WHERE merchant_id = ? AND event_date >= ?"
                      + " AND event_date <= ? AND event_name = ? AND event_id = ?"
                      + " ORDER BY version DESC LIMIT 1",
                  merchantId,
                  hint.day().minusDays(1),
                  hint.day().plusDays(1),
                  hint.eventName(),
                  eventId));
    }
    if (rows.isEmpty()) {
      rows =
          db.query(
              ClickHouseSql.bind(
                  "SELECT "
                      + DETAIL_COLUMNS
                      + " FROM events WHERE merchant_id = ? AND event_id = ?"
                      + " ORDER BY version DESC LIMIT 1",
                  merchantId,
                  eventId));
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    JsonNode row = rows.get(0);
    Map<String, Boolean> identity = new LinkedHashMap<>();
    for (String flag : IDENTITY_FLAGS) {
      identity.put(flag, row.path("has_" + flag).asInt() == 1);
    }
    EventSummary s = summary(row, List.of());
    return Optional.of(
        new EventDetail(
            s.eventId(),
            s.eventName(),
            s.source(),
            s.eventTime(),
            s.receivedAt(),
            s.value(),
            s.currency(),
            s.orderId(),
            emptyToNull(row.get("event_source_url").asText()),
            s.country(),
            s.replayOf(),
            emptyToNull(row.get("api_key_id").asText()),
            identity,
            warnings(row),
            parsePayload(row.get("payload").asText()),
            hint.rows()));
  }

  /** The parallel warning_codes and warning_paths columns (migration V005) as pairs. */
  private static List<EventDetail.Warning> warnings(JsonNode row) {
    JsonNode codes = row.path("warning_codes");
    JsonNode paths = row.path("warning_paths");
    List<EventDetail.Warning> out = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      out.add(new EventDetail.Warning(codes.get(i).asText(), paths.path(i).asText()));
    }
    return out;
  }

  /** Replays of an event that reached ClickHouse. */
  long replayCount(String merchantId, String eventId) {
    String sql =
        ClickHouseSql.bind(
            "SELECT uniqExact(event_id) AS n FROM events WHERE merchant_id = ? AND replay_of = ?",
            merchantId,
            eventId);
    List<JsonNode> rows = db.query(sql);
    return rows.isEmpty() ? 0 : rows.get(0).get("n").asLong();
  }

  private static EventSummary summary(JsonNode row, List<EventSummary.PlatformStatus> statuses) {
    return new EventSummary(
        row.get("event_id").asText(),
        row.get("event_name").asText(),
        row.get("source").asText(),
        Instant.ofEpochSecond(row.get("event_ts").asLong()),
        Instant.ofEpochSecond(row.get("received_ts").asLong()),
        decimal(row.get("value_text")),
        emptyToNull(row.get("currency").asText()),
        emptyToNull(row.get("order_id").asText()),
        emptyToNull(row.get("country").asText()),
        emptyToNull(row.get("replay_of").asText()),
        statuses);
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant clamp(Instant t) {
    if (t.isBefore(Instant.EPOCH)) {
      return Instant.EPOCH;
    }
    return t.isAfter(MAX_DATETIME) ? MAX_DATETIME : t;
  }

  private static BigDecimal decimal(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    BigDecimal d = new BigDecimal(node.asText()).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  private static JsonNode parsePayload(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Json.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
