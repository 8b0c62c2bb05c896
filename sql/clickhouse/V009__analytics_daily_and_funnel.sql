-- Daily rollups and the funnel by customer (docs/analytics.md).
--
-- The daily tables are the hourly ones summed per UTC day, built by the rollup job's hourly build
-- once every hour of the day is built (INSERT … SELECT from each hour's latest build), all keys of
-- a day with one version; analytics_progress job 'rollup-daily' says up to where they are
-- complete. Readers take whole UTC days from them, the edges from the hourly and minute tables.

CREATE TABLE IF NOT EXISTS analytics_events_daily AS analytics_events_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, currency);

CREATE TABLE IF NOT EXISTS analytics_deliveries_daily AS analytics_deliveries_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, event_name, source, platform, status);

CREATE TABLE IF NOT EXISTS analytics_issues_daily AS analytics_issues_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, source, origin, code, path);

CREATE TABLE IF NOT EXISTS analytics_attribution_daily AS analytics_attribution_minute
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket)
ORDER BY (merchant_id, bucket, platform, currency);

-- Per customer (events.customer_key), the latest bucket time (second) at which a run of the funnel
-- page_view → view_content → add_to_cart → initiate_checkout → add_payment_info → purchase
-- through stage k starts: a page_view followed, in order, by events of stages 2..k (a later stage
-- may share the second of the one before it). 0: no such run. A customer reached stage k within
-- a window [start, now) exactly when start_k >= start. Written by the rollup job on every change;
-- the values only grow, so readers take max() per customer (or argMax by version).
CREATE TABLE IF NOT EXISTS analytics_funnel_customers
(
    merchant_id   String,
    customer_key  String,
    start_1       DateTime('UTC'),
    start_2       DateTime('UTC'),
    start_3       DateTime('UTC'),
    start_4       DateTime('UTC'),
    start_5       DateTime('UTC'),
    start_6       DateTime('UTC'),
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (merchant_id, customer_key)
