import { Card, Empty, ErrorBox, Kpi, Loading, PageHeader, RangeSwitch, useRange } from "../components/ui";
import { HBar } from "../components/InsightBars";
import { Link } from "../router";
import { useApi } from "../hooks";
import { count, money, platformName } from "../format";

interface Attribution {
  range: string;
  platforms: { platform: string; orders: number; revenue: Record<string, number> }[];
  totals: { orders: number; revenue: Record<string, number> };
}

export default function AttributionPage() {
  const range = useRange();
  const a = useApi<Attribution>(`/v1/analytics/revenue-attribution?range=${range}`);
  return (
    <>
      <PageHeader title="Revenue attribution">
        <RangeSwitch />
      </PageHeader>
      {a.error ? <ErrorBox error={a.error} onRetry={a.reload} /> : !a.data ? <Loading /> : <AttributionView a={a.data} />}
    </>
  );
}

function moneyList(revenue: Record<string, number>): string {
  const entries = Object.entries(revenue);
  return entries.length === 0 ? "—" : entries.map(([c, v]) => money(v, c)).join(" + ");
}

function AttributionView({ a }: { a: Attribution }) {
  if (a.totals.orders === 0) {
    return (
      <Empty title="No purchases in this range">
        <p>
          Send <code>purchase</code> events with <code>value</code> and <code>currency</code>, and the browser pixel for the
          clicks that brought the customer; see <Link to="/api-keys">API keys</Link>.
        </p>
      </Empty>
    );
  }
  const currencies = Object.keys(a.totals.revenue);
  const max = Math.max(...a.platforms.map((p) => p.orders));
  return (
    <>
      <div className="kpis" data-testid="attribution-totals">
        <Kpi label={`Orders (${a.range})`} value={count(a.totals.orders)} />
        {currencies.length === 0 ? (
          <Kpi label="Revenue" value="—" hint="No purchase carried a currency" />
        ) : (
          currencies.map((c) => <Kpi key={c} label={`Revenue (${c})`} value={money(a.totals.revenue[c], c)} />)
        )}
      </div>
      <Card title="Orders by first-touch platform">
        <div data-testid="attribution-bars">
          {a.platforms.map((p) => (
            <HBar key={p.platform} label={platformName(p.platform)} value={p.orders} max={max}
              tone={p.platform === "direct" ? "muted" : "accent"} testId="attribution-bar"
              text={<><strong>{count(p.orders)}</strong> <span className="muted">· {Math.round((1000 * p.orders) / a.totals.orders) / 10} % · {moneyList(p.revenue)}</span></>} />
          ))}
        </div>
        <div className="table-scroll">
          <table className="data ins-table" data-testid="attribution-table">
            <thead>
              <tr>
                <th scope="col">First touch</th>
                <th scope="col" className="num">Orders</th>
                <th scope="col" className="num">Share of orders</th>
                {currencies.map((c) => <th key={c} scope="col" className="num">Revenue {c}</th>)}
              </tr>
            </thead>
            <tbody>
              {a.platforms.map((p) => (
                <tr key={p.platform} data-testid="attribution-row">
                  <th scope="row">{platformName(p.platform)}</th>
                  <td className="num">{count(p.orders)}</td>
                  <td className="num">{Math.round((1000 * p.orders) / a.totals.orders) / 10} %</td>
                  {currencies.map((c) => <td key={c} className="num">{p.revenue[c] === undefined ? "—" : money(p.revenue[c], c)}</td>)}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{count(a.totals.orders)}</td>
                <td className="num">100 %</td>
                {currencies.map((c) => <td key={c} className="num">{money(a.totals.revenue[c], c)}</td>)}
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="muted">
          A purchase counts under the first ad platform whose click the customer came through (within 90 days); “Direct / unknown”
          when none was seen.
        </p>
      </Card>
    </>
  );
}
