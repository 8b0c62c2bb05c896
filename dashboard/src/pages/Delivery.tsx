import { useMemo } from "react";
import { Card, Empty, ErrorBox, Kpi, Loading, PageHeader, RangeSwitch, StatusBadge, useRange } from "../components/ui";
import { EventLink, StackedBar, type Segment } from "../components/InsightBars";
import { Link } from "../router";
import { useApi } from "../hooks";
import { count, percent, platformName } from "../format";

interface Reason {
  status: "FAILED" | "ERROR" | "SKIPPED";
  reason: string | null;
  count: number;
  example_event_id: string | null;
}

interface PlatformFlow {
  platform: string;
  connected: boolean;
  routed: number;
  delivered: number;
  failed: number;
  error: number;
  skipped: number;
  waiting: number;
  reasons: Reason[];
}

interface DeliveryFlow {
  range: string;
  start: string;
  end: string;
  ingest: { received: number; accepted: number; refused: number };
  platforms: PlatformFlow[];
}

interface Coverage {
  range: string;
  event_names: string[];
  platforms: { platform: string; connected: boolean }[];
  matrix: number[][];
}

export default function DeliveryPage() {
  const range = useRange();
  const flow = useApi<DeliveryFlow>(`/v1/analytics/delivery?range=${range}`);
  const coverage = useApi<Coverage>(`/v1/analytics/coverage?range=${range}`);
  return (
    <>
      <PageHeader title="Delivery">
        <RangeSwitch />
      </PageHeader>
      {flow.error ? (
        <ErrorBox error={flow.error} onRetry={flow.reload} />
      ) : !flow.data ? (
        <Loading />
      ) : (
        <Flow f={flow.data} />
      )}
      <Card title="Coverage: delivered events per platform">
        {coverage.error ? (
          <ErrorBox error={coverage.error} onRetry={coverage.reload} />
        ) : !coverage.data ? (
          <Loading />
        ) : (
          <Heatmap c={coverage.data} />
        )}
      </Card>
    </>
  );
}

function segments(p: PlatformFlow): Segment[] {
  return [
    { key: "delivered", label: "Delivered", value: p.delivered, tone: "ok" },
    { key: "skipped", label: "Skipped", value: p.skipped, tone: "muted" },
    { key: "waiting", label: "Waiting", value: p.waiting, tone: "warn" },
    { key: "failed", label: "Failed", value: p.failed, tone: "bad" },
    { key: "error", label: "Error", value: p.error, tone: "error" },
  ];
}

function Flow({ f }: { f: DeliveryFlow }) {
  const active = f.platforms.filter((p) => p.routed > 0 || p.connected);
  const idle = f.platforms.filter((p) => p.routed === 0 && !p.connected);
  const withReasons = f.platforms.filter((p) => p.reasons.length > 0);
  return (
    <>
      <div className="kpis" data-testid="ingest-flow">
        <Kpi label="Received" value={count(f.ingest.received)} hint="Accepted events plus requests refused at ingest" />
        <Kpi label="Refused at ingest" value={count(f.ingest.refused)}
          hint="400 answers, counted once per field error (so at most this many requests)" />
        <Kpi label="Accepted" value={count(f.ingest.accepted)} />
      </div>
      <Card title="Flow per platform">
        {f.ingest.received === 0 && active.every((p) => p.routed === 0) ? (
          <Empty title="Nothing delivered in this range">
            <p>Send events with an API key and connect a platform on the <Link to="/platforms">Platforms</Link> page; their deliveries show here.</p>
          </Empty>
        ) : active.length === 0 ? (
          <Empty title="No platform connected">
            <p>Connect one on the <Link to="/platforms">Platforms</Link> page to start delivering.</p>
          </Empty>
        ) : (
          <div className="dl-flows" data-testid="delivery-flow">
            {active.map((p) => (
              <div key={p.platform} className="dl-flow" data-testid="platform-flow" data-platform={p.platform}>
                <div className="dl-flow-head">
                  <strong>{platformName(p.platform)}</strong>
                  {!p.connected && <span className="badge">not connected now</span>}
                  <span className="muted">{count(p.routed)} routed · delivery rate {percent(rate(p))}</span>
                </div>
                <StackedBar segments={segments(p)} total={p.routed} />
              </div>
            ))}
          </div>
        )}
        {idle.length > 0 && (
          <p className="muted dl-idle">Never connected, nothing routed: {idle.map((p) => platformName(p.platform)).join(", ")}.</p>
        )}
        <details className="table-toggle">
          <summary>Show as table</summary>
          <div className="table-scroll">
            <table className="data ins-table" data-testid="flow-table">
              <thead>
                <tr>
                  <th scope="col">Platform</th><th scope="col" className="num">Routed</th><th scope="col" className="num">Delivered</th>
                  <th scope="col" className="num">Skipped</th><th scope="col" className="num">Waiting</th>
                  <th scope="col" className="num">Failed</th><th scope="col" className="num">Error</th><th scope="col" className="num">Delivery rate</th>
                </tr>
              </thead>
              <tbody>
                {f.platforms.map((p) => (
                  <tr key={p.platform}>
                    <th scope="row">{platformName(p.platform)}{!p.connected && <span className="muted"> (not connected)</span>}</th>
                    <td className="num">{count(p.routed)}</td><td className="num">{count(p.delivered)}</td>
                    <td className="num">{count(p.skipped)}</td><td className="num">{count(p.waiting)}</td>
                    <td className="num">{count(p.failed)}</td><td className="num">{count(p.error)}</td>
                    <td className="num">{percent(rate(p))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </Card>
      <Card title="Top reasons">
        {withReasons.length === 0 ? (
          <Empty title="No failed, errored or skipped deliveries in this range" />
        ) : (
          <div className="table-scroll">
            <table className="data ins-table" data-testid="reasons-table">
              <thead>
                <tr>
                  <th scope="col">Platform</th><th scope="col">Status</th><th scope="col">Reason</th>
                  <th scope="col" className="num">Deliveries</th><th scope="col">Example event</th><th scope="col"><span className="sr-only">All events</span></th>
                </tr>
              </thead>
              <tbody>
                {withReasons.flatMap((p) =>
                  p.reasons.map((r, i) => (
                    <tr key={`${p.platform}-${r.status}-${r.reason ?? ""}-${i}`} data-testid="reason-row">
                      <td>{platformName(p.platform)}</td>
                      <td><StatusBadge status={r.status} /></td>
                      <td className="dl-reason">{r.reason ?? <span className="muted">(no message)</span>}</td>
                      <td className="num">{count(r.count)}</td>
                      <td><EventLink id={r.example_event_id} /></td>
                      <td>
                        <Link to={`/events?platform=${p.platform}&status=${r.status}`}>
                          All {r.status.toLowerCase()}<span className="sr-only"> on {platformName(p.platform)}</span>
                        </Link>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function rate(p: PlatformFlow): number | null {
  const attempts = p.delivered + p.failed + p.error;
  return attempts === 0 ? null : Math.round((1000 * p.delivered) / attempts) / 10;
}

function Heatmap({ c }: { c: Coverage }) {
  const max = useMemo(() => Math.max(0, ...c.matrix.flat()), [c]);
  if (c.event_names.length === 0) {
    return (
      <Empty title="No events in this range">
        <p>Each accepted event name gets a row here, with what reached each platform.</p>
      </Empty>
    );
  }
  // Log scale: a purchase row of 40 should not vanish beside a page_view row of 40,000.
  const level = (n: number) => (n <= 0 || max <= 0 ? 0 : Math.max(1, Math.ceil((4 * Math.log1p(n)) / Math.log1p(max))));
  return (
    <>
      <div className="table-scroll">
        <table className="data ins-table dl-heatmap" data-testid="coverage-heatmap">
          <caption className="sr-only">Delivered events: event names down, platforms across</caption>
          <thead>
            <tr>
              <th scope="col">Event name ↓ · Platform →</th>
              {c.platforms.map((p) => (
                <th key={p.platform} scope="col" className={`num ${p.connected ? "" : "dl-off"}`}>
                  {platformName(p.platform)}
                  {!p.connected && <span className="dl-off-note">never connected</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.event_names.map((name, i) => (
              <tr key={name}>
                <th scope="row"><code>{name}</code></th>
                {c.platforms.map((p, j) => {
                  const n = c.matrix[i]?.[j] ?? 0;
                  return p.connected ? (
                    <td key={p.platform} className={`num dl-cell heat-${level(n)}`} data-testid="coverage-cell">{count(n)}</td>
                  ) : (
                    <td key={p.platform} className="num dl-cell dl-off" data-testid="coverage-cell">
                      <span aria-label="never connected">—</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="dl-scale" aria-hidden="true">
        <span>0</span>
        {[1, 2, 3, 4].map((l) => <span key={l} className={`dl-cell heat-${l}`} />)}
        <span>{count(max)} delivered</span>
        <span className="dl-cell dl-off">—</span><span>never connected</span>
      </div>
    </>
  );
}
