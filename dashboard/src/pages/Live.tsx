import { memo, useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from "react";
import { ApiError, authHeaders, errorOf, readEventStream, withQuery } from "../api";
import { toApiError } from "../hooks";
import { setQuery, useLocation } from "../router";
import { count, money, PLATFORMS, platformName } from "../format";
import { Card, Empty, ErrorBox, PageHeader } from "../components/ui";
import { DeliveryBadges, EventDrawer, IdentityFlags } from "../components/EventDrawer";
import { STATUSES } from "../components/eventTypes";
import {
  applyMessages, MAX_ROWS, parseMessage, presenceFlags, rowCopies, rowDeliveries, rowHead,
  type AcceptedRecord, type CopyFate, type LiveRow, type StreamMessage,
} from "../components/liveModel";

// A live debugger over GET /v1/events/stream: read with fetch (the token goes in a header), one
// row per event id, delivery badges updated in place. Filters live in the URL and restart the
// stream; the list is bounded (MAX_ROWS) so an hour of traffic does not fill the tab's memory.

type Connection =
  | { state: "connecting" }
  | { state: "live"; since: number }
  | { state: "reconnecting"; attempt: number; retryAt: number; error: ApiError | null }
  | { state: "stopped"; error: ApiError };

interface Sampled {
  dropped: number;
  windowS: number;
  at: number;
}

/** How often arrivals are drawn: at thousands per second, one render per message would freeze the tab. */
const FLUSH_MS = 200;
/** Paused, messages wait here; beyond this the oldest go (the list keeps MAX_ROWS events anyway). */
const MAX_BUFFER = 20_000;
const SAMPLED_SHOWN_MS = 5_000;
/** Silence after which a stream counts as lost; the server sends `: keepalive` well within it. */
const STALE_MS = 45_000;
const closeDrawer = () => setQuery("event", null);

export default function Live() {
  const { query } = useLocation();
  const filters = { event_name: query.get("event_name") ?? "", platform: query.get("platform") ?? "", status: query.get("status") ?? "" };
  const path = withQuery("/v1/events/stream", filters);
  const opened = query.get("event");

  const [rows, setRows] = useState<LiveRow[]>([]);
  const [connection, setConnection] = useState<Connection>({ state: "connecting" });
  const [paused, setPaused] = useState(false);
  const [buffered, setBuffered] = useState({ events: 0, messages: 0, overflow: false });
  const [sampled, setSampled] = useState<Sampled | null>(null);
  const [droppedTotal, setDroppedTotal] = useState(0);
  const [restart, setRestart] = useState(0);

  const queue = useRef<StreamMessage[]>([]);
  const pausedRef = useRef(false);
  const shownIds = useRef(new Set<string>());
  const bufferedNew = useRef(new Set<string>());
  const overflow = useRef(false);

  const flush = useCallback(() => {
    if (queue.current.length === 0) return;
    const batch = queue.current;
    queue.current = [];
    bufferedNew.current = new Set();
    overflow.current = false;
    setRows((r) => {
      const next = applyMessages(r, batch);
      shownIds.current = new Set(next.map((row) => row.id));
      return next;
    });
    setBuffered({ events: 0, messages: 0, overflow: false });
  }, []);

  // Draws the queue every FLUSH_MS while live; paused, only counts what waits.
  useEffect(() => {
    const timer = setInterval(() => {
      if (!pausedRef.current) flush();
      else setBuffered((b) => (b.messages === queue.current.length ? b
        : { events: bufferedNew.current.size, messages: queue.current.length, overflow: overflow.current }));
    }, FLUSH_MS);
    return () => clearInterval(timer);
  }, [flush]);

  // The stream: (re)connects with backoff; a filter change or "Reconnect" starts it again.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    queue.current = [];
    bufferedNew.current = new Set();
    shownIds.current = new Set();
    setRows([]);
    setBuffered({ events: 0, messages: 0, overflow: false });
    setSampled(null);
    setDroppedTotal(0);

    const onEvent = (event: string, data: string) => {
      if (event === "sampled") {
        try {
          const s = JSON.parse(data) as { dropped?: number; window_s?: number };
          const dropped = Number(s.dropped ?? 0);
          if (dropped > 0) {
            setSampled({ dropped, windowS: Number(s.window_s ?? 1), at: Date.now() });
            setDroppedTotal((t) => t + dropped);
          }
        } catch {
          // not the contract's shape: nothing to say
        }
        return;
      }
      const message = parseMessage(event, data);
      if (!message) return;
      queue.current.push(message);
      if (queue.current.length > MAX_BUFFER) {
        queue.current.splice(0, queue.current.length - MAX_BUFFER);
        overflow.current = true;
      }
      if (pausedRef.current && message.kind !== "delivery" && !shownIds.current.has(message.record.event_id)) {
        bufferedNew.current.add(message.record.event_id);
      }
    };

    const connect = async () => {
      let error: ApiError | null = null;
      let opened = 0;
      setConnection(attempt === 0 ? { state: "connecting" } : (c) => c);
      try {
        const response = await fetch(path, { headers: { Accept: "text/event-stream", ...authHeaders() }, signal });
        if (!response.ok) {
          error = await errorOf(response); // a 401 signs out: the app shows the sign-in page
          if (response.status === 401) return;
          const transient = response.status >= 500 || response.status === 429 || response.status === 408;
          if (!transient) {
            setConnection({ state: "stopped", error });
            return;
          }
        } else {
          opened = Date.now();
          setConnection({ state: "live", since: opened });
          if (await readWatched(response, onEvent, signal)) {
            error = new ApiError(0, "stream_stale", `Nothing arrived for ${STALE_MS / 1000} s, not even a keepalive.`);
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        error = (e as Error).name === "TypeError"
          ? new ApiError(0, "network_error", "The stream was cut (or the API did not answer).")
          : toApiError(e);
      }
      if (signal.aborted) return;
      // a stream that stayed up a while was a success: start the backoff over
      if (opened && Date.now() - opened > 10_000) attempt = 0;
      attempt += 1;
      const delay = Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      setConnection({
        state: "reconnecting", attempt, retryAt: Date.now() + delay,
        error: error ?? new ApiError(0, "stream_ended", "The server closed the stream."),
      });
      timer = setTimeout(connect, delay);
    };
    connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [path, restart]);

  const togglePause = () => {
    const next = !paused;
    pausedRef.current = next;
    setPaused(next);
    if (!next) flush();
  };
  const clearList = () => {
    queue.current = [];
    bufferedNew.current = new Set();
    shownIds.current = new Set();
    setRows([]);
    setBuffered({ events: 0, messages: 0, overflow: false });
  };

  return (
    <>
      <PageHeader title="Live">
        <ConnectionState connection={connection} onReconnect={() => setRestart((n) => n + 1)} />
      </PageHeader>
      <LiveFilters filters={filters} />
      <div className="live-toolbar">
        <button type="button" onClick={togglePause} aria-pressed={paused} className={paused && buffered.events > 0 ? "primary" : ""}
          data-testid="live-pause">
          {paused ? "Resume" : "Pause"}
        </button>
        {paused && (
          <span className="badge status-paused" role="status" data-testid="live-buffered">
            Paused · {count(buffered.events)} new event{buffered.events === 1 ? "" : "s"}
            {buffered.messages > 0 ? `, ${count(buffered.messages)} update${buffered.messages === 1 ? "" : "s"} waiting` : ""}
            {buffered.overflow ? " (the oldest were dropped)" : ""}
          </span>
        )}
        <button type="button" onClick={clearList} data-testid="live-clear">Clear</button>
        <span className="muted small">Newest first; the last {count(MAX_ROWS)} events are kept. Select a row to open the event.</span>
      </div>
      <SampledBanner sampled={sampled} total={droppedTotal} />
      {connection.state === "stopped" && (
        <>
          {connection.error.status === 404 && (
            <p className="muted">This API has no live stream yet (GET /v1/events/stream): update the API gateway.</p>
          )}
          <ErrorBox error={connection.error} onRetry={() => setRestart((n) => n + 1)} />
        </>
      )}
      {rows.length === 0 ? (
        connection.state !== "stopped" && (
          <Empty title={connection.state === "live" ? "Waiting for events…" : "Connecting to the stream…"}>
            <p>
              Send an event (a page view in your storefront, or a server event with an API key) and it appears here within a second.
              {filters.event_name || filters.platform || filters.status ? " The filters above hide events that do not match." : ""}
            </p>
          </Empty>
        )
      ) : (
        <Card>
          <LiveTable rows={rows} />
        </Card>
      )}
      {opened && <EventDrawer id={opened} onClose={closeDrawer} />}
    </>
  );
}

/**
 * readEventStream, but a stream silent for STALE_MS (not even a keepalive comment) is given up,
 * so the caller reconnects: a proxy that lost the server can keep the browser's side open forever.
 * True when that is why it ended.
 */
async function readWatched(
  response: Response, onEvent: (event: string, data: string) => void, outer: AbortSignal,
): Promise<boolean> {
  const inner = new AbortController();
  const stop = () => inner.abort();
  outer.addEventListener("abort", stop);
  let last = Date.now();
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      last = Date.now();
      controller.enqueue(chunk);
    },
  });
  const watchdog = setInterval(() => {
    if (Date.now() - last > STALE_MS) inner.abort();
  }, 5_000);
  try {
    const body = response.body ? response.body.pipeThrough(tap) : null;
    await readEventStream(new Response(body, { headers: response.headers }), onEvent, inner.signal);
    return inner.signal.aborted && !outer.aborted;
  } finally {
    clearInterval(watchdog);
    outer.removeEventListener("abort", stop);
  }
}

function ConnectionState({ connection, onReconnect }: { connection: Connection; onReconnect: () => void }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (connection.state !== "reconnecting") return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [connection]);
  const label =
    connection.state === "connecting" ? "Connecting…"
      : connection.state === "live" ? "Live"
        : connection.state === "reconnecting"
          ? `Reconnecting${waitLabel(connection.retryAt)} (attempt ${connection.attempt})`
          : "Stopped";
  return (
    <div className="live-connection" data-testid="live-connection" data-state={connection.state}>
      <span className={`badge live-state-${connection.state}`} role="status" aria-live="polite">
        <span aria-hidden="true">{connection.state === "live" ? "● " : connection.state === "stopped" ? "■ " : "○ "}</span>
        {label}
      </span>
      {connection.state === "reconnecting" && connection.error && (
        <span className="muted small" title={connection.error.code}>{connection.error.message}</span>
      )}
      {(connection.state === "reconnecting" || connection.state === "stopped") && (
        <button type="button" onClick={onReconnect}>Reconnect now</button>
      )}
    </div>
  );
}

function waitLabel(retryAt: number): string {
  const seconds = Math.ceil((retryAt - Date.now()) / 1000);
  return seconds > 0 ? ` in ${seconds} s` : "…";
}

function SampledBanner({ sampled, total }: { sampled: Sampled | null; total: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!sampled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [sampled]);
  const recent = sampled !== null && now - sampled.at < SAMPLED_SHOWN_MS;
  if (!recent && total === 0) return null;
  return (
    <div className={`banner ${recent ? "warn" : ""} live-sampled`} role="status" data-testid="live-sampled">
      {recent && sampled ? (
        <>
          <strong>Sampled:</strong> {count(sampled.dropped)} event{sampled.dropped === 1 ? "" : "s"} not shown in the last{" "}
          {sampled.windowS === 1 ? "second" : `${sampled.windowS} seconds`}: more arrive than the stream sends per second.
          Narrow the filters to see them all.{" "}
        </>
      ) : null}
      <span className="muted">{count(total)} not shown since connecting.</span>
    </div>
  );
}

function LiveFilters({ filters }: { filters: Record<"event_name" | "platform" | "status", string> }) {
  const [name, setName] = useState(filters.event_name);
  useEffect(() => setName(filters.event_name), [filters.event_name]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery("event_name", name.trim());
  };
  return (
    <form className="card live-filters" onSubmit={submit} aria-label="Filter the stream" data-testid="live-filters">
      <div className="filter-grid">
        <div>
          <label htmlFor="l-name">Event name</label>
          <div className="inline-fields">
            <input id="l-name" value={name} maxLength={64} placeholder="purchase" onChange={(e) => setName(e.target.value)}
              data-testid="live-filter-event-name" />
            <button type="submit">Apply</button>
          </div>
        </div>
        <div>
          <label htmlFor="l-platform">Platform</label>
          <select id="l-platform" value={filters.platform} onChange={(e) => setQuery("platform", e.target.value)}
            data-testid="live-filter-platform">
            <option value="">Any</option>
            {PLATFORMS.map((p) => <option key={p} value={p}>{platformName(p)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="l-status">Delivery status</label>
          <select id="l-status" value={filters.status} onChange={(e) => setQuery("status", e.target.value)}
            data-testid="live-filter-status">
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
      </div>
    </form>
  );
}

function LiveTable({ rows }: { rows: LiveRow[] }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = useCallback((id: string) => setExpanded((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }), []);
  return (
    <div className="table-scroll">
      <table className="data live-table" data-testid="live-table">
        <caption className="sr-only">Events as they arrive, newest first; press Enter on a row to open the event</caption>
        <thead>
          <tr>
            <th><span className="sr-only">Details</span></th>
            <th>Received</th><th>Event</th><th>Event id</th><th>Source</th><th className="num">Value</th><th>Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <LiveRowView key={row.id} row={row} expanded={expanded.has(row.id)} onToggle={toggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const LiveRowView = memo(function LiveRowView({ row, expanded, onToggle }: {
  row: LiveRow;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const head = rowHead(row);
  const first: AcceptedRecord | undefined = row.copies[0];
  const copies = rowCopies(row);
  const dropped = copies.filter((c) => c.fate !== "kept");
  const duplicate = dropped.length > 0;
  const deliveries = rowDeliveries(row);
  const detailId = `live-detail-${row.seq}`;
  const open = () => setQuery("event", row.id);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      open();
    }
  };
  const toggle = (e: MouseEvent) => {
    e.stopPropagation();
    onToggle(row.id);
  };
  return (
    <>
      <tr className={`clickable ${duplicate ? "live-duplicate" : ""}`} tabIndex={0} onClick={open} onKeyDown={onKey}
        data-testid="live-row" data-event-id={row.id} data-copies={copies.length}>
        <td>
          <button type="button" className="link-button" aria-expanded={expanded} aria-controls={detailId} onClick={toggle}
            data-testid="live-row-toggle">
            <span aria-hidden="true">{expanded ? "▾" : "▸"}</span>
            <span className="sr-only">Details of {row.id}</span>
          </button>
        </td>
        <td className="nowrap">{clock(head?.received_at)}</td>
        <td>{head?.event_name ?? <span className="muted">(deliveries only)</span>}</td>
        <td className="id-cell"><code className="event-id">{row.id}</code></td>
        <td>
          {first && <span className="badge">{first.source ?? "?"}</span>}
          {dropped.length > 0 && (
            <span className="badge status-retry" data-testid="live-dedup-badge"
              title={dropped.some((c) => c.fate === "ingest")
                ? "More copies of this event id arrived; the ingest gateway refused them as duplicates (409)"
                : "More copies of this event id arrived; the pipeline kept the first and dropped them"}>
              dedup: {[...new Set(dropped.map((c) => c.record.source ?? "?"))].join(" + ")} copy dropped
              {dropped.length > 1 ? ` ×${dropped.length}` : ""}
            </span>
          )}
        </td>
        <td className="num">{first && first.value !== null && first.value !== undefined ? money(first.value, first.currency) : "—"}</td>
        <td>
          {deliveries.length > 0 ? (
            <DeliveryBadges deliveries={deliveries} />
          ) : first?.platforms && first.platforms.length > 0 ? (
            <span className="muted small">to {first.platforms.map(platformName).join(", ")}</span>
          ) : (
            <span className="muted small">waiting</span>
          )}
        </td>
      </tr>
      {expanded && (
        <tr id={detailId} className="live-detail">
          <td colSpan={7}>
            <LiveDetail row={row} />
          </td>
        </tr>
      )}
    </>
  );
});

const FATE_LABEL: Record<CopyFate, string> = {
  kept: "kept (first to arrive)",
  pipeline: "dropped: duplicate",
  ingest: "dropped: duplicate (409 at ingest)",
};

/** Why the copies were dropped, in one sentence. */
function dedupNote(row: LiveRow, total: number): string {
  const atIngest = row.refused.length;
  const inPipeline = Math.max(0, row.copies.length - 1);
  const who = [
    atIngest > 0 ? `the ingest gateway refused ${atIngest === 1 ? "one" : atIngest} as ${atIngest === 1 ? "a duplicate" : "duplicates"} (409)` : "",
    inPipeline > 0 ? `the pipeline dropped ${inPipeline === 1 ? "one" : inPipeline} after the first` : "",
  ].filter(Boolean).join(" and ");
  const kept = row.copies.length > 0 ? "the first was kept" : "the kept copy arrived before the stream started";
  return `${total} copies of this event id arrived: ${kept}; ${who}, so platforms receive it once.`;
}

/**
 * The row's detail: every copy side by side (the kept one, then those the pipeline or the ingest
 * gateway dropped), then each delivery's state.
 */
function LiveDetail({ row }: { row: LiveRow }) {
  const deliveries = rowDeliveries(row);
  const copies = rowCopies(row);
  return (
    <div className="live-detail-body">
      {copies.length > 1 && (
        <p data-testid="live-dedup-note">
          <strong>Deduplicated:</strong> {dedupNote(row, copies.length)}
        </p>
      )}
      {row.copies.length === 0 && row.refused.length > 0 && (
        <p className="muted" data-testid="live-kept-unseen">
          The copy that was kept is not in this list: it arrived before the stream started, or the pipeline has not passed it on yet.
        </p>
      )}
      {copies.length === 0 ? (
        <p className="muted">Only delivery states have arrived for this event (its accepted record came before the stream started or was sampled out).</p>
      ) : (
        <div className="dedup-copies" data-testid="live-dedup">
          {copies.map(({ record: c, fate }, i) => (
            <section key={`${fate}-${i}`} className={`dedup-copy ${fate === "kept" ? "kept" : "dropped"}`} data-testid="live-copy"
              data-kept={fate === "kept"} data-fate={fate} aria-label={`${c.source ?? "unknown"} copy, ${FATE_LABEL[fate]}`}>
              <h4>
                <span className="badge">{c.source ?? "?"}</span>{" "}
                {(copies.length > 1 || fate === "ingest") && (
                  <span className={`badge ${fate === "kept" ? "status-delivered" : "status-skipped"}`} data-testid="live-copy-fate">
                    {FATE_LABEL[fate]}
                  </span>
                )}
              </h4>
              {fate === "ingest" ? (
                <dl className="event-facts">
                  <div><dt>Received</dt><dd>{clock(c.received_at, true)}</dd></div>
                  <div><dt>Answer</dt><dd><code>409 duplicate_event</code>: not sent to any platform</dd></div>
                </dl>
              ) : (
                <AcceptedFacts record={c as AcceptedRecord} />
              )}
              <div className="muted small">Fields present</div>
              <IdentityFlags flags={presenceFlags(c)} />
            </section>
          ))}
        </div>
      )}
      {deliveries.length > 0 && (
        <table className="data compact" data-testid="live-deliveries">
          <thead>
            <tr><th>Platform</th><th>Status</th><th className="num">Attempt</th><th>Reason</th><th>Next attempt</th></tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.platform}>
                <td>{platformName(d.platform)}</td>
                <td><span className={`badge status-${d.status.toLowerCase()}`}>{d.status}</span></td>
                <td className="num">{d.attempts ?? "—"}</td>
                <td className="break">{d.error || (d.status !== "DELIVERED" && d.http_status ? `HTTP ${d.http_status}` : "—")}</td>
                <td>{d.next_attempt_at ? clock(d.next_attempt_at, true) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AcceptedFacts({ record: c }: { record: AcceptedRecord }) {
  return (
    <dl className="event-facts">
      <div><dt>Received</dt><dd>{clock(c.received_at, true)}</dd></div>
      <div><dt>Event time</dt><dd>{clock(typeof c.event_time === "number" ? new Date(c.event_time * 1000).toISOString() : c.event_time, true)}</dd></div>
      <div><dt>Value</dt><dd>{c.value !== null && c.value !== undefined ? money(c.value, c.currency) : "—"}</dd></div>
      {c.platforms && <div><dt>Platforms</dt><dd>{c.platforms.map(platformName).join(", ") || "none"}</dd></div>}
    </dl>
  );
}

/** 14:03:07 (and the milliseconds in the detail, where two copies a few ms apart are compared). */
function clock(iso: string | undefined | null, millis = false): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const time = d.toLocaleTimeString("en-GB", { hour12: false });
  return millis ? `${time}.${String(d.getMilliseconds()).padStart(3, "0")}` : time;
}
