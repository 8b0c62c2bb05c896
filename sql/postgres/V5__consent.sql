-- Consent enforced (issue 19). What an event that does not state consent.marketing means for
-- ad platforms: 'allow' (as before this setting) or 'deny'. Carried to the pipeline in the
-- config.changes snapshot as consent_when_unstated.
ALTER TABLE merchants ADD COLUMN consent_when_unstated text NOT NULL DEFAULT 'allow'
    CHECK (consent_when_unstated IN ('allow', 'deny'));

-- A rule with require_consent matches only events whose consent.marketing is stated true.
ALTER TABLE routing_rules ADD COLUMN require_consent boolean NOT NULL DEFAULT false;
