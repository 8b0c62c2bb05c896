-- What the ingest gateway noticed about each accepted event without refusing it
-- (TrackEvent.warnings, docs/ingest.md "Quality signals"): parallel arrays of code and JSON path,
-- so a rollup can ARRAY JOIN them. Empty for an event without warnings.
-- ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS; ClickHouseMigrations applies each file once.
ALTER TABLE events
    ADD COLUMN warning_codes Array(String),
    ADD COLUMN warning_paths Array(String)
