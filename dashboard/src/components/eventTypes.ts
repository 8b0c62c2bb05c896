// The shapes of GET /v1/events, GET /v1/events/:id and the replay answers (docs/api.md), shared by
// the Events and Live pages.

export interface PlatformStatus {
  platform: string;
  status: string;
}

export interface EventSummary {
  event_id: string;
  event_name: string;
  source: string;
  event_time: string;
  received_at: string;
  value: number | null;
  currency: string | null;
  order_id: string | null;
  country: string | null;
  replay_of: string | null;
  deliveries: PlatformStatus[];
}

export interface EventPage {
  items: EventSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface Delivery {
  platform: string;
  connection_id?: string | null;
  status: string;
  attempts: number;
  http_status: number | null;
  error: string | null;
  latency_ms: number | null;
  queued_at: string | null;
  updated_at: string | null;
  next_attempt_at?: string | null;
}

export interface EventWarning {
  code: string;
  path: string;
}

export interface EventDetail extends Omit<EventSummary, "deliveries"> {
  event_source_url: string | null;
  api_key_id: string | null;
  identity: Record<string, boolean>;
  warnings: EventWarning[];
  payload: unknown;
  deliveries: Delivery[];
}

export interface ReplayResult {
  ok: boolean;
  replayed_at: string;
  event_id: string;
  replay_of: string;
  platforms?: string[];
}

/** A connection of GET /v1/platforms, as much as these pages need. */
export interface Connection {
  id: string;
  platform: string;
  name: string | null;
  status: string;
}

/** Delivery statuses (docs/contracts.md), in the order of the state machine. */
export const STATUSES = ["QUEUED", "DELIVERED", "RETRY", "FAILED", "ERROR", "SKIPPED"] as const;
/** What retry-failed sends again. */
export const RETRYABLE = new Set(["FAILED", "ERROR", "RETRY"]);
export const SOURCES = ["server", "browser", "app", "offline", "replay"] as const;

/** The current page's URL with `?event=<id>` set (or removed): the drawer lives in the URL too. */
export function eventHref(id: string | null): string {
  const query = new URLSearchParams(window.location.search);
  if (id === null) query.delete("event");
  else query.set("event", id);
  const qs = query.toString();
  return window.location.pathname + (qs ? `?${qs}` : "");
}

export function eventPath(id: string): string {
  return `/v1/events/${encodeURIComponent(id)}`;
}
