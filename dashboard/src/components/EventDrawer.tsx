import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { api } from "../api";
import { useAction, useApi } from "../hooks";
import { Link } from "../router";
import { dateTime, money, ms, platformName } from "../format";
import { ErrorBox, Loading, StatusBadge } from "./ui";
import { CopyButton } from "./FirstEvent";
import {
  eventHref, eventPath, RETRYABLE,
  type Connection, type EventDetail, type PlatformStatus, type ReplayResult,
} from "./eventTypes";

/** One badge per platform: its name and status in words, so colour is never the only signal. */
export function DeliveryBadges({ deliveries }: { deliveries: PlatformStatus[] }) {
  if (deliveries.length === 0) return <span className="muted">no delivery</span>;
  return (
    <span className="delivery-badges" data-testid="delivery-badges">
      {deliveries.map((d) => (
        <span key={d.platform} className={`badge status-${d.status.toLowerCase()}`} data-platform={d.platform}
          data-status={d.status} title={`${platformName(d.platform)}: ${d.status}`}>
          {platformName(d.platform)} · {d.status}
        </span>
      ))}
    </span>
  );
}

/** `<id>-replay-<n>`: the ids replay, forward and retry-failed give their copies. */
const COPY_ID = /-replay-\d+$/;
const COPY_TRIES = 15;
const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * The event drawer of the Events and Live pages: GET /v1/events/:id with its payload, identity
 * flags, warnings and deliveries, and the replay, forward and retry-failed actions. Escape or the
 * backdrop closes it; Tab stays inside while it is open; focus goes back where it was.
 */
export function EventDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useApi<EventDetail>(eventPath(id));
  // a copy just sent (replay, forward, retry) is stored seconds later: look again for a while
  const [tries, setTries] = useState(0);
  const waitingForCopy = detail.error?.status === 404 && COPY_ID.test(id) && tries < COPY_TRIES;
  useEffect(() => setTries(0), [id]);
  useEffect(() => {
    if (!waitingForCopy) return;
    const timer = setTimeout(() => {
      setTries((n) => n + 1);
      detail.reload();
    }, 2_000);
    return () => clearTimeout(timer);
  }, [waitingForCopy, detail.error, detail.reload]);
  const panel = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    heading.current?.focus();
    return () => {
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  // a new id in the same drawer (a replay's link): start reading at the top again
  useEffect(() => {
    panel.current?.scrollTo?.(0, 0);
    heading.current?.focus();
  }, [id]);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  const trap = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "Tab" || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (document.activeElement === first || document.activeElement === heading.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <div ref={panel} className="drawer event-drawer" role="dialog" aria-modal="true" aria-labelledby="event-drawer-title"
        onKeyDown={trap} data-testid="event-drawer">
        <div className="drawer-head">
          <h2 id="event-drawer-title" ref={heading} tabIndex={-1}>
            {detail.data?.event_name ?? "Event"} <code className="event-id">{id}</code>
          </h2>
          <button type="button" onClick={onClose} data-testid="drawer-close">
            Close <span className="sr-only">(Escape)</span>
          </button>
        </div>
        {waitingForCopy ? (
          <Loading label="A copy sent a moment ago takes a few seconds to reach storage: looking again…" />
        ) : detail.error ? (
          <ErrorBox error={detail.error} onRetry={() => { setTries(0); detail.reload(); }} />
        ) : !detail.data ? (
          <Loading />
        ) : (
          <DetailBody key={id} event={detail.data} onReload={detail.reload} />
        )}
      </div>
    </>
  );
}

function DetailBody({ event, onReload }: { event: EventDetail; onReload: () => void }) {
  const showNext = event.deliveries.some((d) => d.next_attempt_at);
  return (
    <>
      <dl className="event-facts" data-testid="event-facts">
        <Fact label="Event time">{dateTime(event.event_time)}</Fact>
        <Fact label="Received">{dateTime(event.received_at)}</Fact>
        <Fact label="Source"><span className="badge">{event.source}</span></Fact>
        <Fact label="Value">{event.value === null ? "—" : money(event.value, event.currency)}</Fact>
        {event.order_id && <Fact label="Order id"><code>{event.order_id}</code></Fact>}
        {event.country && <Fact label="Country">{event.country}</Fact>}
        {event.event_source_url && <Fact label="Page"><span className="break">{event.event_source_url}</span></Fact>}
        {event.replay_of && (
          <Fact label="Copy of"><Link to={eventHref(event.replay_of)}><code>{event.replay_of}</code></Link></Fact>
        )}
      </dl>

      <EventActions event={event} onReload={onReload} />

      <h3>Deliveries</h3>
      {event.deliveries.length === 0 ? (
        <p className="muted">No delivery: no rule or connected platform selected this event (or it is still on its way).</p>
      ) : (
        <div className="table-scroll">
          <table className="data deliveries-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th>Platform</th><th>Status</th><th className="num">Attempts</th><th className="num">HTTP</th>
                <th>Error</th><th className="num">Latency</th><th>Queued</th><th>Updated</th>
                {showNext && <th>Next attempt</th>}
              </tr>
            </thead>
            <tbody>
              {event.deliveries.map((d) => (
                <tr key={d.platform} data-testid="delivery-row" data-platform={d.platform}>
                  <td>{platformName(d.platform)}</td>
                  <td><StatusBadge status={d.status} /></td>
                  <td className="num">{d.attempts}</td>
                  <td className="num">{d.http_status ?? "—"}</td>
                  <td className="break">{d.error || "—"}</td>
                  <td className="num">{ms(d.latency_ms)}</td>
                  <td>{dateTime(d.queued_at)}</td>
                  <td>{dateTime(d.updated_at)}</td>
                  {showNext && <td>{dateTime(d.next_attempt_at)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>Identity</h3>
      <IdentityFlags flags={event.identity} />

      <h3>Warnings</h3>
      {event.warnings.length === 0 ? (
        <p className="muted">None: the ingest gateway noticed nothing.</p>
      ) : (
        <ul className="event-warnings" data-testid="event-warnings">
          {event.warnings.map((w, i) => (
            <li key={`${w.code}-${w.path}-${i}`}><span className="badge status-retry">{w.code}</span> <code>{w.path}</code></li>
          ))}
        </ul>
      )}

      <Payload payload={event.payload} />
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Which identifiers the event carried, as words (present / missing) beside the mark. */
export function IdentityFlags({ flags }: { flags: Record<string, boolean> | null | undefined }) {
  const entries = Object.entries(flags ?? {}).filter(([, v]) => typeof v === "boolean");
  if (entries.length === 0) return <p className="muted">No identity flags.</p>;
  return (
    <ul className="identity-flags" data-testid="identity-flags">
      {entries.map(([name, present]) => (
        <li key={name} className={present ? "present" : "missing"} data-present={present}>
          <span aria-hidden="true">{present ? "✓" : "–"}</span> {name.replace(/^has_/, "")}
          <span className="sr-only">{present ? " present" : " missing"}</span>
        </li>
      ))}
    </ul>
  );
}

function Payload({ payload }: { payload: unknown }) {
  const text = JSON.stringify(payload, null, 2) ?? "null";
  const [copied, setCopied] = useState(false);
  return (
    <>
      <h3>Payload</h3>
      <div className="snippet">
        <pre data-testid="event-payload"><code>{text}</code></pre>
        <CopyButton text={text} copied={copied} onCopied={() => setCopied(true)} />
      </div>
    </>
  );
}

type ActionKind = "replay" | "forward" | "retry";
const ACTION_LABEL: Record<ActionKind, string> = { replay: "Replayed", forward: "Forwarded", retry: "Retried" };

function EventActions({ event, onReload }: { event: EventDetail; onReload: () => void }) {
  const id = event.event_id;
  const [result, setResult] = useState<{ kind: ActionKind; answer: ReplayResult } | null>(null);
  const [forwardOpen, setForwardOpen] = useState(false);
  const send = useCallback(
    (kind: ActionKind, platforms?: string[]) => {
      const path = `${eventPath(id)}/${kind === "retry" ? "retry-failed" : kind}`;
      return api<ReplayResult>(path, { method: "POST", body: kind === "forward" ? { platforms } : undefined })
        .then((answer) => {
          setResult({ kind, answer });
          return answer;
        });
    },
    [id],
  );
  const action = useAction(send);
  const retryable = event.deliveries.filter((d) => RETRYABLE.has(d.status));
  const run = (kind: ActionKind, platforms?: string[]) => {
    setResult(null);
    return action.run(kind, platforms);
  };

  return (
    <section className="event-actions" aria-label="Actions">
      <div className="page-actions">
        <button type="button" className="primary" disabled={action.pending} onClick={() => run("replay")}
          data-testid="replay-button">
          Replay
        </button>
        <button type="button" aria-expanded={forwardOpen} aria-controls="forward-picker" disabled={action.pending}
          onClick={() => setForwardOpen((o) => !o)} data-testid="forward-button">
          Forward…
        </button>
        <button type="button" disabled={action.pending || retryable.length === 0} onClick={() => run("retry")}
          data-testid="retry-failed-button"
          title={retryable.length === 0 ? "No delivery is FAILED, ERROR or RETRY" : undefined}>
          Retry failed{retryable.length > 0 ? ` (${retryable.length})` : ""}
        </button>
        <button type="button" className="link-button" onClick={onReload}>Refresh</button>
      </div>
      {retryable.length === 0 && (
        <p className="muted small">Retry failed: no delivery is FAILED, ERROR or RETRY.</p>
      )}
      {forwardOpen && (
        <ForwardPicker pending={action.pending} onSubmit={(platforms) => run("forward", platforms)} />
      )}
      {action.pending && <Loading label="Sending…" />}
      {action.error && <ErrorBox error={action.error} />}
      {result && (
        <div className="banner ok" role="status" data-testid="action-result">
          {ACTION_LABEL[result.kind]} as{" "}
          <Link to={eventHref(result.answer.event_id)} data-testid="action-result-link">
            <code>{result.answer.event_id}</code>
          </Link>{" "}
          at {dateTime(result.answer.replayed_at)}
          {result.answer.platforms && result.answer.platforms.length > 0 && (
            <> to {result.answer.platforms.map(platformName).join(", ")}</>
          )}
          . The copy goes through the pipeline: its deliveries appear on it within seconds.
        </div>
      )}
    </section>
  );
}

function ForwardPicker({ pending, onSubmit }: { pending: boolean; onSubmit: (platforms: string[]) => void }) {
  const connections = useApi<{ items: Connection[] }>("/v1/platforms");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const connected = (connections.data?.items ?? []).filter((c) => c.status === "active" || c.status === "auth_error");
  const toggle = (platform: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(platform)) next.delete(platform);
      else next.add(platform);
      return next;
    });
  return (
    <form id="forward-picker" className="forward-picker" data-testid="forward-picker"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit([...chosen]);
      }}>
      <fieldset>
        <legend>Forward a copy to</legend>
        {connections.error ? (
          <ErrorBox error={connections.error} onRetry={connections.reload} />
        ) : !connections.data ? (
          <Loading />
        ) : connected.length === 0 ? (
          <p className="muted">No platform is connected. Connect one on <Link to="/platforms">Platforms</Link>.</p>
        ) : (
          connected.map((c) => (
            <div key={c.id} className="check">
              <input type="checkbox" id={`forward-${c.platform}`} checked={chosen.has(c.platform)}
                onChange={() => toggle(c.platform)} data-testid="forward-platform" value={c.platform} />
              <label htmlFor={`forward-${c.platform}`}>
                {platformName(c.platform)}{c.name ? <span className="muted"> ({c.name})</span> : null}
                {c.status !== "active" && <span className="badge status-auth_error"> {c.status}</span>}
              </label>
            </div>
          ))
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={pending || chosen.size === 0} data-testid="forward-submit">
        {chosen.size === 0 ? "Choose a platform" : `Forward to ${chosen.size} platform${chosen.size === 1 ? "" : "s"}`}
      </button>
    </form>
  );
}
