import type { ReactNode } from "react";
import { Link } from "../router";

// Bars for the Delivery, Quality, Funnel and Attribution pages: plain HTML (no canvas), so each
// bar carries its figure as text beside it and the page's table repeats the figures.

/** One labelled horizontal bar: `value` of `max`, with the figure written beside it. */
export function HBar({ label, value, max, text, tone = "accent", testId }: {
  label: ReactNode;
  value: number;
  max: number;
  text: ReactNode;
  tone?: "accent" | "ok" | "bad" | "warn" | "muted";
  testId?: string;
}) {
  const width = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  return (
    <div className="ib-row" data-testid={testId}>
      <div className="ib-label">{label}</div>
      <div className="ib-track" aria-hidden="true">
        <div className={`ib-fill tone-${tone}`} style={{ width: `${width}%` }} />
      </div>
      <div className="ib-text">{text}</div>
    </div>
  );
}

export interface Segment {
  key: string;
  label: string;
  value: number;
  tone: "ok" | "bad" | "error" | "warn" | "muted";
}

/** A stacked bar of segments (each with a title), and a legend that names each one in text. */
export function StackedBar({ segments, total }: { segments: Segment[]; total: number }) {
  return (
    <div className="ib-stack-wrap">
      <div className="ib-stack" aria-hidden="true">
        {segments.filter((s) => s.value > 0).map((s) => (
          <div key={s.key} className={`ib-seg tone-${s.tone}`} style={{ width: `${(100 * s.value) / Math.max(1, total)}%` }}
            title={`${s.label}: ${s.value.toLocaleString("en-US")}`} />
        ))}
      </div>
      <ul className="ib-legend">
        {segments.map((s) => (
          <li key={s.key} className={s.value === 0 ? "zero" : ""}>
            <span className={`ib-swatch tone-${s.tone}`} aria-hidden="true" />
            {s.label} <strong>{s.value.toLocaleString("en-US")}</strong>
            <span className="muted"> ({total > 0 ? ((100 * s.value) / total).toFixed(1) : "0.0"} %)</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** An event id that opens the Events page on that event. */
export function EventLink({ id }: { id: string | null | undefined }) {
  if (!id) return <span className="muted">—</span>;
  return (
    <Link to={`/events?search=${encodeURIComponent(id)}`} className="ib-event" data-testid="event-link">
      <code>{id}</code>
    </Link>
  );
}
