// The merchant's story of issue #22, in a real browser against the runner's stack: each step
// does what a merchant does on a page and checks what the merchant would see, and where it can,
// what the rest of the system did (the fake Meta, the API).
import { DESKTOP } from "./browser.mjs";
import { call, send, serverEvent, until } from "./client.mjs";

/** The story's steps, in order: [name, async () => detail]. Each needs the ones before it. */
export function storySteps(ctx) {
  const { stack, fake } = ctx;
  const api = (method, path, body) => call(method, `${stack.api}${path}`, { token: ctx.token, body });

  return [
    ["sign in with a ./tracklayer dev-token link", async () => {
      const context = await ctx.browser.newContext({ viewport: DESKTOP });
      ctx.page = ctx.watch.attach(await context.newPage(), "story");
      const page = ctx.page;
      await page.goto(`${stack.api}/signin#token=${ctx.token}`);
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      const url = new URL(page.url());
      if (url.hash || url.pathname !== "/") throw new Error(`after sign-in the address is ${url.pathname}${url.hash}`);
      await page.locator("header").getByText(ctx.sub).waitFor();
      const kept = await page.evaluate(() => localStorage.getItem("tracklayer.token"));
      if (kept !== ctx.token) throw new Error("the token was not kept in localStorage");
      ctx.merchant = (await api("GET", "/v1/account")).merchant_id;
      return `merchant ${ctx.merchant}`;
    }],

    ["create an API key on the API keys page; the key is shown once", async () => {
      const page = ctx.page;
      await goTo(page, "API keys");
      await page.getByLabel("Name (optional)").fill("e2e server");
      await page.getByRole("button", { name: "Create key" }).click();
      const box = page.getByRole("region", { name: "Your new API key" });
      await box.waitFor();
      ctx.key = (await box.getByTestId("new-key-value").innerText()).trim();
      if (!/^tl_live_[A-Za-z0-9]{40}$/.test(ctx.key)) throw new Error(`the page shows "${ctx.key}" as the key`);
      await page.getByTestId("api-key-row").filter({ hasText: "e2e server" }).filter({ hasText: ctx.key.slice(0, 12) })
        .waitFor();
      await box.getByRole("button", { name: "I have stored it" }).click();
      await box.waitFor({ state: "hidden" });
      if ((await page.content()).includes(ctx.key)) throw new Error("the key is still on the page once dismissed");
      return `${ctx.key.slice(0, 12)}…, listed by its prefix, gone once dismissed`;
    }],

    ["connect Meta (the fake) on the Platforms page; its Test reaches the fake", async () => {
      const page = ctx.page;
      ctx.pixel = `1${Date.now()}`;
      await goTo(page, "Platforms");
      await page.getByTestId("connect-button").click();
      const form = page.getByTestId("connect-form");
      await form.getByLabel("Platform", { exact: true }).selectOption({ label: "Meta" });
      await form.getByTestId("credential-pixel_id").fill(ctx.pixel);
      await form.getByTestId("credential-access_token").fill(`EAAe2e${ctx.runId.replace(/\W/g, "")}`);
      await form.getByTestId("connect-submit").click();
      const row = page.locator('[data-testid="platform-row"][data-platform="meta"]');
      await row.waitFor();
      const [answer] = await Promise.all([
        page.waitForResponse((r) => /\/v1\/platforms\/[^/]+\/test$/.test(new URL(r.url()).pathname)),
        row.getByTestId("test-button").click(),
      ]);
      const result = await answer.json();
      await row.getByTestId("test-result").getByText("HTTP 200").waitFor();
      if (result.event_id) await fake.waitFor(result.event_id, 15000);
      if (![...fake.pixels].includes(ctx.pixel)) throw new Error(`the fake Meta saw no request for pixel ${ctx.pixel}`);
      const connections = (await api("GET", "/v1/platforms")).items.filter((c) => c.platform === "meta");
      if (connections.length !== 1) throw new Error(`the API lists ${connections.length} Meta connections`);
      return `pixel ${ctx.pixel}; Test: ${result.outcome}, HTTP ${result.http_status}, at the fake`;
    }],

    // The pipeline learns a connection through config.changes: an event routed before that is not
    // sent to Meta. One event at a time until one arrives, so the story's events all go to Meta.
    ["an event reaches the fake Meta through the pipeline", async () => {
      const t0 = Date.now();
      let n = 0;
      await until("no event reached the fake Meta", async () => {
        const id = `${ctx.runId}-warmup-${n++}`;
        await send(stack.ingest, ctx.key, serverEvent(id, "page_view"));
        ctx.accepted++;
        return fake.waitFor(id, 10000).then(() => true, () => false);
      }, { timeoutMs: 120000, everyMs: 0 });
      return `${n} event(s), ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    }],

    ["the Live page shows each event sent with the key within 2 s", async () => {
      const page = ctx.page;
      await goTo(page, "Live");
      await page.locator('[data-testid="live-connection"][data-state="live"]').waitFor({ timeout: 20000 });
      // The gateway's stream consumer starts with its first client: one event until it shows,
      // so the times below are the steady state's.
      let n = 0;
      await until("no event sent showed on the Live page", async () => {
        const id = `${ctx.runId}-hello-${n++}`;
        await send(stack.ingest, ctx.key, serverEvent(id, "page_view"));
        ctx.accepted++;
        return liveRow(page, id).waitFor({ timeout: 10000 }).then(() => true, () => false);
      }, { timeoutMs: 60000, everyMs: 0 });
      const events = [
        serverEvent(`${ctx.runId}-order-1`, "purchase", { order_id: `${ctx.runId}-1`, value: 129.99, currency: "USD" }),
        serverEvent(`${ctx.runId}-order-2`, "purchase", { order_id: `${ctx.runId}-2`, value: 20, currency: "USD" }),
        serverEvent(`${ctx.runId}-cart-1`, "add_to_cart", { value: 20, currency: "USD" }),
      ];
      const shownAfter = [];
      for (const e of events) {
        const t0 = Date.now();
        await send(stack.ingest, ctx.key, e);
        ctx.accepted++;
        await liveRow(page, e.event_id).waitFor({ timeout: 15000 });
        shownAfter.push(Date.now() - t0);
      }
      const slow = events.filter((_, i) => shownAfter[i] > 2000);
      if (slow.length) throw new Error(`shown after ${shownAfter.join(", ")} ms (over 2 s: ${slow.map((e) => e.event_id)})`);
      ctx.storyEvents = events;
      return `shown ${shownAfter.join(", ")} ms after sending`;
    }],

    ["each reaches the fake Meta, and its Live row says DELIVERED", async () => {
      for (const e of ctx.storyEvents) {
        await fake.waitFor(e.event_id, 30000);
        await liveRow(ctx.page, e.event_id).locator('[data-platform="meta"][data-status="DELIVERED"]')
          .waitFor({ timeout: 15000 });
      }
      return `${ctx.storyEvents.length} events`;
    }],

    ["a second copy of an order, refused with 409, shows on its Live row beside the kept one", async () => {
      const page = ctx.page;
      const order = ctx.storyEvents[1];
      const status = await send(stack.ingest, ctx.key, order).then(() => 202, (e) => e.status);
      if (status !== 409) throw new Error(`the second copy of ${order.event_id} was answered ${status}, not 409`);
      const row = liveRow(page, order.event_id);
      await row.getByTestId("live-dedup-badge").waitFor({ timeout: 10000 });
      await row.getByTestId("live-row-toggle").click();
      const fates = await until("the row's detail does not show the kept and the refused copy", async () => {
        const f = await page.getByTestId("live-dedup").getByTestId("live-copy")
          .evaluateAll((els) => els.map((e) => e.getAttribute("data-fate")));
        return JSON.stringify(f) === JSON.stringify(["kept", "ingest"]) && f;
      }, { timeoutMs: 10000, everyMs: 200 });
      await row.getByTestId("live-row-toggle").click();
      return `copies: ${fates.join(", ")}`;
    }],

    ["open an event from Live, replay it: the copy reaches Meta and shows on the page", async () => {
      const page = ctx.page;
      const original = ctx.storyEvents[0].event_id;
      await liveRow(page, original).locator("td").nth(3).click();
      const drawer = page.getByRole("dialog");
      await drawer.getByRole("heading").first().waitFor();
      // the event is read from ClickHouse, a moment behind the stream
      await drawer.getByText(original, { exact: true }).first().waitFor({ timeout: 20000 });
      const clicked = Date.now();
      await drawer.getByRole("button", { name: "Replay" }).click();
      const link = drawer.getByTestId("action-result-link");
      await link.waitFor({ timeout: 15000 });
      const copy = (await link.innerText()).trim();
      if (!copy.startsWith(`${original}-replay-`)) throw new Error(`the replay's id is ${copy}`);
      const atMeta = (await fake.waitFor(copy, 30000)) - clicked;
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });
      await liveRow(page, copy).locator('[data-platform="meta"][data-status="DELIVERED"]').waitFor({ timeout: 15000 });
      return `${copy}: at the fake Meta ${atMeta} ms after the click, then DELIVERED on the Live page`;
    }],

    ["create a rule on the Rules page: purchases to Meta", async () => {
      const page = ctx.page;
      const name = "e2e purchases to Meta";
      await goTo(page, "Rules");
      await page.getByTestId("new-rule-button").click();
      const form = page.getByTestId("rule-form");
      await form.getByLabel("Name", { exact: true }).fill(name);
      await form.getByRole("button", { name: "Add a condition" }).click();
      await form.getByTestId("condition-row").first().getByLabel("Field").selectOption("event_names");
      await form.getByTestId("condition-event_names").fill("purchase");
      await form.getByTestId("rule-platform-meta").check();
      await form.getByTestId("save-rule-button").click();
      await page.getByTestId("rule-row").filter({ hasText: name }).waitFor();
      const rules = (await api("GET", "/v1/rules")).items;
      const rule = rules.find((r) => r.name === name);
      const want = { enabled: true, conditions: { event_names: ["purchase"] }, platforms: ["meta"] };
      const got = rule && { enabled: rule.enabled, conditions: withoutEmpty(rule.conditions), platforms: rule.platforms };
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`the API has ${JSON.stringify(rule ?? rules)}`);
      return JSON.stringify(want);
    }],

    // An event goes to the platforms of its matching enabled rules only: with this rule, a purchase
    // still goes to Meta and an add_to_cart to nothing. The pipeline learns the rule through
    // config.changes, so pairs are sent until one shows it.
    ["the rule routes: a purchase still reaches Meta, an add_to_cart no longer does", async () => {
      let n = 0;
      await until("the add_to_cart events kept reaching Meta", async () => {
        const k = n++;
        const cart = `${ctx.runId}-rule-cart-${k}`;
        const purchase = `${ctx.runId}-rule-order-${k}`;
        await send(stack.ingest, ctx.key, serverEvent(cart, "add_to_cart", { value: 5, currency: "USD" }));
        await send(stack.ingest, ctx.key, serverEvent(purchase, "purchase",
          { order_id: purchase, value: 5, currency: "USD" }));
        ctx.accepted += 2;
        await fake.waitFor(purchase, 30000);
        await new Promise((r) => setTimeout(r, 3000));
        if (fake.arrivals.has(cart)) return false;
        // stored, and routed nowhere
        const detail = await until(`${cart} is not stored`, () => api("GET", `/v1/events/${cart}`).catch(() => null),
          { timeoutMs: 20000 });
        return detail.deliveries.length === 0;
      }, { timeoutMs: 90000, everyMs: 0 });
      return `after ${n} pair(s)`;
    }],

    ["the Events page lists what the API lists, and finds an order by its id", async () => {
      const page = ctx.page;
      await goTo(page, "Events");
      const rows = page.getByTestId("event-row");
      let mismatch = "";
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = await api("GET", "/v1/events");
        await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/events"),
          page.getByRole("button", { name: "Refresh" }).click(),
        ]);
        await rows.first().waitFor();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id")));
        const total = await page.getByTestId("events-total").innerText();
        const after = await api("GET", "/v1/events");
        if (JSON.stringify(before) !== JSON.stringify(after)) continue;
        const want = after.items.map((e) => e.event_id);
        mismatch = JSON.stringify(shown) !== JSON.stringify(want) ? `rows ${shown.join(",")}; API ${want.join(",")}`
          : !total.replace(/,/g, "").endsWith(`of ${after.total}`) ? `"${total}"; API total ${after.total}` : "";
        if (!mismatch) break;
      }
      if (mismatch) throw new Error(mismatch);
      const order = ctx.storyEvents[1];
      await page.getByTestId("filter-search").fill(order.order_id);
      await page.getByTestId("filter-apply").click();
      await until(`searching ${order.order_id} does not show just ${order.event_id}`, async () =>
        JSON.stringify(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id"))))
          === JSON.stringify([order.event_id]), { timeoutMs: 15000 });
      return `${await page.getByTestId("events-total").innerText()} for ${order.order_id}`;
    }],

    ["Overview shows the figures the API returns", async () => {
      // The figures come from the analytics rollup, a few seconds behind: first until the API
      // counts every event sent, then page and API compared while the API holds still.
      await until("the API's overview does not count the events sent", async () =>
        (await api("GET", "/v1/analytics/overview?range=24h")).events_24h >= ctx.accepted, { timeoutMs: 60000 });
      return await comparePage(ctx, "/?range=24h", "/v1/analytics/overview?range=24h", overviewFigures,
        (page) => readKpis(page, "kpis"));
    }],

    ["Delivery shows the figures the API returns", () =>
      comparePage(ctx, "/delivery?range=24h", "/v1/analytics/delivery?range=24h", deliveryFigures, async (page) => ({
        ...(await readKpis(page, "ingest-flow")), ...(await readTable(page, "flow-table")),
      }))],

    ["Quality shows the figures the API returns", () =>
      comparePage(ctx, "/quality?range=24h", "/v1/analytics/quality?range=24h", (q) => ({
        "Match Quality Score": { value: q.match_quality, decimals: 1 },
        [`Events (${q.range})`]: q.events,
      }), (page) => readKpis(page, "mqs-overall"))],

    ["Funnel shows the figures the API returns", () =>
      comparePage(ctx, "/funnel?range=24h", "/v1/analytics/funnel?range=24h", (f) => Object.fromEntries(
        f.stages.map((s) => [`${s.stage} · Events`, s.count])), (page) => readTable(page, "funnel-table"))],

    ["Revenue attribution shows the figures the API returns", () =>
      comparePage(ctx, "/attribution?range=24h", "/v1/analytics/revenue-attribution?range=24h", attributionFigures,
        async (page) => ({ ...(await readKpis(page, "attribution-totals")), ...(await readTable(page, "attribution-table")) }))],
  ];
}

/** Follows the shell's navigation link to a page, as a merchant does. */
async function goTo(page, title) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await settledPage(page);
}

async function settledPage(page) {
  await page.waitForFunction(() => document.querySelectorAll("main .state.loading").length === 0, null,
    { timeout: 15000 });
}

/** A rule's conditions without the ones not set (null, or an empty list). */
const withoutEmpty = (o) => Object.fromEntries(Object.entries(o ?? {})
  .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));

function liveRow(page, id) {
  return page.locator(`[data-testid="live-row"][data-event-id="${id}"]`);
}

/** Loads `path`, reads it with `read`, and compares with `figures(API answer)`; retried while the API moves. */
async function comparePage(ctx, path, apiPath, figures, read) {
  const get = () => call("GET", `${ctx.stack.api}${apiPath}`, { token: ctx.token });
  let mismatch = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = figures(await get());
    await ctx.page.goto(`${ctx.stack.api}${path}`);
    const shown = await read(ctx.page);
    const after = figures(await get());
    if (JSON.stringify(before) !== JSON.stringify(after)) continue;
    const wrong = Object.entries(after).filter(([label, want]) => !same(shown[label], want));
    if (wrong.length === 0) {
      return Object.entries(after).map(([k, v]) => `${k} ${v.value ?? v}`).join(", ");
    }
    mismatch = wrong.map(([label, want]) => `${label}: page "${shown[label] ?? "(missing)"}", API ${JSON.stringify(want)}`)
      .join("; ");
  }
  throw new Error(mismatch || `the API's answer kept changing (${apiPath})`);
}

/** A figure as the page shows it matches the API's: the number in the text, to the shown precision. */
function same(text, want) {
  if (text === undefined) return false;
  const { value, decimals = 0 } = typeof want === "object" && want !== null ? want : { value: want };
  const first = text.split(" + ")[0];
  if (value === null) return /—/.test(first);
  const shown = Number.parseFloat(first.replace(/[^0-9.-]/g, ""));
  return Math.abs(shown - value) <= 0.5 * 10 ** -decimals + 1e-9;
}

function overviewFigures(o) {
  return {
    "Events (24 h)": o.events_24h,
    [`Events (${o.range})`]: o.events,
    "Delivery rate": { value: o.delivery_rate, decimals: 1 },
    // money(): the currency's decimals (2 for the test's USD), one decimal without a currency
    "Revenue tracked": { value: o.revenue_tracked, decimals: o.revenue_currency ? 2 : 1 },
    "Active platforms": o.active_platforms,
  };
}

/** The KPI cards under `testId`: label → value text. */
async function readKpis(page, testId) {
  const kpis = page.getByTestId(testId);
  await kpis.waitFor({ timeout: 15000 });
  return Object.fromEntries(await kpis.locator(".kpi").evaluateAll((els) => els.map((e) => [
    e.querySelector(".kpi-label")?.textContent?.trim(), e.querySelector(".kpi-value")?.textContent?.trim()])));
}

/** A table's cells: "<row header> · <column header>" → text (row headers are the th of each row). */
async function readTable(page, testId) {
  const table = page.getByTestId(testId);
  await table.waitFor({ state: "attached", timeout: 15000 });
  return Object.fromEntries(await table.evaluate((t) => {
    const heads = [...t.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    return [...t.querySelectorAll("tbody tr, tfoot tr")].flatMap((tr) => {
      const cells = [...tr.children];
      const row = cells[0].textContent.trim();
      return cells.slice(1).map((td, i) => [`${row} · ${heads[i + 1]}`, td.textContent.trim()]);
    });
  }));
}

function deliveryFigures(d) {
  const meta = d.platforms.find((p) => p.platform === "meta");
  return {
    Received: d.ingest.received,
    "Refused at ingest": d.ingest.refused,
    Accepted: d.ingest.accepted,
    "Meta · Routed": meta.routed,
    "Meta · Delivered": meta.delivered,
    "Meta · Skipped": meta.skipped,
    "Meta · Waiting": meta.waiting,
    "Meta · Failed": meta.failed,
    "Meta · Error": meta.error,
  };
}

function attributionFigures(a) {
  const names = { direct: "Direct / unknown", meta: "Meta" };
  return {
    [`Orders (${a.range})`]: a.totals.orders,
    ...Object.fromEntries(Object.entries(a.totals.revenue).map(([c, v]) => [`Revenue (${c})`, { value: v, decimals: 2 }])),
    ...Object.fromEntries(a.platforms.map((p) => [`${names[p.platform] ?? p.platform} · Orders`, p.orders])),
  };
}
