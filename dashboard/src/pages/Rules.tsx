import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, type ApiError } from "../api";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { ConfirmButton, FieldMessage, FormError, fieldError } from "../components/SetupForms";
import { useAction, useApi } from "../hooks";
import { money, PLATFORMS, platformName } from "../format";
import { Link } from "../router";

// Rules as docs/contracts.md describes them: every condition given must match; an event goes to
// the union of the platforms of its enabled matching rules (with no enabled rule, to every
// active connection).
export interface Conditions {
  event_names?: string[];
  sources?: string[];
  min_value?: number | string;
  countries?: string[];
}

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  conditions: Conditions;
  require_consent: boolean;
  platforms: string[];
  created_at: string;
  updated_at: string;
}

type Field = keyof Conditions;
const FIELDS: { field: Field; label: string; operator: string; hint: string }[] = [
  { field: "event_names", label: "Event name", operator: "is one of", hint: "Comma-separated, e.g. purchase, add_to_cart" },
  { field: "sources", label: "Source", operator: "is one of", hint: "" },
  { field: "min_value", label: "Value", operator: "is at least", hint: "In the event's own currency" },
  { field: "countries", label: "Country", operator: "is one of", hint: "ISO codes, comma-separated, e.g. us, de" },
];
const SOURCES = ["server", "browser", "app", "offline", "replay"];

/** "purchase, add_to_cart" → ["purchase", "add_to_cart"]. */
function list(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

export function conditionsSummary(c: Conditions): string {
  const parts: string[] = [];
  if (c.event_names?.length) parts.push(`event is ${c.event_names.join(" or ")}`);
  if (c.sources?.length) parts.push(`source is ${c.sources.join(" or ")}`);
  if (c.min_value !== undefined && c.min_value !== null) parts.push(`value ≥ ${money(Number(c.min_value), null)}`);
  if (c.countries?.length) parts.push(`country is ${c.countries.map((x) => x.toUpperCase()).join(" or ")}`);
  return parts.length ? parts.join(" and ") : "every event";
}

export default function RulesPage() {
  const rules = useApi<{ items: Rule[] }>("/v1/rules");
  const connections = useApi<{ items: { platform: string }[] }>("/v1/platforms");
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const items = rules.data?.items ?? [];
  const connected = new Set((connections.data?.items ?? []).map((c) => c.platform));
  const enabled = items.filter((r) => r.enabled).length;
  return (
    <>
      <PageHeader title="Rules">
        {editing === null && (
          <button type="button" className="primary" onClick={() => setEditing("new")} data-testid="new-rule-button">
            New rule
          </button>
        )}
      </PageHeader>
      <p className="muted">
        A rule sends the events that match all its conditions to its platforms. With no enabled rule, every event goes
        to every active connection.
      </p>
      {editing !== null && (
        <RuleForm
          key={editing === "new" ? "new" : editing.id}
          rule={editing === "new" ? null : editing}
          connected={connected}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rules.reload();
          }}
        />
      )}
      {rules.error ? (
        <ErrorBox error={rules.error} onRetry={rules.reload} />
      ) : !rules.data ? (
        <Loading />
      ) : items.length === 0 ? (
        editing === null && (
          <Empty title="No rules: every event goes to every active connection">
            <p>
              Add a rule to send only some events to a platform, e.g. purchases over 50 to Google Ads.{" "}
              <button type="button" className="link-button" onClick={() => setEditing("new")}>
                Create a rule
              </button>
            </p>
          </Empty>
        )
      ) : (
        <Card title={`Rules (${enabled} of ${items.length} enabled)`}>
          {enabled === 0 && (
            <p className="banner warn">No rule is enabled, so every event goes to every active connection.</p>
          )}
          <div className="table-scroll">
            <table className="data" data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">Enabled</th>
                  <th scope="col">Name</th>
                  <th scope="col">Conditions</th>
                  <th scope="col">Platforms</th>
                  <th scope="col">Consent</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <RuleRow key={r.id} r={r} connected={connected} onEdit={() => setEditing(r)} onChanged={rules.reload} />
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}

function RuleRow({ r, connected, onEdit, onChanged }: {
  r: Rule;
  connected: Set<string>;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const [enabled, setEnabled] = useState(r.enabled);
  useEffect(() => setEnabled(r.enabled), [r.enabled]);
  const toggle = useAction(
    useCallback(
      (value: boolean) => api<Rule>(`/v1/rules/${encodeURIComponent(r.id)}`, { method: "PATCH", body: { enabled: value } }),
      [r.id],
    ),
  );
  const remove = useAction(useCallback(() => api(`/v1/rules/${encodeURIComponent(r.id)}`, { method: "DELETE" }), [r.id]));
  return (
    <tr data-testid="rule-row">
      <td>
        <button type="button" role="switch" aria-checked={enabled} aria-label={`Enabled: ${r.name}`}
          className={`rules-switch ${enabled ? "on" : ""}`} disabled={toggle.pending} data-testid="rule-toggle"
          onClick={async () => {
            const next = !enabled;
            setEnabled(next);
            const saved = await toggle.run(next);
            if (!saved) setEnabled(!next);
            else onChanged();
          }}>
          <span aria-hidden="true" className="rules-knob" />
          <span>{enabled ? "On" : "Off"}</span>
        </button>
        {toggle.error && <div className="field-error" role="alert">{toggle.error.message}</div>}
      </td>
      <td><strong>{r.name}</strong></td>
      <td>{conditionsSummary(r.conditions ?? {})}</td>
      <td>
        {r.platforms.map((p) => (
          <span key={p} className={`badge ${connected.has(p) ? "" : "rules-unconnected"}`}
            title={connected.has(p) ? undefined : "Not connected: nothing is sent there"}>
            {platformName(p)}{connected.has(p) ? "" : " (not connected)"}
          </span>
        ))}
      </td>
      <td>{r.require_consent ? "Consent required" : <span className="muted">Not required</span>}</td>
      <td>
        <div className="rules-actions">
        <button type="button" onClick={onEdit} data-testid="edit-rule-button">Edit</button>
        <ConfirmButton label="Delete" question={`Delete ${r.name}?`} confirmLabel="Delete" pending={remove.pending}
          testId="delete-rule-button"
          onConfirm={async () => { if ((await remove.run()) !== undefined) onChanged(); }} />
        </div>
        {remove.error && <span className="field-error" role="alert">{remove.error.message}</span>}
      </td>
    </tr>
  );
}

interface Row {
  id: number;
  field: Field;
  value: string;
}

function rowsOf(c: Conditions | undefined): Row[] {
  const rows: Row[] = [];
  let id = 1;
  if (!c) return rows;
  for (const { field } of FIELDS) {
    const v = c[field];
    if (v === undefined || v === null) continue;
    rows.push({ id: id++, field, value: Array.isArray(v) ? v.join(", ") : String(v) });
  }
  return rows;
}

function RuleForm({ rule, connected, onCancel, onSaved }: {
  rule: Rule | null;
  connected: Set<string>;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const uid = useId();
  const [name, setName] = useState(rule?.name ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [requireConsent, setRequireConsent] = useState(rule?.require_consent ?? false);
  const [platforms, setPlatforms] = useState<string[]>(rule?.platforms ?? []);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(rule?.conditions));
  const nextId = useRef(rows.length + 1);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const save = useAction(
    useCallback(
      (body: unknown) =>
        rule
          ? api<Rule>(`/v1/rules/${encodeURIComponent(rule.id)}`, { method: "PATCH", body })
          : api<Rule>("/v1/rules", { method: "POST", body }),
      [rule],
    ),
  );
  const used = new Set(rows.map((r) => r.field));
  const free = FIELDS.filter((f) => !used.has(f.field));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const conditions: Conditions = {};
    for (const row of rows) {
      if (row.field === "min_value") {
        const text = row.value.trim();
        const n = Number(text);
        // A number where it is one; otherwise the text, for the API to name what is wrong.
        if (text !== "") conditions.min_value = Number.isFinite(n) ? n : text;
      } else {
        conditions[row.field] = list(row.value);
      }
    }
    const body = { name: name.trim(), enabled, conditions, require_consent: requireConsent, platforms };
    if (await save.run(body)) onSaved();
  };
  const err = save.error as ApiError | null;
  const shown = ["$.name", "$.platforms", ...rows.map((r) => `$.conditions.${r.field}`)];

  return (
    <Card title={rule ? `Edit ${rule.name}` : "New rule"}>
      <form onSubmit={submit} noValidate data-testid="rule-form" onKeyDown={(e) => { if (e.key === "Escape") onCancel(); }}>
        <label htmlFor={`${uid}-name`}>Name</label>
        <input id={`${uid}-name`} ref={nameInput} value={name} onChange={(e) => setName(e.target.value)} maxLength={100}
          required aria-invalid={!!fieldError(err, "$.name")} aria-describedby={`${uid}-name-err`} data-testid="rule-name" />
        <FieldMessage id={`${uid}-name-err`} message={fieldError(err, "$.name")} />

        <fieldset className="rules-conditions">
          <legend>Conditions: an event must match all of them</legend>
          {rows.length === 0 && <p className="muted">No condition: the rule matches every event.</p>}
          {rows.map((row) => {
            const meta = FIELDS.find((f) => f.field === row.field)!;
            const id = `${uid}-c${row.id}`;
            const message = fieldError(err, `$.conditions.${row.field}`);
            const update = (patch: Partial<Row>) => setRows(rows.map((r) => (r.id === row.id ? { ...r, ...patch } : r)));
            return (
              <div key={row.id} className="rules-condition" data-testid="condition-row">
                <div>
                  <label htmlFor={`${id}-field`}>Field</label>
                  <select id={`${id}-field`} value={row.field}
                    onChange={(e) => update({ field: e.target.value as Field, value: "" })}>
                    {FIELDS.filter((f) => f.field === row.field || !used.has(f.field)).map((f) => (
                      <option key={f.field} value={f.field}>{f.label}</option>
                    ))}
                  </select>
                </div>
                <div className="rules-operator" aria-hidden="true">{meta.operator}</div>
                <div className="rules-value">
                  {row.field !== "sources" && (
                    <label htmlFor={`${id}-value`}>
                      {meta.label} {meta.operator}
                    </label>
                  )}
                  {row.field === "sources" ? (
                    <fieldset className="rules-sources">
                      <legend>{meta.label} {meta.operator}</legend>
                      {SOURCES.map((s) => {
                        const chosen = list(row.value).includes(s);
                        return (
                          <span key={s} className="rules-check">
                            <input type="checkbox" id={`${id}-${s}`} checked={chosen}
                              onChange={() => update({
                                value: (chosen ? list(row.value).filter((x) => x !== s) : [...list(row.value), s]).join(", "),
                              })} />
                            <label htmlFor={`${id}-${s}`}>{s}</label>
                          </span>
                        );
                      })}
                    </fieldset>
                  ) : (
                    <input id={`${id}-value`} value={row.value} inputMode={row.field === "min_value" ? "decimal" : undefined}
                      type={row.field === "min_value" ? "number" : "text"} min={row.field === "min_value" ? 0 : undefined}
                      step="any" onChange={(e) => update({ value: e.target.value })} aria-invalid={!!message}
                      aria-describedby={`${id}-hint ${id}-err`} data-testid={`condition-${row.field}`} />
                  )}
                  {meta.hint && <p className="muted small" id={`${id}-hint`}>{meta.hint}</p>}
                  <FieldMessage id={`${id}-err`} message={message} />
                </div>
                <button type="button" className="link-button" onClick={() => setRows(rows.filter((r) => r.id !== row.id))}
                  aria-label={`Remove the ${meta.label.toLowerCase()} condition`}>
                  Remove
                </button>
              </div>
            );
          })}
          {free.length > 0 && (
            <button type="button" data-testid="add-condition"
              onClick={() => setRows([...rows, { id: nextId.current++, field: free[0].field, value: "" }])}>
              Add a condition
            </button>
          )}
        </fieldset>

        <fieldset className="rules-platforms" aria-describedby={`${uid}-platforms-err`}>
          <legend>Send matching events to</legend>
          <div className="rules-platform-grid">
            {PLATFORMS.map((p) => (
              <span key={p} className="rules-check">
                <input type="checkbox" id={`${uid}-p-${p}`} checked={platforms.includes(p)} data-testid={`rule-platform-${p}`}
                  onChange={(e) => setPlatforms(e.target.checked ? [...platforms, p] : platforms.filter((x) => x !== p))} />
                <label htmlFor={`${uid}-p-${p}`}>
                  {platformName(p)}
                  {!connected.has(p) && <span className="muted"> (not connected)</span>}
                </label>
              </span>
            ))}
          </div>
          <FieldMessage id={`${uid}-platforms-err`} message={fieldError(err, "$.platforms")} />
          {connected.size === 0 && (
            <p className="muted small">
              No platform is connected yet: <Link to="/platforms">connect one</Link> for the rule to send anything.
            </p>
          )}
        </fieldset>

        <div className="rules-check">
          <input type="checkbox" id={`${uid}-consent`} checked={requireConsent} onChange={(e) => setRequireConsent(e.target.checked)}
            aria-describedby={`${uid}-consent-help`} data-testid="rule-require-consent" />
          <label htmlFor={`${uid}-consent`}>Require marketing consent</label>
        </div>
        <p className="muted small" id={`${uid}-consent-help`}>
          Match only events whose <code>consent.marketing</code> is true, whatever the account's default for events
          that do not say.
        </p>
        <div className="rules-check">
          <input type="checkbox" id={`${uid}-enabled`} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={`${uid}-enabled`}>Enabled</label>
        </div>

        <FormError error={err} shown={shown} />
        <div className="rules-form-actions">
          <button type="submit" className="primary" disabled={save.pending} data-testid="save-rule-button">
            {save.pending ? "Saving…" : rule ? "Save rule" : "Create rule"}
          </button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}
