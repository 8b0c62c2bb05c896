import { Card, Empty, ErrorBox, Kpi, Loading, PageHeader, RangeSwitch, useRange } from "../components/ui";
import { EventLink, HBar } from "../components/InsightBars";
import { Link } from "../router";
import { useApi } from "../hooks";
import { count, percent, platformName } from "../format";

interface Quality {
  range: string;
  events: number;
  match_quality: number | null;
  platforms: { platform: string; score: number | null; deliveries: number }[];
  completeness: { field: string; events: number; percent: number }[];
  issues: {
    code: string;
    path: string;
    origin: "rejected" | "warning";
    count: number;
    share: number;
    example_event_id: string | null;
  }[];
}

const FIELD_NAMES: Record<string, string> = {
  email: "Email", phone: "Phone", name: "Name", address: "Address", external_id: "External id",
  ip: "IP address", user_agent: "User agent", fbp: "fbp (Meta browser id)", fbc: "fbc (Meta click id)",
  click_id: "Click id (gclid, ttclid, …)",
};

export default function QualityPage() {
  const range = useRange();
  const q = useApi<Quality>(`/v1/analytics/quality?range=${range}`);
  return (
    <>
      <PageHeader title="Quality">
        <RangeSwitch />
      </PageHeader>
      {q.error ? <ErrorBox error={q.error} onRetry={q.reload} /> : !q.data ? <Loading /> : <QualityView q={q.data} />}
    </>
  );
}

function tone(score: number): "ok" | "warn" | "bad" {
  return score >= 7 ? "ok" : score >= 4 ? "warn" : "bad";
}

function QualityView({ q }: { q: Quality }) {
  if (q.events === 0 && q.issues.length === 0) {
    return (
      <Empty title="No events in this range">
        <p>Send events with user data (email, phone, click ids) from an API key; their match quality shows here. See <Link to="/api-keys">API keys</Link>.</p>
      </Empty>
    );
  }
  const attempted = q.platforms.filter((p) => p.deliveries > 0);
  return (
    <>
      <div className="kpis" data-testid="mqs-overall">
        <Kpi label="Match Quality Score" value={q.match_quality === null ? "—" : `${q.match_quality.toFixed(1)} / 10`}
          hint="Weighted share of events carrying each identifier: email 3, phone 3, external id 2, click id 2, fbp 1.5, IP 1, user agent 1, name 0.5, address 0.5" />
        <Kpi label={`Events (${q.range})`} value={count(q.events)} />
      </div>
      <div className="grid-2">
        <Card title="Match quality per platform (0–10)">
          {attempted.length === 0 ? (
            <Empty title="No delivery attempts in this range">
              <p>Connect a platform on the <Link to="/platforms">Platforms</Link> page.</p>
            </Empty>
          ) : (
            <div data-testid="platform-scores">
              {attempted.map((p) => (
                <HBar key={p.platform} label={platformName(p.platform)} value={p.score ?? 0} max={10}
                  tone={tone(p.score ?? 0)} testId="platform-score"
                  text={<>{p.score === null ? "—" : p.score.toFixed(1)} <span className="muted">· {count(p.deliveries)} sent</span></>} />
              ))}
            </div>
          )}
          <details className="table-toggle">
            <summary>Show as table</summary>
            <div className="table-scroll">
              <table className="data ins-table">
                <thead><tr><th scope="col">Platform</th><th scope="col" className="num">Score</th><th scope="col" className="num">Attempts</th></tr></thead>
                <tbody>
                  {q.platforms.map((p) => (
                    <tr key={p.platform}>
                      <th scope="row">{platformName(p.platform)}</th>
                      <td className="num">{p.score === null ? "—" : p.score.toFixed(1)}</td>
                      <td className="num">{count(p.deliveries)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </Card>
        <Card title="Field completeness">
          <div data-testid="completeness">
            {q.completeness.map((c) => (
              <HBar key={c.field} label={FIELD_NAMES[c.field] ?? c.field} value={c.percent} max={100}
                tone={c.percent >= 70 ? "ok" : c.percent >= 30 ? "warn" : "muted"} testId="completeness-field"
                text={<>{percent(c.percent)} <span className="muted">· {count(c.events)}</span></>} />
            ))}
          </div>
          <details className="table-toggle">
            <summary>Show as table</summary>
            <table className="data ins-table">
              <thead><tr><th scope="col">Field</th><th scope="col" className="num">Events with it</th><th scope="col" className="num">Share</th></tr></thead>
              <tbody>
                {q.completeness.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{FIELD_NAMES[c.field] ?? c.field}</th>
                    <td className="num">{count(c.events)}</td><td className="num">{percent(c.percent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </Card>
      </div>
      <Card title="Top issues">
        {q.issues.length === 0 ? (
          <Empty title="No issues in this range">
            <p>Every event was accepted without a warning.</p>
          </Empty>
        ) : (
          <div className="table-scroll">
            <table className="data ins-table" data-testid="issues-table">
              <thead>
                <tr>
                  <th scope="col">Code</th><th scope="col">Path</th><th scope="col">Origin</th>
                  <th scope="col" className="num">Count</th><th scope="col" className="num">Share</th><th scope="col">Example event</th>
                </tr>
              </thead>
              <tbody>
                {q.issues.map((i) => (
                  <tr key={`${i.code}|${i.path}|${i.origin}`} data-testid="issue-row">
                    <td><code>{i.code}</code></td>
                    <td>{i.path ? <code>{i.path}</code> : <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge ${i.origin === "rejected" ? "status-failed" : "status-retry"}`}>
                        {i.origin === "rejected" ? "refused (400)" : "warning"}
                      </span>
                    </td>
                    <td className="num">{count(i.count)}</td>
                    <td className="num">{percent(i.share)}</td>
                    <td>{i.origin === "rejected" ? <span className="muted" title="Refused requests are not stored">{i.example_event_id ?? "—"}</span> : <EventLink id={i.example_event_id} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
