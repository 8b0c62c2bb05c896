import type { ReactNode } from "react";
import type { ApiError } from "../api";
import { setQuery, useLocation } from "../router";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="state error" role="alert">
      <strong>{error.status ? `${error.status} · ${error.code}` : error.code}</strong>
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>
              {d.path && <code>{d.path}</code>} {d.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

export function Card({ title, actions, children, className }: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ""}`}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      <div className="page-actions">{children}</div>
    </div>
  );
}

/** A change against the previous period: green up, red down (or the reverse when lower is better). */
export function Delta({ value, lowerIsBetter = false }: { value: number | null | undefined; lowerIsBetter?: boolean }) {
  if (value === null || value === undefined) return <span className="delta none">no previous data</span>;
  const good = lowerIsBetter ? value < 0 : value > 0;
  const cls = value === 0 ? "flat" : good ? "up" : "down";
  const arrow = value > 0 ? "▲" : value < 0 ? "▼" : "■";
  return (
    <span className={`delta ${cls}`}>
      <span aria-hidden="true">{arrow}</span> {value > 0 ? "+" : ""}
      {value.toFixed(1)} % <span className="sr-only">against the previous period</span>
    </span>
  );
}

export function Kpi({ label, value, delta, lowerIsBetter, hint }: {
  label: string;
  value: ReactNode;
  delta?: number | null;
  lowerIsBetter?: boolean;
  hint?: string;
}) {
  return (
    <div className="kpi" title={hint}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {delta !== undefined && <Delta value={delta} lowerIsBetter={lowerIsBetter} />}
    </div>
  );
}

export const RANGES = ["24h", "7d", "30d", "90d"] as const;
export type Range = (typeof RANGES)[number];

/** The analytics window, kept in the page's URL (?range=30d) so a link shows the same view. */
export function useRange(): Range {
  const { query } = useLocation();
  const value = query.get("range");
  return (RANGES as readonly string[]).includes(value ?? "") ? (value as Range) : "7d";
}

export function RangeSwitch() {
  const range = useRange();
  return (
    <div className="segmented" role="group" aria-label="Time range">
      {RANGES.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === range}
          className={r === range ? "active" : ""}
          onClick={() => setQuery("range", r === "7d" ? null : r)}
        >
          {r}
        </button>
      ))}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status}</span>;
}
