-- Every build of the hourly and daily rollup tables (docs/analytics.md, "Builds").
--
-- The hourly build writes one row per bucket it is about to build (grain 'hourly' or 'daily',
-- the bucket, the build's version) before it writes the bucket's rows, so every version present
-- in a rollup table is listed here. A bucket built once needs no filter when read; readers take
-- only the buckets built more than once from their latest build, instead of filtering every row
-- on (bucket, version), which cost half of each read.

CREATE TABLE IF NOT EXISTS analytics_builds (
    grain    String,
    bucket   DateTime('UTC'),
    version  UInt64
) ENGINE = MergeTree
ORDER BY (grain, bucket);

-- The builds made before this table existed, from the versions the tables hold.
INSERT INTO analytics_builds (grain, bucket, version)
SELECT grain, bucket, version FROM (
    SELECT 'hourly' AS grain, bucket, version FROM analytics_events_hourly GROUP BY bucket, version
    UNION ALL SELECT 'hourly' AS grain, bucket, version FROM analytics_deliveries_hourly GROUP BY bucket, version
    UNION ALL SELECT 'hourly' AS grain, bucket, version FROM analytics_issues_hourly GROUP BY bucket, version
    UNION ALL SELECT 'hourly' AS grain, bucket, version FROM analytics_attribution_hourly GROUP BY bucket, version
    UNION ALL SELECT 'daily' AS grain, bucket, version FROM analytics_events_daily GROUP BY bucket, version
    UNION ALL SELECT 'daily' AS grain, bucket, version FROM analytics_deliveries_daily GROUP BY bucket, version
    UNION ALL SELECT 'daily' AS grain, bucket, version FROM analytics_issues_daily GROUP BY bucket, version
    UNION ALL SELECT 'daily' AS grain, bucket, version FROM analytics_attribution_daily GROUP BY bucket, version
) GROUP BY grain, bucket, version;
