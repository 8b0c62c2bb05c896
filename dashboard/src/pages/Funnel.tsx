import { Card, Empty, ErrorBox, Loading, PageHeader, RangeSwitch, useRange } from "../components/ui";
import { HBar } from "../components/InsightBars";
import { setQuery, useLocation, Link } from "../router";
import { useApi } from "../hooks";
import { count, percent } from "../format";

interface Funnel {
  range: string;
  by: "customer" | null;
  stages: {
    stage: string;
    count: number;
    drop_off: number | null;
    drop_off_rate: number | null;
    customers: number | null;
  }[];
}

const STAGE_NAMES: Record<string, string> = {
  page_view: "Page view", view_content: "View content", add_to_cart: "Add to cart",
  initiate_checkout: "Initiate checkout", add_payment_info: "Add payment info", purchase: "Purchase",
};

export default function FunnelPage() {
  const range = useRange();
  const { query } = useLocation();
  const byCustomer = query.get("by") === "customer";
  const f = useApi<Funnel>(`/v1/analytics/funnel?range=${range}${byCustomer ? "&by=customer" : ""}`);
  return (
    <>
      <PageHeader title="Funnel">
        <div className="segmented" role="group" aria-label="Count" data-testid="by-customer-toggle">
          <button type="button" aria-pressed={!byCustomer} className={!byCustomer ? "active" : ""} onClick={() => setQuery("by", null)}>
            Events
          </button>
          <button type="button" aria-pressed={byCustomer} className={byCustomer ? "active" : ""} onClick={() => setQuery("by", "customer")}>
            By customer
          </button>
        </div>
        <RangeSwitch />
      </PageHeader>
      {f.error ? <ErrorBox error={f.error} onRetry={f.reload} /> : !f.data ? <Loading /> : <FunnelView f={f.data} byCustomer={byCustomer} />}
    </>
  );
}

interface Row {
  stage: string;
  value: number;
  dropOff: number | null;
  rate: number | null;
}

function rows(f: Funnel, byCustomer: boolean): Row[] {
  let previous: number | null = null;
  return f.stages.map((s) => {
    if (!byCustomer) return { stage: s.stage, value: s.count, dropOff: s.drop_off, rate: s.drop_off_rate };
    // Customers per stage: the API gives the counts; drop-off between them is computed here alike.
    const value = s.customers ?? 0;
    const dropOff: number | null = previous === null ? null : previous - value;
    const rate = previous === null || previous === 0 || dropOff === null ? null : Math.round((1000 * dropOff) / previous) / 10;
    previous = value;
    return { stage: s.stage, value, dropOff, rate };
  });
}

function FunnelView({ f, byCustomer }: { f: Funnel; byCustomer: boolean }) {
  const data = rows(f, byCustomer);
  const max = Math.max(0, ...data.map((r) => r.value));
  const unit = byCustomer ? "customers" : "events";
  if (max === 0) {
    return (
      <Empty title={`No funnel ${unit} in this range`}>
        <p>
          Send <code>page_view</code>, <code>view_content</code>, <code>add_to_cart</code>, <code>initiate_checkout</code>,{" "}
          <code>add_payment_info</code> and <code>purchase</code> events{byCustomer ? " with user data, so a customer can be followed" : ""}.{" "}
          <Link to="/events">See your events</Link>.
        </p>
      </Empty>
    );
  }
  return (
    <Card title={byCustomer ? "Unique customers who passed each stage in order" : "Events per stage"}>
      <div data-testid="funnel-stages">
        {data.map((r) => (
          <HBar key={r.stage} label={STAGE_NAMES[r.stage] ?? r.stage} value={r.value} max={max} testId="funnel-stage"
            text={<>
              <strong>{count(r.value)}</strong>
              {r.dropOff !== null && r.dropOff > 0 && (
                <span className="muted"> · {count(r.dropOff)} dropped{r.rate === null ? "" : ` (${percent(r.rate)})`}</span>
              )}
              {r.dropOff !== null && r.dropOff < 0 && (
                <span className="muted"> · {count(-r.dropOff)} more than the stage before</span>
              )}
            </>} />
        ))}
      </div>
      <div className="table-scroll">
        <table className="data ins-table fn-table" data-testid="funnel-table">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" className="num">{byCustomer ? "Customers" : "Events"}</th>
              <th scope="col" className="num">Drop-off</th>
              <th scope="col" className="num">Drop-off rate</th>
              <th scope="col" className="num">Of first stage</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.stage}>
                <th scope="row"><code>{r.stage}</code></th>
                <td className="num">{count(r.value)}</td>
                <td className="num">{r.dropOff === null ? "—" : count(r.dropOff)}</td>
                <td className="num">{percent(r.rate)}</td>
                <td className="num">{data[0].value > 0 ? percent(Math.round((1000 * r.value) / data[0].value) / 10) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!byCustomer && (
        <p className="muted">Event counts per stage need not be in order (a purchase without a tracked page view counts too); switch to “By customer” to follow customers through the stages.</p>
      )}
    </Card>
  );
}
