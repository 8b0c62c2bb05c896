import { useCallback, useId, useMemo, useState, type FormEvent } from "react";
import { api } from "../api";
import { useAccount, type Account } from "../account";
import { Card, ErrorBox, Loading, PageHeader } from "../components/ui";
import { FieldMessage, FormError, fieldError } from "../components/SetupForms";
import { useAction } from "../hooks";
import { dateTime } from "../format";

type Editable = Pick<Account, "name" | "email" | "store_platform" | "store_url" | "timezone" | "consent_when_unstated">;
const FIELDS = ["name", "email", "store_platform", "store_url", "timezone", "consent_when_unstated"] as const;
const STORE_PLATFORMS = ["shopify", "woocommerce", "magento", "bigcommerce", "prestashop", "custom"];

/** The browser's IANA zones, with UTC (not always listed) and the stored one (maybe an alias). */
function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // an older browser: the select still offers UTC and the stored zone
  }
  return [...new Set(["UTC", current, ...zones])].filter(Boolean).sort((a, b) =>
    a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b),
  );
}

export default function AccountPage() {
  const account = useAccount();
  return (
    <>
      <PageHeader title="Account" />
      {account.error ? (
        <ErrorBox error={account.error} onRetry={account.reload} />
      ) : !account.data ? (
        <Loading />
      ) : (
        <AccountForm account={account.data} onSaved={account.reload} />
      )}
    </>
  );
}

function AccountForm({ account, onSaved }: { account: Account; onSaved: () => void }) {
  const uid = useId();
  const initial: Editable = useMemo(
    () => ({
      name: account.name ?? "",
      email: account.email ?? "",
      store_platform: account.store_platform ?? "",
      store_url: account.store_url ?? "",
      timezone: account.timezone || "UTC",
      consent_when_unstated: account.consent_when_unstated ?? "allow",
    }),
    [account],
  );
  const [form, setForm] = useState<Editable>(initial);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(initial.timezone), [initial.timezone]);
  const save = useAction(useCallback((body: Partial<Editable>) => api<Account>("/v1/account", { method: "PATCH", body }), []));
  const changed: Partial<Editable> = {};
  for (const f of FIELDS) if ((form[f] ?? "") !== (initial[f] ?? "")) Object.assign(changed, { [f]: form[f] ?? "" });
  const dirty = Object.keys(changed).length > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!dirty) return;
    const result = await save.run(changed);
    if (result) {
      setSaved(true);
      onSaved();
    }
  };
  const set = (f: keyof Editable) => (value: string) => {
    setSaved(false);
    setForm({ ...form, [f]: value });
  };
  const err = save.error;
  const text = (f: "name" | "email" | "store_url", label: string, type: string, extra: { help?: string; placeholder?: string } = {}) => {
    const id = `${uid}-${f}`;
    const message = fieldError(err, `$.${f}`);
    return (
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} type={type} value={form[f] ?? ""} onChange={(e) => set(f)(e.target.value)}
          placeholder={extra.placeholder} aria-invalid={!!message} aria-describedby={`${id}-help ${id}-err`}
          data-testid={`account-${f}`} />
        {extra.help && <p className="muted small" id={`${id}-help`}>{extra.help}</p>}
        <FieldMessage id={`${id}-err`} message={message} />
      </div>
    );
  };

  return (
    <>
      <Card title="Your account">
        <dl className="account-facts" data-testid="account-facts">
          <div><dt>Plan</dt><dd><span className="badge">{account.plan}</span></dd></div>
          <div>
            <dt>Status</dt>
            <dd><span className={`badge ${account.status === "active" ? "status-delivered" : "status-failed"}`}>{account.status}</span></dd>
          </div>
          <div><dt>Role</dt><dd>{account.role}</dd></div>
          <div><dt>Merchant ID</dt><dd><code>{account.merchant_id}</code></dd></div>
          {account.created_at && <div><dt>Created</dt><dd>{dateTime(account.created_at)}</dd></div>}
        </dl>
      </Card>
      <form onSubmit={submit} noValidate data-testid="account-form">
        <Card title="Store">
          <div className="account-grid">
            {text("name", "Business name", "text")}
            {text("email", "Contact email", "email", { help: "Where TrackLayer writes about billing and delivery problems." })}
            <div>
              <label htmlFor={`${uid}-store_platform`}>Store platform</label>
              <input id={`${uid}-store_platform`} list={`${uid}-store-platforms`} value={form.store_platform ?? ""}
                onChange={(e) => set("store_platform")(e.target.value)} aria-invalid={!!fieldError(err, "$.store_platform")}
                aria-describedby={`${uid}-store_platform-err`} data-testid="account-store_platform" />
              <datalist id={`${uid}-store-platforms`}>
                {STORE_PLATFORMS.map((p) => <option key={p} value={p} />)}
              </datalist>
              <FieldMessage id={`${uid}-store_platform-err`} message={fieldError(err, "$.store_platform")} />
            </div>
            {text("store_url", "Store URL", "url", { placeholder: "https://shop.example.com" })}
          </div>
        </Card>
        <Card title="Reporting and consent">
          <div className="account-grid">
            <div>
              <label htmlFor={`${uid}-tz`}>Time zone</label>
              <select id={`${uid}-tz`} value={form.timezone} onChange={(e) => set("timezone")(e.target.value)}
                aria-describedby={`${uid}-tz-help ${uid}-tz-err`} data-testid="account-timezone">
                {zones.map((z) => <option key={z} value={z}>{z.replaceAll("_", " ")}</option>)}
              </select>
              <p className="muted small" id={`${uid}-tz-help`}>Days in analytics (volume per day) start at midnight here.</p>
              <FieldMessage id={`${uid}-tz-err`} message={fieldError(err, "$.timezone")} />
            </div>
            <fieldset className="account-consent" aria-describedby={`${uid}-consent-help`}>
              <legend>Events that do not say whether the visitor consented to marketing</legend>
              <p className="muted small" id={`${uid}-consent-help`}>
                When an event has no <code>consent.marketing</code>: <strong>Allow</strong> sends it to ad platforms
                (consent was collected elsewhere or is not required where you sell); <strong>Deny</strong> skips it for
                ad platforms as <code>consent_denied</code>. Events that state consent are always followed, and
                webhooks follow their own setting.
              </p>
              {(["allow", "deny"] as const).map((v) => (
                <div key={v} className="account-radio">
                  <input type="radio" id={`${uid}-consent-${v}`} name="consent_when_unstated" value={v}
                    checked={form.consent_when_unstated === v} onChange={() => set("consent_when_unstated")(v)}
                    data-testid={`account-consent-${v}`} />
                  <label htmlFor={`${uid}-consent-${v}`}>
                    {v === "allow" ? "Allow: send to ad platforms" : "Deny: do not send to ad platforms"}
                  </label>
                </div>
              ))}
              <FieldMessage id={`${uid}-consent-err`} message={fieldError(err, "$.consent_when_unstated")} />
            </fieldset>
          </div>
        </Card>
        <FormError error={err} shown={FIELDS.map((f) => `$.${f}`)} />
        <div className="account-actions">
          <button type="submit" className="primary" disabled={!dirty || save.pending} data-testid="account-save">
            {save.pending ? "Saving…" : "Save changes"}
          </button>
          {dirty && (
            <button type="button" onClick={() => { setForm(initial); save.clearError(); }}>
              Discard
            </button>
          )}
          <span role="status" className="muted" data-testid="account-saved">{saved && !dirty ? "Saved." : ""}</span>
        </div>
      </form>
    </>
  );
}
