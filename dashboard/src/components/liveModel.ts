// The Live page's list: one row per event_id, merging its accepted record(s) with the delivery
// states as they arrive (GET /v1/events/stream). Pure functions, so the page only schedules them.

/** `event: accepted`. The presence flags' field name may vary: see presenceFlags. */
export interface AcceptedRecord {
  event_id: string;
  event_name?: string;
  source?: string;
  event_time?: string | number;
  received_at?: string;
  value?: number | null;
  currency?: string | null;
  platforms?: string[];
  [field: string]: unknown;
}

/**
 * `event: duplicate`: a copy the ingest gateway answered 409 duplicate_event. It never reached the
 * pipeline, so it has no value or deliveries; `identity` is named as in `accepted`.
 */
export interface DuplicateRecord {
  event_id: string;
  event_name?: string;
  source?: string;
  received_at?: string;
  [field: string]: unknown;
}

/** `event: delivery` (field names as GET /v1/events/:id's deliveries). */
export interface DeliveryRecord {
  event_id: string;
  event_name?: string | null;
  platform: string;
  connection_id?: string | null;
  status: string;
  attempts?: number;
  http_status?: number | null;
  error?: string | null;
  latency_ms?: number;
  updated_at?: string | null;
  next_attempt_at?: string | null;
}

export type StreamMessage =
  | { kind: "accepted"; record: AcceptedRecord }
  | { kind: "duplicate"; record: DuplicateRecord }
  | { kind: "delivery"; record: DeliveryRecord };

export interface LiveRow {
  /** Arrival order, for stable element ids. */
  seq: number;
  id: string;
  /** Accepted copies in arrival order: the first is the one the pipeline kept. */
  copies: AcceptedRecord[];
  /** Copies the ingest gateway refused as duplicates (409), in arrival order. */
  refused: DuplicateRecord[];
  deliveries: Record<string, DeliveryRecord>;
}

export const MAX_ROWS = 500;
const FINAL = new Set(["DELIVERED", "FAILED", "ERROR", "SKIPPED"]);

let seq = 0;

/**
 * Applies messages (oldest first) to rows (newest first): a new event_id becomes a row on top, a
 * known one is updated in place; rows beyond `limit` fall off the bottom. Rows untouched by the
 * batch keep their identity, so their rendering can be skipped.
 */
export function applyMessages(rows: LiveRow[], batch: StreamMessage[], limit = MAX_ROWS): LiveRow[] {
  if (batch.length === 0) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const touched = new Set<string>();
  const fresh: LiveRow[] = [];
  const editable = (id: string): LiveRow => {
    let row = byId.get(id);
    if (!row) {
      row = { seq: ++seq, id, copies: [], refused: [], deliveries: {} };
      fresh.push(row);
      touched.add(id);
    } else if (!touched.has(id)) {
      row = { ...row, copies: [...row.copies], refused: [...row.refused], deliveries: { ...row.deliveries } };
      touched.add(id);
    }
    byId.set(id, row);
    return row;
  };
  for (const m of batch) {
    const id = m.record.event_id;
    if (typeof id !== "string" || id === "") continue;
    const row = editable(id);
    if (m.kind === "accepted") {
      const r = m.record;
      // the same record twice (a reconnect that re-sends) is not a second copy
      if (!row.copies.some((c) => c.source === r.source && c.received_at === r.received_at)) row.copies.push(r);
    } else if (m.kind === "duplicate") {
      const r = m.record;
      if (!row.refused.some((c) => c.source === r.source && c.received_at === r.received_at)) row.refused.push(r);
    } else {
      const previous = row.deliveries[m.record.platform];
      // states can arrive out of order across partitions: a final state is not overtaken by a
      // queued or retrying one
      if (!previous || !FINAL.has(previous.status) || FINAL.has(m.record.status)) {
        row.deliveries[m.record.platform] = { ...previous, ...m.record };
      }
    }
  }
  const kept = rows.map((r) => byId.get(r.id) as LiveRow);
  return [...fresh.reverse(), ...kept].slice(0, limit);
}

/** Parses one SSE data line; null when it is not the contract's shape. */
export function parseMessage(event: string, data: string): StreamMessage | null {
  if (event !== "accepted" && event !== "delivery" && event !== "duplicate") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.event_id !== "string") return null;
  if (event === "delivery") {
    if (typeof record.platform !== "string" || typeof record.status !== "string") return null;
    return { kind: "delivery", record: { ...record, status: record.status.toUpperCase() } as unknown as DeliveryRecord };
  }
  if (event === "duplicate") return { kind: "duplicate", record: record as DuplicateRecord };
  return { kind: "accepted", record: record as AcceptedRecord };
}

/**
 * What became of a copy: `kept` (the first accepted copy), `pipeline` (a later accepted copy, which
 * the pipeline's dedup dropped), `ingest` (refused with 409 by the ingest gateway).
 */
export type CopyFate = "kept" | "pipeline" | "ingest";

export interface RowCopy {
  record: AcceptedRecord | DuplicateRecord;
  fate: CopyFate;
}

/** Every copy of the row's event id: the kept one first, then those dropped, each in arrival order. */
export function rowCopies(row: LiveRow): RowCopy[] {
  return [
    ...row.copies.map((record, i): RowCopy => ({ record, fate: i === 0 ? "kept" : "pipeline" })),
    ...row.refused.map((record): RowCopy => ({ record, fate: "ingest" })),
  ];
}

/** The record the row's columns show: the kept copy, else the first refused one. */
export function rowHead(row: LiveRow): AcceptedRecord | DuplicateRecord | undefined {
  return row.copies[0] ?? row.refused[0];
}

const FLAG_FIELDS = ["user_data", "identity", "user_data_present", "presence", "fields_present", "fields"];

/**
 * The accepted record's identity presence flags, whatever the field is called: a known name, else
 * the first object whose values are all booleans; top-level `has_*` booleans count too.
 */
export function presenceFlags(record: AcceptedRecord | DuplicateRecord): Record<string, boolean> {
  const isFlags = (v: unknown): v is Record<string, boolean> =>
    typeof v === "object" && v !== null && !Array.isArray(v) &&
    Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === "boolean");
  const named = FLAG_FIELDS.map((f) => record[f]).find(isFlags);
  const found = named ?? Object.values(record).find(isFlags) ?? {};
  const top = Object.fromEntries(
    Object.entries(record).filter(([k, v]) => k.startsWith("has_") && typeof v === "boolean"),
  ) as Record<string, boolean>;
  return { ...found, ...top };
}

/** The event's delivery states, platform by platform, in the order they first arrived. */
export function rowDeliveries(row: LiveRow): DeliveryRecord[] {
  return Object.values(row.deliveries);
}
