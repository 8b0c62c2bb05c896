-- A revoked key stops at once on every ingest gateway: each LISTENs on this channel and drops the
-- key from its cache (the cache's 15 s lifetime still bounds it if a notification is missed).
-- A trigger, so a revocation by hand in SQL is announced like one through the API.
CREATE FUNCTION notify_api_key_revoked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('api_key_revoked', OLD.id::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('api_key_revoked', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_key_revoked
    AFTER UPDATE OF revoked_at OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_revoked();
