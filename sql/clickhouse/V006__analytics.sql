-- Analytics rollups (docs/analytics.md). The rollup job (flink-jobs RollupJob) keeps one-minute
-- windows and writes each window's whole running total again on every firing, with a larger
-- version: ReplacingMergeTree keeps the last firing, so a late firing, a restart from checkpoint
-- or a replay replaces a row instead of adding to it. Readers collapse with argMax(…, version) per
-- key (or FINAL on small ranges).
--
-- The hourly tables are built by ClickHouse from the minute tables (INSERT … SELECT … FINAL) once
-- an hour can no longer change; analytics_progress says up to where they are complete. A
-- materialized view cannot build them: it would add every firing of a minute, not its last.
--
-- Buckets: an event counts in the minute of its event_time, unless that is more than the job's
-- lateness bound before its received_at (a backfill, a client clock hours off): then in the
-- minute of received_at, and in late_events. A delivery counts once, in the minute its final
-- state (DELIVERED, FAILED, ERROR, SKIPPED) was reached. A rejection or warning counts in the
-- minute the request was received.

-- Accepted unique events. with_* count the events that carried each user_data field.
CREATE TABLE IF NOT EXISTS analytics_events_minute
(
    merchant_id        String,
    bucket             DateTime('UTC'),
    event_name         String,
    source             String,
    currency           String,
    events             UInt64,
    late_events        UInt64,
    with_value         UInt64,
    revenue            Decimal(38, 4),
    with_email         UInt64,
    with_phone         UInt64,
    with_name          UInt64,
    with_address       UInt64,
    with_external_id   UInt64,
    with_ip            UInt64,
    with_user_agent    UInt64,
    with_fbp           UInt64,
    with_fbc           UInt64,
    with_click_id      UInt64,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, currency);

-- Deliveries in a final state. latency_buckets[i] counts deliveries with latency_ms at most the
-- i-th bound of docs/analytics.md (the last bucket is unbounded); with_* as above, for the events
-- these deliveries carried (per-platform match quality).
CREATE TABLE IF NOT EXISTS analytics_deliveries_minute
(
    merchant_id        String,
    bucket             DateTime('UTC'),
    event_name         String,
    source             String,
    platform           String,
    status             String,
    deliveries         UInt64,
    latency_sum_ms     UInt64,
    latency_buckets    Array(UInt64),
    with_email         UInt64,
    with_phone         UInt64,
    with_name          UInt64,
    with_address       UInt64,
    with_external_id   UInt64,
    with_ip            UInt64,
    with_user_agent    UInt64,
    with_fbp           UInt64,
    with_fbc           UInt64,
    with_click_id      UInt64,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, platform, status);

-- Quality issues: origin 'rejected' (a field error of a request refused with 400, events.rejected)
-- or 'warning' (TrackEvent.warnings of an accepted event). example_event_id is one event_id seen.
CREATE TABLE IF NOT EXISTS analytics_issues_minute
(
    merchant_id        String,
    bucket             DateTime('UTC'),
    source             String,
    origin             String,
    code               String,
    path               String,
    issues             UInt64,
    example_event_id   String,
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, source, origin, code, path);

-- Purchases by the platform of their customer's first touch ('direct' without one).
CREATE TABLE IF NOT EXISTS analytics_attribution_minute
(
    merchant_id        String,
    bucket             DateTime('UTC'),
    platform           String,
    currency           String,
    orders             UInt64,
    revenue            Decimal(38, 4),
    version            UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, platform, currency);

CREATE TABLE IF NOT EXISTS analytics_events_hourly AS analytics_events_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, currency);

CREATE TABLE IF NOT EXISTS analytics_deliveries_hourly AS analytics_deliveries_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, platform, status);

CREATE TABLE IF NOT EXISTS analytics_issues_hourly AS analytics_issues_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, source, origin, code, path);

CREATE TABLE IF NOT EXISTS analytics_attribution_hourly AS analytics_attribution_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, platform, currency);

-- Up to where (exclusive) the hourly tables hold every hour: readers take hours before
-- built_until from them and the minutes after from the minute tables. One row per job name.
CREATE TABLE IF NOT EXISTS analytics_progress
(
    job          String,
    built_until  DateTime('UTC'),
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY job;

-- Who the event's customer is, for the funnel by customer and first-touch attribution:
-- 'ext:' + SHA-256 of the normalized external_id, else 'em:' + the email's SHA-256, else
-- 'fbp:' + the _fbp cookie; '' without any.
ALTER TABLE events
    ADD COLUMN customer_key String DEFAULT ''
