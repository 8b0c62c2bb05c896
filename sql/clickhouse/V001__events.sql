-- One row per accepted unique event. ReplacingMergeTree so that a pipeline restart that writes
-- an event again (at-least-once sink) collapses to one row; readers use FINAL or argMax.
-- Subset of SQL accepted by ClickHouse 18.16 (Debian) and current releases alike.
CREATE TABLE IF NOT EXISTS events
(
    merchant_id      String,
    event_id         String,
    event_name       String,
    source           String,
    event_time       DateTime('UTC'),
    event_date       Date MATERIALIZED toDate(event_time),
    received_at      DateTime('UTC'),
    value            Nullable(Decimal(18, 4)),
    currency         String,
    order_id         String,
    event_source_url String,
    email_sha256     String,
    country          String,
    has_email        UInt8,
    has_phone        UInt8,
    has_name         UInt8,
    has_address      UInt8,
    has_external_id  UInt8,
    has_ip           UInt8,
    has_user_agent   UInt8,
    has_fbp          UInt8,
    has_fbc          UInt8,
    has_click_id     UInt8,
    api_key_id       String,
    replay_of        String,
    payload          String,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(event_date)
ORDER BY (merchant_id, event_date, event_name, event_id)
