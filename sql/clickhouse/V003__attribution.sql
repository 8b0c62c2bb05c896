-- First- and last-touch ad clicks of each event (TrackEvent.attribution), by platform key
-- (ClickIds: gclid -> google_ads, fbclid -> meta, …); '' and epoch 0 when absent.
-- ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS. ClickHouseMigrations applies each file once
-- (schema_migrations), and one ALTER with several ADD COLUMNs adds all of them or none.
ALTER TABLE events
    ADD COLUMN first_touch_platform String DEFAULT '',
    ADD COLUMN first_touch_at       DateTime('UTC'),
    ADD COLUMN last_touch_platform  String DEFAULT ''
