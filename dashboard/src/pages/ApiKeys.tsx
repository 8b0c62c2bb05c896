import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api } from "../api";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { CopyButton } from "../components/FirstEvent";
import { ConfirmButton, FieldMessage, FormError, fieldError } from "../components/SetupForms";
import { useAction, useApi } from "../hooks";
import { dateTime, relative } from "../format";

export interface ApiKey {
  id: string;
  name: string | null;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface CreatedApiKey {
  id: string;
  name: string | null;
  prefix: string;
  key: string;
  created_at: string;
}

export default function ApiKeysPage() {
  const keys = useApi<{ items: ApiKey[] }>("/v1/api-keys");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const items = keys.data?.items ?? [];
  return (
    <>
      <PageHeader title="API keys" />
      <p className="muted">
        Server keys send events to <code>POST /v1/events</code> as <code>Authorization: Bearer tl_live_…</code>. Keep
        them on your servers; the browser pixel needs none.
      </p>
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      <CreateKey
        onCreated={(k) => {
          setCreated(k);
          keys.reload();
        }}
      />
      {keys.error ? (
        <ErrorBox error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title="No API key yet">
          <p>Create one above, then send your first event with it from your server.</p>
        </Empty>
      ) : (
        <Card title={`Keys (${items.length})`}>
          <div className="table-scroll">
            <table className="data" data-testid="api-keys-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((k) => (
                  <KeyRow key={k.id} k={k} onRevoked={keys.reload} />
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}

function CreateKey({ onCreated }: { onCreated: (k: CreatedApiKey) => void }) {
  const uid = useId();
  const [name, setName] = useState("");
  const create = useAction(
    useCallback((name: string) => api<CreatedApiKey>("/v1/api-keys", { method: "POST", body: name ? { name } : {} }), []),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const k = await create.run(name.trim());
    if (k) {
      setName("");
      onCreated(k);
    }
  };
  const message = fieldError(create.error, "$.name");
  return (
    <Card title="Create a key">
      <form className="apikeys-create" onSubmit={submit} data-testid="create-key-form">
        <div>
          <label htmlFor={`${uid}-name`}>Name (optional)</label>
          <input id={`${uid}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Shop backend"
            maxLength={100} aria-describedby={`${uid}-err`} aria-invalid={!!message} data-testid="key-name" />
          <FieldMessage id={`${uid}-err`} message={message} />
        </div>
        <button type="submit" className="primary" disabled={create.pending} data-testid="create-key-button">
          {create.pending ? "Creating…" : "Create key"}
        </button>
      </form>
      <FormError error={create.error} shown={["$.name"]} />
    </Card>
  );
}

/** The secret, once: the API never shows it again (it keeps only a hash). */
function NewKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [created.id]);
  return (
    <div className="apikeys-new" role="region" aria-label="Your new API key" tabIndex={-1} ref={box}
      data-testid="new-key">
      <h2>Your new key{created.name ? `: ${created.name}` : ""}</h2>
      <p className="apikeys-warning">
        <strong>Copy it now.</strong> This is the only time it is shown; TrackLayer keeps only a hash. If you lose it,
        revoke it and create another.
      </p>
      <div className="snippet">
        <pre>
          <code data-testid="new-key-value">{created.key}</code>
        </pre>
        <CopyButton text={created.key} copied={copied} onCopied={() => setCopied(true)} />
      </div>
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}

function KeyRow({ k, onRevoked }: { k: ApiKey; onRevoked: () => void }) {
  const revoke = useAction(
    useCallback(() => api(`/v1/api-keys/${encodeURIComponent(k.id)}`, { method: "DELETE" }), [k.id]),
  );
  return (
    <tr data-testid="api-key-row" className={k.revoked_at ? "apikeys-revoked" : ""}>
      <td>{k.name || <span className="muted">(no name)</span>}</td>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td title={dateTime(k.created_at)}>{relative(k.created_at)}</td>
      <td title={k.last_used_at ? dateTime(k.last_used_at) : undefined}>
        {k.last_used_at ? relative(k.last_used_at) : <span className="muted">Never</span>}
      </td>
      <td>
        {k.revoked_at ? (
          <span className="badge status-failed" title={dateTime(k.revoked_at)}>Revoked {relative(k.revoked_at)}</span>
        ) : (
          <span className="badge status-delivered">Active</span>
        )}
      </td>
      <td>
        {!k.revoked_at && (
          <ConfirmButton
            label="Revoke"
            question={`Revoke ${k.name || k.prefix}? Requests with it are refused at once (401).`}
            confirmLabel="Revoke"
            pending={revoke.pending}
            testId="revoke-button"
            onConfirm={async () => {
              if ((await revoke.run()) !== undefined) onRevoked();
            }}
          />
        )}
        {revoke.error && <span className="field-error" role="alert">{revoke.error.message}</span>}
      </td>
    </tr>
  );
}
