-- One row per (event, platform); every state change is a new row and the highest version wins
-- (QUEUED → RETRY → DELIVERED / FAILED / ERROR / SKIPPED).
CREATE TABLE IF NOT EXISTS deliveries
(
    merchant_id   String,
    event_id      String,
    event_name    String,
    event_date    Date,
    platform      String,
    connection_id String,
    status        String,
    attempts      UInt16,
    http_status   UInt16,
    error         String,
    latency_ms    UInt32,
    value         Nullable(Decimal(18, 4)),
    received_at   DateTime('UTC'),
    updated_at    DateTime('UTC'),
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_date)
ORDER BY (merchant_id, event_id, platform)
