-- TrackLayer configuration store. Owned by the api-gateway (Flyway applies it at start);
-- the ingest gateway reads api_keys and merchants, the Flink pipeline reads connections and rules.

CREATE TABLE plans (
    id              text PRIMARY KEY,
    name            text        NOT NULL,
    monthly_events  bigint      NOT NULL,
    price_cents     integer     NOT NULL,
    stripe_price_id text
);

INSERT INTO plans (id, name, monthly_events, price_cents) VALUES
    ('free',    'Free',      10000,     0),
    ('starter', 'Starter',  100000,  4900),
    ('growth',  'Growth',  1000000, 19900),
    ('scale',   'Scale',  10000000, 79900);

CREATE TABLE merchants (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                   text        NOT NULL DEFAULT '',
    email                  text,
    store_platform         text,
    store_url              text,
    onboarding_step        integer     NOT NULL DEFAULT 0,
    onboarding_completed   boolean     NOT NULL DEFAULT false,
    plan_id                text        NOT NULL DEFAULT 'free' REFERENCES plans (id),
    status                 text        NOT NULL DEFAULT 'active'
                               CHECK (status IN ('active', 'suspended')),
    stripe_customer_id     text,
    stripe_subscription_id text,
    subscription_status    text,
    current_period_end     timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- The people (JWT subjects) who act for a merchant.
CREATE TABLE merchant_users (
    sub         text PRIMARY KEY,
    merchant_id uuid        NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    email       text,
    role        text        NOT NULL DEFAULT 'owner',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX merchant_users_merchant ON merchant_users (merchant_id);

-- Only the SHA-256 of a key is stored; the secret is shown once, at creation.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    merchant_id  uuid        NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    key_sha256   char(64)    NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id);

-- Credentials are AES-256-GCM ciphertext (nonce || ciphertext+tag) of a JSON object, under
-- TRACKLAYER_CREDENTIALS_KEY; credentials_mask keeps what the dashboard may show.
CREATE TABLE platform_connections (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    merchant_id         uuid        NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    platform            text        NOT NULL CHECK (platform IN (
                            'meta', 'tiktok', 'ga4', 'google_ads', 'snapchat', 'pinterest',
                            'reddit', 'linkedin', 'x', 'microsoft', 'klaviyo', 'webhook')),
    name                text        NOT NULL,
    status              text        NOT NULL DEFAULT 'active'
                            CHECK (status IN ('active', 'paused', 'error')),
    credentials         bytea       NOT NULL,
    credentials_mask    jsonb       NOT NULL DEFAULT '{}',
    settings            jsonb       NOT NULL DEFAULT '{}',
    last_tested_at      timestamptz,
    last_test_result    jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX platform_connections_one_active
    ON platform_connections (merchant_id, platform) WHERE status = 'active';

CREATE TABLE routing_rules (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    merchant_id uuid        NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    enabled     boolean     NOT NULL DEFAULT true,
    -- {"event_names":[…],"sources":[…],"min_value":0,"countries":[…]}, every key optional
    conditions  jsonb       NOT NULL DEFAULT '{}',
    platforms   text[]      NOT NULL,
    position    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_merchant ON routing_rules (merchant_id);

-- Monthly event counts for plan limits; Stripe webhook deliveries already handled.
CREATE TABLE usage_periods (
    merchant_id  uuid   NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
    period_start date   NOT NULL,
    events       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant_id, period_start)
);

CREATE TABLE stripe_webhook_events (
    id           text PRIMARY KEY,
    type         text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
