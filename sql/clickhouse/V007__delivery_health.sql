-- A RETRY's next attempt in epoch milliseconds (0 for every other state). ClickHouse 18.16 has no
-- DateTime64 and no ADD COLUMN IF NOT EXISTS; ClickHouseMigrations applies each file once.
ALTER TABLE deliveries ADD COLUMN next_attempt_at UInt64 DEFAULT 0;

-- Each platform connection's delivery health, published by the pipeline on every change of its
-- breaker and at most every few seconds while its backlog changes: closed, open (the platform
-- kept failing; new events wait, one probe at a time) or auth_error (the platform refused the
-- credentials; events wait until the merchant fixes them). Times in epoch milliseconds.
CREATE TABLE IF NOT EXISTS connection_health
(
    merchant_id          String,
    connection_id        String,
    platform             String,
    status               String,
    since                UInt64,
    backlog              UInt64,
    consecutive_failures UInt32,
    last_error           String,
    next_attempt_at      UInt64,
    updated_at           UInt64,
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (merchant_id, connection_id)
