import { useCallback, useEffect } from "react";
import { api, type ApiError } from "../api";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { useApi, useAction } from "../hooks";
import { count, dateTime, money } from "../format";
import { setQuery, useLocation } from "../router";

// GET /v1/billing/plans and /usage, and the two Stripe pages (Checkout, the customer portal),
// which the browser is sent to with window.location.assign (docs/api.md "Billing").

export interface Plan {
  id: string;
  name: string;
  monthly_price_cents: number;
  included_events: number;
  overage_cents_per_1000: number | null;
  hard_cap: boolean;
}

export interface PlanList {
  currency: string;
  items: Plan[];
}

export interface Usage {
  plan: Plan;
  subscribed_plan: string;
  period: { start: string; end: string; source: "subscription" | "calendar_month" };
  events: number;
  allowance: number;
  percent_used: number;
  projected_events: number;
  overage_events: number;
  overage_cents: number;
  hard_cap: boolean;
  subscription: {
    status: string | null;
    current_period_start: string | null;
    current_period_end: string | null;
    payment_failed_at: string | null;
    grace_ends_at: string | null;
    has_customer: boolean;
  };
}

/** Statuses whose subscription is still Stripe's to change: a second Checkout would bill twice. */
const LIVE_STATUSES = ["active", "trialing", "past_due", "unpaid", "incomplete"];

export default function BillingPage() {
  const plans = useApi<PlanList>("/v1/billing/plans");
  const usage = useApi<Usage>("/v1/billing/usage");
  const { query } = useLocation();
  const checkout = query.get("checkout");

  // Stripe's webhook may land a moment after the merchant is sent back: read usage again shortly.
  const reloadUsage = usage.reload;
  useEffect(() => {
    if (checkout !== "success") return;
    const timer = window.setTimeout(reloadUsage, 4000);
    return () => window.clearTimeout(timer);
  }, [checkout, reloadUsage]);

  const toStripe = useCallback(async (request: { plan: string } | null) => {
    const { url } = request
      ? await api<{ url: string }>("/v1/billing/checkout", { method: "POST", body: request })
      : await api<{ url: string }>("/v1/billing/portal", { method: "POST" });
    window.location.assign(url);
    return url;
  }, []);
  const redirect = useAction(toStripe);

  const currency = plans.data?.currency ?? "usd";
  const u = usage.data;
  const live = u ? LIVE_STATUSES.includes(u.subscription.status ?? "") : false;

  return (
    <>
      <PageHeader title="Billing">
        <button type="button" data-testid="portal-button" disabled={redirect.pending}
          onClick={() => redirect.run(null)}>
          Manage billing
        </button>
      </PageHeader>
      {(checkout === "success" || checkout === "cancel") && (
        <CheckoutNotice outcome={checkout} onRefresh={usage.reload} />
      )}
      {redirect.error && <RedirectError error={redirect.error} onDismiss={redirect.clearError} />}
      {redirect.pending && <Loading label="Opening Stripe…" />}

      {usage.error ? (
        <ErrorBox error={usage.error} onRetry={usage.reload} />
      ) : !u ? (
        <Loading />
      ) : (
        <>
          <SubscriptionBanner u={u} />
          <UsageCard u={u} currency={currency} />
        </>
      )}

      <Card title="Plans">
        {plans.error ? (
          <ErrorBox error={plans.error} onRetry={plans.reload} />
        ) : !plans.data ? (
          <Loading />
        ) : plans.data.items.length === 0 ? (
          <Empty title="No plans in the catalog">
            <p>The operator lists them in <code>deploy/billing/plans.yaml</code>.</p>
          </Empty>
        ) : (
          <>
            {live && (
              <p className="muted">
                You have a subscription: plan changes are made in <strong>Manage billing</strong>, so it is changed
                rather than a second one started.
              </p>
            )}
            <ul className="billing-plans" data-testid="plans">
              {plans.data.items.map((p) => (
                <PlanCard key={p.id} plan={p} currency={currency} current={u?.subscribed_plan ?? null}
                  currentPrice={plans.data!.items.find((c) => c.id === u?.subscribed_plan)?.monthly_price_cents ?? 0}
                  live={live} pending={redirect.pending}
                  onChoose={() => redirect.run(live ? null : { plan: p.id })} />
              ))}
            </ul>
          </>
        )}
      </Card>
    </>
  );
}

function CheckoutNotice({ outcome, onRefresh }: { outcome: "success" | "cancel"; onRefresh: () => void }) {
  return (
    <div className={`banner ${outcome === "success" ? "ok" : "info"}`} role="status" data-testid="checkout-notice">
      {outcome === "success" ? (
        <>
          <strong>Thank you: your subscription is being set up.</strong> Stripe confirms it to TrackLayer within a few
          seconds; the plan below changes when it does.{" "}
          <button type="button" className="link-button" onClick={onRefresh}>Refresh</button>
        </>
      ) : (
        <><strong>Checkout cancelled.</strong> Nothing was charged and your plan is unchanged.</>
      )}{" "}
      <button type="button" className="link-button" onClick={() => setQuery("checkout", null)}>Dismiss</button>
    </div>
  );
}

/** The two refusals a merchant can act on get a sentence; anything else is a real error. */
function RedirectError({ error, onDismiss }: { error: ApiError; onDismiss: () => void }) {
  if (error.code === "billing_not_configured") {
    return (
      <div className="banner info" role="status" data-testid="billing-not-configured">
        <strong>Billing is not configured on this server.</strong> Plans and usage are shown, but subscribing and the
        billing portal need the server's Stripe keys; ask its operator.{" "}
        <button type="button" className="link-button" onClick={onDismiss}>Dismiss</button>
      </div>
    );
  }
  if (error.code === "no_billing_account") {
    return (
      <div className="banner info" role="status" data-testid="no-billing-account">
        <strong>Subscribe first.</strong> The billing portal (invoices, payment method, cancellation) opens once you
        have a paid plan: choose one below.{" "}
        <button type="button" className="link-button" onClick={onDismiss}>Dismiss</button>
      </div>
    );
  }
  return <ErrorBox error={error} onRetry={onDismiss} />;
}

function SubscriptionBanner({ u }: { u: Usage }) {
  const s = u.subscription;
  if (u.plan.id !== u.subscribed_plan) {
    return (
      <div className="banner bad" role="alert" data-testid="payment-banner">
        <strong>Your {u.subscribed_plan} subscription is {s.status ?? "not active"}:</strong> the {u.plan.name} plan's
        allowance ({count(u.allowance)} events{u.hard_cap ? ", then refused" : ""}) applies until it is paid or you
        subscribe again. {s.has_customer && "Update the payment method in Manage billing."}
      </div>
    );
  }
  if (s.payment_failed_at) {
    return (
      <div className="banner warn" role="alert" data-testid="payment-banner">
        <strong>A payment failed on {dateTime(s.payment_failed_at)}.</strong> Your plan keeps working during the grace
        period, until <strong>{dateTime(s.grace_ends_at)}</strong>; after that the Free plan's allowance applies.
        Update the payment method in Manage billing.
      </div>
    );
  }
  return null;
}

function UsageCard({ u, currency }: { u: Usage; currency: string }) {
  const overAllowance = u.events >= u.allowance && u.allowance > 0;
  const projectedOver = u.projected_events > u.allowance;
  return (
    <Card title="This billing period" className="billing-usage">
      <div data-testid="usage">
        <p className="billing-period" data-testid="period">
          {periodLabel(u.period.start, u.period.end)}{" "}
          <span className="muted">
            ({u.period.source === "subscription" ? "your subscription's period" : "calendar month, UTC"}; resets{" "}
            {dateTime(u.period.end)})
          </span>
        </p>
        <p className="billing-figures">
          <span className="kpi-value" data-testid="usage-events">{count(u.events)}</span>{" "}
          of {count(u.allowance)} events on the <strong>{u.plan.name}</strong> plan
          <span className="muted"> · {u.percent_used.toFixed(u.percent_used < 10 ? 2 : 1)} % used</span>
        </p>
        <UsageBar u={u} />
        <ul className="billing-facts">
          <li>
            Projected by the period's end: <strong data-testid="usage-projected">{count(u.projected_events)}</strong>{" "}
            events{projectedOver && !overAllowance && (u.hard_cap
              ? <>: at this rate the cap is reached around <strong>{crossing(u)}</strong></>
              : <>, past the allowance around <strong>{crossing(u)}</strong></>)}.
          </li>
          {u.hard_cap ? (
            <li>
              Hard cap: events past {count(u.allowance)} are refused (HTTP 429 <code>quota_exceeded</code>) until the
              period resets or you upgrade.
            </li>
          ) : (
            <li>
              Past the allowance, each started 1,000 events costs{" "}
              {money((u.plan.overage_cents_per_1000 ?? 0) / 100, currency.toUpperCase())}.
            </li>
          )}
          {u.overage_events > 0 && (
            <li data-testid="overage">
              Overage so far: <strong>{count(u.overage_events)}</strong> events,{" "}
              <strong>{money(u.overage_cents / 100, currency.toUpperCase())}</strong>.
            </li>
          )}
        </ul>
        {u.hard_cap && overAllowance && (
          <div className="banner bad" role="alert" data-testid="cap-reached">
            <strong>Allowance reached:</strong> new events are refused until {dateTime(u.period.end)}. Upgrade below to
            keep tracking.
          </div>
        )}
      </div>
      <SubscriptionFacts u={u} />
    </Card>
  );
}

/**
 * Events used against the allowance, on one scale with the projection: the solid part is used,
 * the hatched part what the rest of the period adds at the rate so far, the line the allowance.
 */
function UsageBar({ u }: { u: Usage }) {
  const scale = Math.max(u.allowance, u.projected_events, u.events, 1);
  const pct = (n: number) => `${Math.min(100, (n / scale) * 100)}%`;
  const within = Math.min(u.events, u.allowance);
  const label = `${count(u.events)} events used of ${count(u.allowance)}; projected ${count(u.projected_events)} by the period's end`;
  return (
    <div className="usage-bar" role="img" aria-label={label} data-testid="usage-bar">
      <div className="usage-bar-track">
        <div className="usage-bar-projected" style={{ left: pct(u.events), width: pct(Math.max(0, u.projected_events - u.events)) }} />
        <div className="usage-bar-used" style={{ width: pct(within) }} />
        {u.events > u.allowance && (
          <div className="usage-bar-over" style={{ left: pct(u.allowance), width: pct(u.events - u.allowance) }} />
        )}
        <div className="usage-bar-allowance" style={{ left: pct(u.allowance) }} />
      </div>
      <div className="usage-bar-legend" aria-hidden="true">
        <span><i className="swatch used" /> used</span>
        {u.events > u.allowance && <span><i className="swatch over" /> over the allowance</span>}
        <span><i className="swatch projected" /> projected</span>
        <span><i className="swatch allowance" /> allowance {count(u.allowance)}</span>
      </div>
    </div>
  );
}

function SubscriptionFacts({ u }: { u: Usage }) {
  const s = u.subscription;
  return (
    <dl className="billing-subscription" data-testid="subscription">
      <div>
        <dt>Subscription</dt>
        <dd>
          {s.status ? <span className={`badge status-${s.status}`}>{s.status.replace(/_/g, " ")}</span>
            : <span className="muted">none (free plan)</span>}
        </dd>
      </div>
      {s.current_period_end && (
        <div>
          <dt>Current period</dt>
          <dd>{dateTime(s.current_period_start)} – {dateTime(s.current_period_end)}</dd>
        </div>
      )}
      {s.payment_failed_at && (
        <div>
          <dt>Payment failed</dt>
          <dd>{dateTime(s.payment_failed_at)}; grace period until {dateTime(s.grace_ends_at)}</dd>
        </div>
      )}
    </dl>
  );
}

function PlanCard({ plan, currency, current, currentPrice, live, pending, onChoose }: {
  plan: Plan;
  currency: string;
  current: string | null;
  currentPrice: number;
  live: boolean;
  pending: boolean;
  onChoose: () => void;
}) {
  const isCurrent = plan.id === current;
  const cur = currency.toUpperCase();
  const verb = plan.monthly_price_cents > currentPrice ? "Upgrade to" : "Switch to";
  return (
    <li className={`card billing-plan ${isCurrent ? "current" : ""}`} data-testid="plan-card" data-plan={plan.id}
      aria-current={isCurrent ? "true" : undefined}>
      <h3>
        {plan.name} {isCurrent && <span className="badge current-badge" data-testid="current-plan">Current plan</span>}
      </h3>
      <p className="billing-price">
        {plan.monthly_price_cents === 0 ? "Free" : money(plan.monthly_price_cents / 100, cur)}
        {plan.monthly_price_cents > 0 && <span className="muted"> / month</span>}
      </p>
      <ul>
        <li>{count(plan.included_events)} events included</li>
        <li>
          {plan.overage_cents_per_1000 === null
            ? "Hard cap: events past it are refused"
            : `then ${money(plan.overage_cents_per_1000 / 100, cur)} per 1,000 events`}
        </li>
      </ul>
      {/* The free plan is not sold: leaving a paid one is a cancellation, in Manage billing. */}
      {!isCurrent && plan.monthly_price_cents > 0 && (
        <button type="button" className={verb === "Upgrade to" ? "primary" : ""} data-testid="upgrade-button"
          disabled={pending} onClick={onChoose}>
          {live ? `Change to ${plan.name}` : `${verb} ${plan.name}`}
        </button>
      )}
    </li>
  );
}

/** The period's days, its exclusive end shown as the last day it covers. */
function periodLabel(start: string, end: string): string {
  const fmt = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${fmt(new Date(start))} – ${fmt(new Date(new Date(end).getTime() - 1))}`;
}

/** When the linear projection passes the allowance: the period's start plus that share of its length. */
function crossing(u: Usage): string {
  const start = new Date(u.period.start).getTime();
  const length = new Date(u.period.end).getTime() - start;
  const at = new Date(start + (u.allowance / u.projected_events) * length);
  return at.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}
