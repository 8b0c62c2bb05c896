-- Lookups for the dashboard (api-gateway EventReader), kept by materialized views.
--
-- Every delivery state again, ordered for the dashboard's status and platform filters: the
-- deliveries table is ordered by event, so "which events have a FAILED delivery" would read every
-- delivery row of the merchant. A state that a later row overtakes gets a marker row under its own
-- key (superseded = 1, at the later row's version), so "currently RETRY" reads only the RETRY key
-- range: argMax(superseded, version) per delivery. The delivery states of docs/contracts.md make the markers
-- exact: every delivery starts QUEUED, and a final state (DELIVERED, FAILED, ERROR, SKIPPED) after
-- retries carries attempts > 1 (the pipeline counts attempts; RETRY rows precede it).
-- Filled by a materialized view on each insert into deliveries, and once from the rows already
-- there (a row that arrives twice collapses: same key, same version).
CREATE TABLE IF NOT EXISTS delivery_states
(
    merchant_id String,
    state       String,
    platform    String,
    event_date  Date,
    event_id    String,
    event_name  String,
    superseded  UInt8,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_date)
ORDER BY (merchant_id, state, platform, event_date, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS delivery_states_mv TO delivery_states AS
SELECT merchant_id, tupleElement(s, 1) AS state, platform, event_date, event_id, event_name,
       tupleElement(s, 2) AS superseded, version
FROM deliveries
ARRAY JOIN multiIf(status = 'QUEUED', [(status, toUInt8(0))],
                   status = 'RETRY', [(status, toUInt8(0)), ('QUEUED', toUInt8(1))],
                   attempts > 1, [(status, toUInt8(0)), ('QUEUED', toUInt8(1)), ('RETRY', toUInt8(1))],
                   [(status, toUInt8(0)), ('QUEUED', toUInt8(1))]) AS s;

INSERT INTO delivery_states
SELECT merchant_id, tupleElement(s, 1) AS state, platform, event_date, event_id, event_name,
       tupleElement(s, 2) AS superseded, version
FROM deliveries
ARRAY JOIN multiIf(status = 'QUEUED', [(status, toUInt8(0))],
                   status = 'RETRY', [(status, toUInt8(0)), ('QUEUED', toUInt8(1))],
                   attempts > 1, [(status, toUInt8(0)), ('QUEUED', toUInt8(1)), ('RETRY', toUInt8(1))],
                   [(status, toUInt8(0)), ('QUEUED', toUInt8(1))]) AS s;

-- The terms the event search matches (event id, order id, the email's SHA-256), each with its
-- event's date: a search finds its events here by key, and their dates let the events table skip
-- every other day.
CREATE TABLE IF NOT EXISTS event_search
(
    merchant_id String,
    term        String,
    event_date  Date,
    event_id    String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_date)
ORDER BY (merchant_id, term, event_date, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS event_search_mv TO event_search AS
SELECT merchant_id, term, toDate(event_time) AS event_date, event_id
FROM events ARRAY JOIN [event_id, order_id, email_sha256] AS term
WHERE term != '';

INSERT INTO event_search
SELECT merchant_id, term, toDate(event_time) AS event_date, event_id
FROM events ARRAY JOIN [event_id, order_id, email_sha256] AS term
WHERE term != '';
