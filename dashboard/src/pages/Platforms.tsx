import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { api, type ApiError } from "../api";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { ConfirmButton, FieldMessage, FormError, fieldError } from "../components/SetupForms";
import { useAction, useApi } from "../hooks";
import { count, dateTime, platformName, relative } from "../format";

// GET /v1/platforms/catalog: each platform's credential fields and settings, from the adapters,
// so this form never lists a field the API would refuse.
export interface CredentialField {
  field: string;
  label: string;
  secret: boolean;
  help: string;
}
export interface PlatformSetting {
  key: string;
  type: "string" | "boolean";
  per_event: boolean;
  default: string | null;
  label: string;
  help: string;
}
export interface CatalogEntry {
  platform: string;
  name: string;
  credentials: CredentialField[];
  settings: PlatformSetting[];
  docs_url?: string;
}

export interface TestResult {
  ok: boolean;
  platform: string;
  outcome: string;
  http_status: number | null;
  message: string | null;
  test_mode: boolean;
  event_id?: string;
  tested_at: string;
}

export interface Connection {
  id: string;
  platform: string;
  name: string;
  status: string;
  credentials: Record<string, string>;
  settings: Record<string, string>;
  last_tested_at: string | null;
  last_test_result: TestResult | null;
  created_at: string;
  delivery_paused_since: string | null;
  backlog: number;
  last_delivery_error: string | null;
  next_attempt_at: string | null;
}

export default function PlatformsPage() {
  const connections = useApi<{ items: Connection[] }>("/v1/platforms");
  const catalog = useApi<{ items: CatalogEntry[] }>("/v1/platforms/catalog");
  const [connecting, setConnecting] = useState(false);
  const items = connections.data?.items ?? [];
  const connected = new Set(items.map((c) => c.platform));
  return (
    <>
      <PageHeader title="Platforms">
        {!connecting && (
          <button type="button" className="primary" onClick={() => setConnecting(true)} data-testid="connect-button">
            Connect a platform
          </button>
        )}
      </PageHeader>
      {connecting &&
        (catalog.error ? (
          <ErrorBox error={catalog.error} onRetry={catalog.reload} />
        ) : !catalog.data ? (
          <Loading label="Loading the platform catalog…" />
        ) : (
          <ConnectForm
            catalog={catalog.data.items}
            connected={connected}
            onCancel={() => setConnecting(false)}
            onConnected={() => {
              setConnecting(false);
              connections.reload();
            }}
          />
        ))}
      {connections.error ? (
        <ErrorBox error={connections.error} onRetry={connections.reload} />
      ) : !connections.data ? (
        <Loading />
      ) : items.length === 0 ? (
        !connecting && (
          <Empty title="No platform connected yet">
            <p>
              Events are accepted but go nowhere until you connect an ad platform or a webhook.{" "}
              <button type="button" className="link-button" onClick={() => setConnecting(true)}>
                Connect one now
              </button>
            </p>
          </Empty>
        )
      ) : (
        <Card title={`Connections (${items.length})`}>
          <div className="table-scroll">
            <table className="data" data-testid="platforms-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Platform</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">Backlog</th>
                  <th scope="col">Last delivery error</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">Last test</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <ConnectionRow key={c.id} c={c} onChanged={connections.reload} />
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}

/** active, paused (the circuit breaker holds deliveries back) or auth_error, in words as well. */
function HealthBadge({ c }: { c: Connection }) {
  if (c.status === "auth_error") {
    return <span className="badge status-auth_error" data-testid="platform-status">Auth error</span>;
  }
  if (c.delivery_paused_since) {
    return (
      <span className="badge status-paused" data-testid="platform-status"
        title={`The circuit breaker has held deliveries back since ${dateTime(c.delivery_paused_since)}; it probes the platform and resumes on its own`}>
        Paused since {relative(c.delivery_paused_since)}
      </span>
    );
  }
  return (
    <span className={`badge ${c.status === "active" ? "status-delivered" : ""}`} data-testid="platform-status">
      {c.status === "active" ? "Active" : c.status}
    </span>
  );
}

function ConnectionRow({ c, onChanged }: { c: Connection; onChanged: () => void }) {
  const [result, setResult] = useState<TestResult | null>(null);
  const test = useAction(
    useCallback(() => api<TestResult>(`/v1/platforms/${encodeURIComponent(c.id)}/test`, { method: "POST" }), [c.id]),
  );
  const remove = useAction(
    useCallback(() => api(`/v1/platforms/${encodeURIComponent(c.id)}`, { method: "DELETE" }), [c.id]),
  );
  const shown = result ?? c.last_test_result;
  return (
    <tr data-testid="platform-row" data-platform={c.platform}>
      <td>
        <strong>{c.name}</strong>
      </td>
      <td>{platformName(c.platform)}</td>
      <td>
        <HealthBadge c={c} />
        {c.status === "auth_error" && (
          <div className="muted small">The platform refuses these credentials: reconnect with new ones.</div>
        )}
      </td>
      <td className="num">{count(c.backlog)}</td>
      <td className="platforms-error">{c.last_delivery_error ?? "—"}</td>
      <td>{c.next_attempt_at ? <span title={dateTime(c.next_attempt_at)}>{relative(c.next_attempt_at)}</span> : "—"}</td>
      <td data-testid="test-result" aria-live="polite">
        {test.pending ? (
          <Loading label="Testing…" />
        ) : test.error ? (
          <span className="field-error">{test.error.message}</span>
        ) : shown ? (
          <TestSummary r={shown} />
        ) : (
          <span className="muted">Never tested</span>
        )}
      </td>
      <td>
        <div className="platforms-actions">
        <button type="button" data-testid="test-button" disabled={test.pending}
          onClick={async () => {
            const r = await test.run();
            if (r) setResult(r);
          }}>
          Test
        </button>
        <ConfirmButton
          label="Disconnect"
          question={`Disconnect ${c.name}? Events stop going to it.`}
          confirmLabel="Disconnect"
          pending={remove.pending}
          testId="disconnect-button"
          onConfirm={async () => {
            if ((await remove.run()) !== undefined) onChanged();
          }}
        />
        </div>
        {remove.error && <span className="field-error" role="alert">{remove.error.message}</span>}
      </td>
    </tr>
  );
}

function TestSummary({ r }: { r: TestResult }) {
  return (
    <div>
      <span className={`badge status-${r.outcome.toLowerCase()}`}>{r.outcome}</span>{" "}
      {r.http_status !== null && <span className="muted">HTTP {r.http_status}</span>}{" "}
      <span className="muted" title={r.test_mode ? "The platform's test mode: nothing recorded" : "Sent as a real event"}>
        {r.test_mode ? "test mode" : "live"}
      </span>
      {r.message && <div className="platforms-error">{r.message}</div>}
      <div className="muted small">{relative(r.tested_at)}</div>
    </div>
  );
}

interface PerEventRow {
  id: number;
  key: string;
  event: string;
  value: string;
}

function ConnectForm({
  catalog,
  connected,
  onCancel,
  onConnected,
}: {
  catalog: CatalogEntry[];
  connected: Set<string>;
  onCancel: () => void;
  onConnected: () => void;
}) {
  const uid = useId();
  const firstFree = catalog.find((e) => !connected.has(e.platform))?.platform ?? "";
  const [platform, setPlatform] = useState(firstFree);
  const [name, setName] = useState("");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [settings, setSettings] = useState<Record<string, string>>({});
  const [perEvent, setPerEvent] = useState<PerEventRow[]>([]);
  const nextRow = useRef(1);
  const picker = useRef<HTMLSelectElement>(null);
  const entry = useMemo(() => catalog.find((e) => e.platform === platform), [catalog, platform]);
  const create = useAction(
    useCallback((body: unknown) => api<Connection>("/v1/platforms", { method: "POST", body }), []),
  );
  useEffect(() => picker.current?.focus(), []);

  const choose = (p: string) => {
    setPlatform(p);
    setCredentials({});
    setSettings({});
    setPerEvent([]);
    create.clearError();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!entry) return;
    const sent: Record<string, string> = {};
    for (const [k, v] of Object.entries(settings)) if (v !== "") sent[k] = v;
    for (const row of perEvent) if (row.event.trim() && row.value.trim()) sent[`${row.key}.${row.event.trim()}`] = row.value;
    const body: Record<string, unknown> = { platform, credentials, settings: sent };
    body.name = name.trim() || entry.name;
    const created = await create.run(body);
    if (created) onConnected();
  };

  const plain = entry?.settings.filter((s) => !s.per_event) ?? [];
  const eventSettings = entry?.settings.filter((s) => s.per_event) ?? [];
  const shownPaths = [
    "$.name",
    ...(entry?.credentials.map((c) => `$.credentials.${c.field}`) ?? []),
    ...plain.map((s) => `$.settings.${s.key}`),
  ];
  const err = create.error;

  return (
    <Card title="Connect a platform" className="platforms-connect">
      <form onSubmit={submit} data-testid="connect-form" noValidate
        onKeyDown={(e) => { if (e.key === "Escape") onCancel(); }}>
        <label htmlFor={`${uid}-platform`}>Platform</label>
        <select id={`${uid}-platform`} ref={picker} value={platform} onChange={(e) => choose(e.target.value)}
          data-testid="platform-picker">
          {catalog.map((e) => (
            <option key={e.platform} value={e.platform} disabled={connected.has(e.platform)}>
              {e.name}
              {connected.has(e.platform) ? " (connected)" : ""}
            </option>
          ))}
        </select>
        {!entry ? (
          <p className="muted">Every platform is connected already. Disconnect one to connect it again.</p>
        ) : (
          <>
            {entry.docs_url && (
              <p className="muted small">
                Where to find these:{" "}
                <a href={entry.docs_url} target="_blank" rel="noreferrer noopener">
                  {entry.name} documentation
                </a>
              </p>
            )}
            <div className="platforms-fields">
              <div>
                <label htmlFor={`${uid}-name`}>Connection name (optional)</label>
                <input id={`${uid}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder={entry.name}
                  maxLength={100} aria-describedby={`${uid}-name-err`} aria-invalid={!!fieldError(err, "$.name")} />
                <FieldMessage id={`${uid}-name-err`} message={fieldError(err, "$.name")} />
              </div>
              {entry.credentials.map((c) => {
                const id = `${uid}-cred-${c.field}`;
                const message = fieldError(err, `$.credentials.${c.field}`);
                return (
                  <div key={c.field}>
                    <label htmlFor={id}>{c.label}</label>
                    <input
                      id={id}
                      name={c.field}
                      type={c.secret ? "password" : "text"}
                      autoComplete={c.secret ? "new-password" : "off"}
                      spellCheck={false}
                      required
                      value={credentials[c.field] ?? ""}
                      onChange={(e) => setCredentials({ ...credentials, [c.field]: e.target.value })}
                      aria-describedby={`${id}-help ${id}-err`}
                      aria-invalid={!!message}
                      data-testid={`credential-${c.field}`}
                    />
                    <p className="muted small" id={`${id}-help`}>{c.help}</p>
                    <FieldMessage id={`${id}-err`} message={message} />
                  </div>
                );
              })}
            </div>
            {plain.length > 0 && (
              <fieldset className="platforms-settings">
                <legend>Settings (optional)</legend>
                {plain.map((s) => {
                  const id = `${uid}-set-${s.key}`;
                  const message = fieldError(err, `$.settings.${s.key}`);
                  return s.type === "boolean" ? (
                    <div key={s.key} className="platforms-check">
                      <input id={id} type="checkbox" checked={settings[s.key] === "true"}
                        onChange={(e) => setSettings({ ...settings, [s.key]: e.target.checked ? "true" : "" })}
                        aria-describedby={`${id}-help ${id}-err`} data-testid={`setting-${s.key}`} />
                      <label htmlFor={id}>{s.label}</label>
                      <p className="muted small" id={`${id}-help`}>
                        {s.help}
                        {s.default !== null && ` (default: ${s.default === "false" ? "off" : s.default})`}
                      </p>
                      <FieldMessage id={`${id}-err`} message={message} />
                    </div>
                  ) : (
                    <div key={s.key}>
                      <label htmlFor={id}>{s.label}</label>
                      <input id={id} value={settings[s.key] ?? ""} placeholder={s.default ?? ""}
                        onChange={(e) => setSettings({ ...settings, [s.key]: e.target.value })}
                        aria-describedby={`${id}-help ${id}-err`} data-testid={`setting-${s.key}`} />
                      <p className="muted small" id={`${id}-help`}>{s.help}</p>
                      <FieldMessage id={`${id}-err`} message={message} />
                    </div>
                  );
                })}
              </fieldset>
            )}
            {eventSettings.length > 0 && (
              <fieldset className="platforms-settings">
                <legend>Per-event settings (optional)</legend>
                {eventSettings.map((s) => (
                  <p key={s.key} className="muted small">
                    <strong>{s.label}</strong>: {s.help}
                  </p>
                ))}
                {perEvent.map((row) => {
                  const id = `${uid}-pe-${row.id}`;
                  const update = (patch: Partial<PerEventRow>) =>
                    setPerEvent(perEvent.map((r) => (r.id === row.id ? { ...r, ...patch } : r)));
                  const message = row.event.trim() ? fieldError(err, `$.settings.${row.key}.${row.event.trim()}`) : undefined;
                  return (
                    <div key={row.id} className="platforms-per-event">
                      <div>
                        <label htmlFor={`${id}-key`}>Setting</label>
                        <select id={`${id}-key`} value={row.key} onChange={(e) => update({ key: e.target.value })}>
                          {eventSettings.map((s) => (
                            <option key={s.key} value={s.key}>{s.label}</option>
                          ))}
                        </select>
                      </div>
                      <div>
                        <label htmlFor={`${id}-event`}>For event</label>
                        <input id={`${id}-event`} value={row.event} placeholder="purchase"
                          onChange={(e) => update({ event: e.target.value })} />
                      </div>
                      <div>
                        <label htmlFor={`${id}-value`}>Value</label>
                        <input id={`${id}-value`} value={row.value} onChange={(e) => update({ value: e.target.value })}
                          aria-describedby={`${id}-err`} />
                      </div>
                      <button type="button" className="link-button" aria-label={`Remove per-event setting ${row.id}`}
                        onClick={() => setPerEvent(perEvent.filter((r) => r.id !== row.id))}>
                        Remove
                      </button>
                      <FieldMessage id={`${id}-err`} message={message} />
                    </div>
                  );
                })}
                <button type="button" onClick={() => {
                  setPerEvent([...perEvent, { id: nextRow.current++, key: eventSettings[0].key, event: "", value: "" }]);
                }}>
                  Add a per-event setting
                </button>
              </fieldset>
            )}
          </>
        )}
        <FormError error={err as ApiError | null} shown={shownPaths} />
        <div className="platforms-form-actions">
          <button type="submit" className="primary" disabled={!entry || create.pending} data-testid="connect-submit">
            {create.pending ? "Connecting…" : `Connect ${entry?.name ?? ""}`}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
