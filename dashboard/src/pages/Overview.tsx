import { useMemo } from "react";
import { Card, Empty, ErrorBox, Kpi, Loading, PageHeader, RangeSwitch, useRange } from "../components/ui";
import { LineChart } from "../components/LineChart";
import { FirstEvent } from "../components/FirstEvent";
import { useApi } from "../hooks";
import { count, money, ms, percent } from "../format";

export interface Overview {
  range: string;
  start: string;
  end: string;
  events_24h: number;
  events: number;
  delivery_rate: number | null;
  health_score: number | null;
  active_platforms: number;
  revenue_tracked: number;
  revenue_currency: string | null;
  revenue_by_currency: Record<string, number>;
  avg_latency_ms: number | null;
  p95_latency_ms: number | null;
  match_quality: number | null;
  deltas: Record<string, number | null>;
}

export interface Volume {
  range: string;
  timezone: string;
  days: { date: string; accepted: number; delivered: number; failed: number; skipped: number }[];
}

const COLORS = { accepted: "#1f4fd1", delivered: "#13863f", failed: "#c62828", skipped: "#8a8f98" };

export default function OverviewPage() {
  const range = useRange();
  const overview = useApi<Overview>(`/v1/analytics/overview?range=${range}`);
  const volume = useApi<Volume>(`/v1/analytics/volume?range=${range}`);
  return (
    <>
      <PageHeader title="Overview">
        <RangeSwitch />
      </PageHeader>
      {overview.error ? (
        <ErrorBox error={overview.error} onRetry={overview.reload} />
      ) : !overview.data ? (
        <Loading />
      ) : (
        <Kpis o={overview.data} />
      )}
      {overview.data && overview.data.events === 0 && overview.data.events_24h === 0 && <FirstEvent />}
      <Card title={volume.data ? `Volume per day (${volume.data.timezone})` : "Volume per day"}>
        {volume.error ? (
          <ErrorBox error={volume.error} onRetry={volume.reload} />
        ) : !volume.data ? (
          <Loading />
        ) : (
          <VolumeChart v={volume.data} />
        )}
      </Card>
    </>
  );
}

function Kpis({ o }: { o: Overview }) {
  const d = o.deltas ?? {};
  const otherCurrencies = Object.entries(o.revenue_by_currency ?? {}).filter(([c]) => c !== o.revenue_currency);
  return (
    <div className="kpis" data-testid="kpis">
      <Kpi label="Health score" value={o.health_score ?? "—"} delta={d.health_score}
        hint="50 points for the delivery rate, 25 for p95 latency (full under 1 s), 25 for match quality" />
      <Kpi label="Events (24 h)" value={count(o.events_24h)} delta={d.events_24h} />
      <Kpi label={`Events (${o.range})`} value={count(o.events)} delta={d.events} />
      <Kpi label="Delivery rate" value={percent(o.delivery_rate)} delta={d.delivery_rate}
        hint="DELIVERED among delivered, failed and errored attempts; skipped events are not attempts" />
      <Kpi label="Revenue tracked"
        value={<>{money(o.revenue_tracked, o.revenue_currency)}
          {otherCurrencies.length > 0 && <small className="muted"> + {otherCurrencies.map(([c, v]) => money(v, c)).join(", ")}</small>}</>}
        delta={d.revenue_tracked} />
      <Kpi label="Avg latency" value={ms(o.avg_latency_ms)} delta={d.avg_latency_ms} lowerIsBetter
        hint={`p95 ${ms(o.p95_latency_ms)}`} />
      <Kpi label="Match quality" value={o.match_quality === null ? "—" : `${o.match_quality.toFixed(1)} / 10`} delta={d.match_quality} />
      <Kpi label="Active platforms" value={count(o.active_platforms)} delta={d.active_platforms} />
    </div>
  );
}

function VolumeChart({ v }: { v: Volume }) {
  const days = useMemo(() => v.days.map((d) => d.date), [v]);
  const series = useMemo(
    () => (["accepted", "delivered", "failed", "skipped"] as const).map((k) => ({
      label: k, color: COLORS[k], values: v.days.map((d) => d[k]),
    })),
    [v],
  );
  if (v.days.every((d) => d.accepted === 0)) return <Empty title="No events in this range" />;
  return (
    <>
      <LineChart days={days} series={series} />
      <details className="table-toggle">
        <summary>Show as table</summary>
        <table className="data">
          <thead>
            <tr><th>Day</th><th className="num">Accepted</th><th className="num">Delivered</th><th className="num">Failed</th><th className="num">Skipped</th></tr>
          </thead>
          <tbody>
            {v.days.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td><td className="num">{count(d.accepted)}</td><td className="num">{count(d.delivered)}</td>
                <td className="num">{count(d.failed)}</td><td className="num">{count(d.skipped)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
