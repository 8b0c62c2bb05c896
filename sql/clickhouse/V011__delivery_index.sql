-- The dashboard's platform and status filters read this lookup instead of V004's delivery_states.
--
-- delivery_states kept each state under its own key and needed "superseded" markers so a state's
-- key range could tell which of its rows were overtaken; once a delivery settled at its first final
-- state (V008) every final row wrote six lookup rows, and each key held about as many rows as there
-- are deliveries anyway. This table is the deliveries' own rows, ordered for the filters: one row
-- per delivery state at the same version, so argMax(status, version) per (event, platform) is the
-- delivery's current state exactly as in `deliveries` (docs/contracts.md), and a status filter
-- narrows its candidates by the rows that ever had the status before it checks them.
CREATE TABLE IF NOT EXISTS delivery_index
(
    merchant_id String,
    platform    String,
    event_date  Date,
    event_id    String,
    event_name  String,
    status      String,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_date)
ORDER BY (merchant_id, platform, event_date, event_id);

-- The view first, then the rows already there: a row that arrives both ways collapses (same key,
-- same version).
CREATE MATERIALIZED VIEW IF NOT EXISTS delivery_index_mv TO delivery_index AS
SELECT merchant_id, platform, event_date, event_id, event_name, status, version
FROM deliveries;

INSERT INTO delivery_index
SELECT merchant_id, platform, event_date, event_id, event_name, status, version
FROM deliveries;

DROP TABLE IF EXISTS delivery_states_settled_mv;
DROP TABLE IF EXISTS delivery_states_mv;
DROP TABLE IF EXISTS delivery_states;
