import { useEffect, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from "react";
import { withQuery } from "../api";
import { useApi } from "../hooks";
import { Link, navigate, setQuery, useLocation } from "../router";
import { count, dateTime, money, PLATFORMS, platformName } from "../format";
import { Card, Empty, ErrorBox, Loading, PageHeader } from "../components/ui";
import { FirstEvent } from "../components/FirstEvent";
import { DeliveryBadges, EventDrawer } from "../components/EventDrawer";
import { eventHref, SOURCES, STATUSES, type EventPage, type EventSummary } from "../components/eventTypes";

// Every GET /v1/events parameter lives in this page's URL, so a link reproduces the view; the
// opened event too (?event=<id>).
const FILTERS = ["event_name", "status", "platform", "source", "start", "end", "search"] as const;
const PARAMS = [...FILTERS, "orderBy", "orderDirection", "limit", "offset"] as const;
type Param = (typeof PARAMS)[number];
type Params = Record<Param, string>;

const ORDER_COLUMNS: Record<string, string> = {
  event_time: "Event time", received_at: "Received", value: "Value", event_name: "Event name",
};
const LIMITS = ["25", "50", "100", "200"];
const DEFAULT_LIMIT = 50;
/** The API refuses a deeper page (docs/api.md "Reading events without FINAL"). */
const MAX_OFFSET = 10_000;

function readParams(query: URLSearchParams): Params {
  return Object.fromEntries(PARAMS.map((p) => [p, query.get(p) ?? ""])) as Params;
}

/** Writes the given parameters (empty removes), keeping the others (the opened event, say). */
function writeParams(changes: Partial<Params>) {
  const query = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v) query.set(k, v);
    else query.delete(k);
  }
  const qs = query.toString();
  navigate(window.location.pathname + (qs ? `?${qs}` : ""), true);
}

const closeDrawer = () => setQuery("event", null);

export default function Events() {
  const { query } = useLocation();
  const params = readParams(query);
  const opened = query.get("event");
  const path = withQuery("/v1/events", params);
  const page = useApi<EventPage>(path);
  const filtered = FILTERS.some((f) => params[f] !== "");

  return (
    <>
      <PageHeader title="Events">
        <Link to="/live">Live view</Link>
        <button type="button" onClick={page.reload} disabled={page.loading}>Refresh</button>
      </PageHeader>
      <Filters params={params} />
      {page.error ? (
        <ErrorBox error={page.error} onRetry={page.reload} />
      ) : !page.data ? (
        <Loading />
      ) : page.data.total === 0 && page.data.items.length === 0 ? (
        filtered ? (
          <Empty title="No events match these filters">
            <p>Widen the time range or clear a filter; search matches an event id, an order id or an email exactly.</p>
            <button type="button" onClick={() => writeParams(Object.fromEntries(FILTERS.map((f) => [f, ""])))}>
              Clear filters
            </button>
          </Empty>
        ) : params.offset && params.offset !== "0" ? (
          <Empty title="No events on this page">
            <button type="button" onClick={() => writeParams({ offset: "" })}>Back to the first page</button>
          </Empty>
        ) : (
          <FirstEvent />
        )
      ) : (
        <Card>
          <EventTable page={page.data} params={params} loading={page.loading} />
          <Pager page={page.data} />
        </Card>
      )}
      {opened && <EventDrawer id={opened} onClose={closeDrawer} />}
    </>
  );
}

/** The filter form: text fields apply on Enter or Apply, the selects at once; each resets paging. */
function Filters({ params }: { params: Params }) {
  const [draft, setDraft] = useState(params);
  // the URL changed elsewhere (Clear, back, a link): show it; not a remount, which would lose focus
  const applied = PARAMS.map((p) => params[p]).join("\u0000");
  useEffect(() => setDraft(readParams(new URLSearchParams(window.location.search))), [applied]);
  const set = (name: Param, value: string, now = false) => {
    const next = { ...draft, [name]: value };
    setDraft(next);
    if (now) apply(next);
  };
  const apply = (p: Params) => writeParams({ ...p, offset: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const clear = () => writeParams(Object.fromEntries(PARAMS.map((p) => [p, ""])));
  return (
    <form className="card events-filters" onSubmit={submit} aria-label="Filter events" data-testid="events-filters">
      <div className="filter-grid">
        <div className="filter-wide">
          <label htmlFor="f-search">Search</label>
          <input id="f-search" type="search" value={draft.search} maxLength={320} placeholder="event id, order id or email"
            onChange={(e) => set("search", e.target.value)} data-testid="filter-search" />
        </div>
        <div>
          <label htmlFor="f-name">Event name</label>
          <input id="f-name" value={draft.event_name} maxLength={64} placeholder="purchase"
            onChange={(e) => set("event_name", e.target.value)} data-testid="filter-event-name" />
        </div>
        <div>
          <label htmlFor="f-status">Delivery status</label>
          <select id="f-status" value={draft.status} onChange={(e) => set("status", e.target.value, true)}
            data-testid="filter-status">
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-platform">Platform</label>
          <select id="f-platform" value={draft.platform} onChange={(e) => set("platform", e.target.value, true)}
            data-testid="filter-platform">
            <option value="">Any</option>
            {PLATFORMS.map((p) => <option key={p} value={p}>{platformName(p)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-source">Source</label>
          <select id="f-source" value={draft.source} onChange={(e) => set("source", e.target.value, true)}
            data-testid="filter-source">
            <option value="">Any</option>
            {SOURCES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-start">From</label>
          <input id="f-start" type="datetime-local" value={toLocalInput(draft.start, false)}
            onChange={(e) => set("start", fromLocalInput(e.target.value))}
            onBlur={() => draft.start !== params.start && apply(draft)} data-testid="filter-start" />
        </div>
        <div>
          <label htmlFor="f-end">To</label>
          <input id="f-end" type="datetime-local" value={toLocalInput(draft.end, true)}
            onChange={(e) => set("end", fromLocalInput(e.target.value))}
            onBlur={() => draft.end !== params.end && apply(draft)} data-testid="filter-end" />
        </div>
        <div className="filter-wide">
          <label htmlFor="f-order">Order by</label>
          <div className="inline-fields">
            <select id="f-order" value={draft.orderBy || "event_time"}
              onChange={(e) => set("orderBy", e.target.value === "event_time" ? "" : e.target.value, true)}
              data-testid="filter-order-by">
              {Object.entries(ORDER_COLUMNS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
            </select>
            <select aria-label="Direction" value={draft.orderDirection || "desc"}
              onChange={(e) => set("orderDirection", e.target.value === "desc" ? "" : e.target.value, true)}
              data-testid="filter-order-direction">
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </select>
          </div>
        </div>
        <div>
          <label htmlFor="f-limit">Per page</label>
          <select id="f-limit" value={draft.limit || String(DEFAULT_LIMIT)}
            onChange={(e) => set("limit", e.target.value === String(DEFAULT_LIMIT) ? "" : e.target.value, true)}
            data-testid="filter-limit">
            {(LIMITS.includes(draft.limit) || !draft.limit ? LIMITS : [draft.limit, ...LIMITS]).map((l) => (
              <option key={l} value={l}>{l}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="page-actions filter-actions">
        <button type="submit" className="primary" data-testid="filter-apply">Apply</button>
        <button type="button" onClick={clear} data-testid="filter-clear">Clear</button>
        <span className="muted small">Search is exact: a whole event id, order id or email.</span>
      </div>
    </form>
  );
}

function EventTable({ page, params, loading }: { page: EventPage; params: Params; loading: boolean }) {
  const orderBy = params.orderBy || "event_time";
  const direction = params.orderDirection === "asc" ? "asc" : "desc";
  const open = (e: EventSummary) => setQuery("event", e.event_id);
  const onKey = (ev: KeyboardEvent<HTMLTableRowElement>, e: EventSummary) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      open(e);
    }
  };
  const sortHeader = (column: string, label: string, className?: string) => {
    const active = orderBy === column;
    const next = active && direction === "desc" ? "asc" : "desc";
    return (
      <th className={className} aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}>
        <button type="button" className="sort-button"
          onClick={() => writeParams({
            orderBy: column === "event_time" ? "" : column, orderDirection: next === "desc" ? "" : next, offset: "",
          })}>
          {label} <span aria-hidden="true">{active ? (direction === "asc" ? "▲" : "▼") : "↕"}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-scroll" aria-busy={loading}>
      <table className="data events-table" data-testid="events-table">
        <caption className="sr-only">Events; press Enter on a row to open it</caption>
        <thead>
          <tr>
            {sortHeader("event_time", "Time")}
            {sortHeader("event_name", "Event")}
            <th>Event id</th>
            <th>Source</th>
            {sortHeader("value", "Value", "num")}
            <th>Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((e) => (
            <tr key={e.event_id} className="clickable" tabIndex={0} onClick={() => open(e)} onKeyDown={(ev) => onKey(ev, e)}
              data-testid="event-row" data-event-id={e.event_id}>
              <td className="nowrap" title={`received ${dateTime(e.received_at)}`}>{dateTime(e.event_time)}</td>
              <td>{e.event_name}</td>
              <td className="id-cell">
                <a href={eventHref(e.event_id)} tabIndex={-1} onClick={keepNewTab} className="event-id">
                  <code>{e.event_id}</code>
                </a>
                {e.replay_of && <div className="muted small">copy of <code>{e.replay_of}</code></div>}
              </td>
              <td><span className="badge">{e.source}</span></td>
              <td className="num">{e.value === null ? "—" : money(e.value, e.currency)}</td>
              <td><DeliveryBadges deliveries={e.deliveries} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The id is a real link (a new tab opens the event); a plain click is the row's. */
function keepNewTab(ev: MouseEvent<HTMLAnchorElement>) {
  if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) ev.stopPropagation();
  else ev.preventDefault();
}

function Pager({ page }: { page: EventPage }) {
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const prev = Math.max(0, page.offset - page.limit);
  const next = page.offset + page.limit;
  const tooDeep = next > MAX_OFFSET;
  const hasNext = next < page.total && !tooDeep;
  return (
    <nav className="pager" aria-label="Pages" data-testid="events-pager">
      <span data-testid="events-total">
        {page.items.length === 0 ? "None" : `${count(first)}–${count(last)}`} of {count(page.total)}
      </span>
      <button type="button" disabled={page.offset === 0} onClick={() => writeParams({ offset: prev ? String(prev) : "" })}
        data-testid="page-prev">
        ← Previous
      </button>
      <button type="button" disabled={!hasNext} onClick={() => writeParams({ offset: String(next) })} data-testid="page-next">
        Next →
      </button>
      {tooDeep && next < page.total && (
        <span className="muted small">The list stops at {count(MAX_OFFSET)} events: narrow the filters or the time range.</span>
      )}
    </nav>
  );
}

/** ISO (or unix seconds, or a date: the API's forms) → the `datetime-local` value in this browser's zone. */
function toLocalInput(value: string, end: boolean): string {
  if (!value) return "";
  let d: Date;
  if (/^\d{1,12}$/.test(value)) d = new Date(Number(value) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) d = new Date(`${value}T${end ? "23:59:59" : "00:00:00"}Z`);
  else d = new Date(value);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().replace(/\.000Z$/, "Z");
}
