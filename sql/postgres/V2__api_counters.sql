-- Written by the api-gateway.

-- The version of the last configuration snapshot published to config.changes. Updating the row
-- locks it until the publishing transaction commits, so two changes of one merchant publish in
-- the order they commit and each snapshot carries a higher version than the one before.
CREATE TABLE merchant_config_versions (
    merchant_id uuid   PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
    version     bigint NOT NULL
);

-- The last replay number handed out per original event (`<event_id>-replay-<n>`). The row lock
-- serializes concurrent replays of one event; the number survives events that never reached
-- ClickHouse, so an id is never handed out twice.
CREATE TABLE event_replays (
    merchant_id uuid        NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    event_id    text        NOT NULL,
    n           integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, event_id)
);
