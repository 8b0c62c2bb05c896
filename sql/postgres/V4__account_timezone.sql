-- The merchant's time zone (an IANA id such as 'America/New_York'), in which
-- GET /v1/analytics/volume cuts days. The API validates it with java.time.ZoneId.
ALTER TABLE merchants ADD COLUMN timezone text NOT NULL DEFAULT 'UTC';
