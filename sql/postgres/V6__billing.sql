-- Billing and plan quotas (issue 21).

-- plans mirrors the catalog file (deploy/billing/plans.yaml, TRACKLAYER_BILLING_PLANS_FILE): the
-- api-gateway writes it here at start, the ingest gateway reads allowances from here.
-- overage_cents_per_1000 NULL means a hard cap: past monthly_events the ingest gateway answers 429.
ALTER TABLE plans ADD COLUMN overage_cents_per_1000 integer CHECK (overage_cents_per_1000 >= 0);
ALTER TABLE plans ADD COLUMN position integer NOT NULL DEFAULT 0;
UPDATE plans SET position = 0 WHERE id = 'free';
UPDATE plans SET position = 1, overage_cents_per_1000 = 50 WHERE id = 'starter';
UPDATE plans SET position = 2, overage_cents_per_1000 = 30 WHERE id = 'growth';
UPDATE plans SET position = 3, overage_cents_per_1000 = 15 WHERE id = 'scale';

-- The Stripe subscription as its webhooks last described it. subscription_event_at is the
-- `created` (epoch seconds) of the Stripe event that set that state: an older event arriving late
-- changes nothing. payment_failed_at starts the grace period of an unpaid subscription.
ALTER TABLE merchants ADD COLUMN current_period_start timestamptz;
ALTER TABLE merchants ADD COLUMN payment_failed_at timestamptz;
ALTER TABLE merchants ADD COLUMN subscription_event_at bigint;
CREATE INDEX merchants_stripe_customer ON merchants (stripe_customer_id);

-- usage_periods (V1) holds the accepted events per (merchant, period): the ingest gateways add
-- their counts in batches; period_start is the UTC date the billing period starts on.
