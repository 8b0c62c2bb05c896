// The dashboard's end-to-end run (`npm run e2e`, and the last part of `./tracklayer test`):
//   1. `./tracklayer up` of this checkout on ports offset by E2E_PORT_OFFSET (20000) with its state
//      in target/e2e-stack, every platform's base URL on a fake Meta served here;
//   2. headless Chromium through the merchant's story (story.mjs);
//   3. the budget: initial bundle ≤ 250 KB gzipped, first render < 1 s (budget.mjs);
//   4. a screenshot of every page at 1280 and 390 px into target/dashboard-screenshots/ (pages.mjs);
//   5. a summary; exit 1 on any failure, any console error or warning, any failed request.
// `./tracklayer down` at the end, on a failure and on Ctrl-C. E2E_KEEP_UP=1 leaves the stack up
// (without its fake Meta) to look at it: TRACKLAYER_HOME=target/e2e-stack
// TRACKLAYER_CONFIG=target/e2e-stack/tracklayer.env ./tracklayer status | down.
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, Watch } from "./browser.mjs";
import { BUNDLE_BUDGET_BYTES, FIRST_RENDER_BUDGET_MS, firstRender, initialBundle } from "./budget.mjs";
import { FakeMeta } from "./fake-meta.mjs";
import { pageList, visitEveryPage } from "./pages.mjs";
import { Stack } from "./stack.mjs";
import { storySteps } from "./story.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREENSHOTS = path.join(ROOT, "target", "dashboard-screenshots");
const log = (msg) => console.log(msg);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const results = []; // {name, ok, skipped?, ms, detail}
const figures = [];

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - t0, detail });
    log(`  ✓ ${name} (${seconds(Date.now() - t0)})${detail ? `: ${detail}` : ""}`);
    return true;
  } catch (e) {
    // Playwright's messages end with a call log and colour codes: the first part says it
    const message = String(e.message ?? e).split("\nCall log:")[0].replace(/\x1b\[[0-9;]*m/g, "").trim();
    results.push({ name, ok: false, ms: Date.now() - t0, detail: message });
    log(`  ✗ ${name} (${seconds(Date.now() - t0)}): ${message}`);
    return false;
  }
}

function skip(name, why) {
  results.push({ name, ok: false, skipped: true, detail: why });
  log(`  - ${name}: skipped (${why})`);
}

const fake = new FakeMeta();
let stack;
let browser;
let cleaning = null;

async function cleanup() {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    if (process.env.E2E_KEEP_UP === "1" && stack?.started) {
      log(`E2E_KEEP_UP=1: the stack stays up (API ${stack.api}); its fake Meta is gone`);
    } else if (stack?.started) {
      log("==> ./tracklayer down");
      await stack.down();
    }
    fake.stop();
  })();
  return cleaning;
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    log(`\n${signal}: stopping`);
    await cleanup();
    process.exit(130);
  });
}

async function main() {
  const t0 = Date.now();
  await fake.start();
  stack = new Stack(ROOT, { offset: Number(process.env.E2E_PORT_OFFSET ?? 20000), fakeUrl: fake.baseUrl, log });
  const missing = stack.jarsMissing();
  if (missing.length) throw new Error(`build first (mvn install -DskipTests): no ${missing.join(", ")}`);

  log(`==> ./tracklayer up (state ${path.relative(ROOT, stack.home)}, API ${stack.api}, ingest ${stack.ingest}, ` +
    `fake Meta ${fake.baseUrl}; log ${path.relative(ROOT, stack.upLog)})`);
  const upMs = await stack.up();
  const slowest = [...stack.upPhases].sort((a, b) => b.ms - a.ms).slice(0, 3)
    .map((p) => `${p.line.replace(/ \(.*\)$| from \/.*$/, "")} ${seconds(p.ms)}`).join(", ");
  figures.push(["./tracklayer up", `${seconds(upMs)} (slowest: ${slowest})`]);
  log(`  up in ${seconds(upMs)}; slowest: ${slowest}`);

  browser = await launch();
  const watch = new Watch();
  const runId = `e2e-${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  const ctx = { stack, fake, browser, watch, runId, sub: `${runId}-merchant`, accepted: 0 };
  ctx.token = stack.token(ctx.sub);

  log("==> the merchant's story");
  const steps = storySteps(ctx);
  for (let i = 0; i < steps.length; i++) {
    const [name, fn] = steps[i];
    if (!(await step(name, fn))) {
      for (const [rest] of steps.slice(i + 1)) skip(rest, "an earlier step failed");
      break;
    }
  }
  await ctx.page?.context().close();

  // After the story: right after `up` the new JVMs compile and Flink starts its jobs, and on a
  // small box that storm, not the app, would set the first render's figure.
  log("==> the budget");
  await step("initial bundle ≤ 250 KB gzipped", async () => {
    const files = await initialBundle(stack.api);
    const total = files.reduce((s, f) => s + f.gzipped, 0);
    figures.push(["initial bundle (gzipped)", `${kb(total)} of ${kb(BUNDLE_BUDGET_BYTES)} (${files.length} files, ` +
      `${kb(files.reduce((s, f) => s + f.bytes, 0))} raw)`]);
    if (total > BUNDLE_BUDGET_BYTES) {
      throw new Error(`${kb(total)}: ${files.map((f) => `${path.basename(f.url)} ${kb(f.gzipped)}`).join(", ")}`);
    }
    return kb(total);
  });
  await step("first render < 1 s", async () => {
    const { median, runs } = await firstRender(browser, stack.api, ctx.token, watch);
    const ms = (v) => `${Math.round(v ?? NaN)} ms`;
    figures.push(["first render (navigation start → nav on screen)", `${ms(median.nav)}, the median of ` +
      `${runs.map((r) => Math.round(r.nav)).join(", ")} ms (that run: HTML at ${ms(median.html)}, bundles at ` +
      `${ms(median.bundles)}, first contentful paint ${ms(median.fcp)}); load average ` +
      `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`]);
    if (median.nav >= FIRST_RENDER_BUDGET_MS) throw new Error(`${Math.round(median.nav)} ms`);
    return `${Math.round(median.nav)} ms`;
  });

  log(`==> every page at 1280 and 390 px → ${path.relative(ROOT, SCREENSHOTS)}/`);
  const pages = await pageList(browser, stack.api, ctx.token);
  const visits = await visitEveryPage({ browser, api: stack.api, token: ctx.token, watch, outDir: SCREENSHOTS, pages });
  for (const v of visits) {
    const name = `${v.page} at ${v.width} px`;
    results.push({ name, ok: v.problems.length === 0, detail: v.problems.map((p) => `${p.kind}: ${p.text}`).join("; ") });
    log(`  ${v.problems.length ? "✗" : "✓"} ${name}${v.problems.length ? `: ${results.at(-1).detail}` : ""}`);
  }

  // What the pages did outside the visits (the story, the budget's loads).
  const counted = new Set(visits.flatMap((v) => v.problems));
  const elsewhere = watch.problems.filter((p) => !counted.has(p));
  results.push({
    name: "no console error or warning, no failed request in the story or the first-render loads",
    ok: elsewhere.length === 0,
    detail: elsewhere.map((p) => `${p.page}: ${p.kind}: ${p.text}`).join("; "),
  });
  figures.push(["whole run", seconds(Date.now() - t0)]);
}

let fatal = null;
try {
  await main();
} catch (e) {
  fatal = e;
} finally {
  await cleanup();
}

log("\n== dashboard end-to-end summary");
for (const r of results) {
  log(`${r.skipped ? "SKIP" : r.ok ? "PASS" : "FAIL"}  ${r.name}${r.ok || !r.detail ? "" : `\n      ${r.detail}`}`);
}
for (const [k, v] of figures) log(`  ${k}: ${v}`);
if (fatal) log(`FAIL  ${fatal.message}`);
const failed = results.filter((r) => !r.ok && !r.skipped).length + (fatal ? 1 : 0);
const skipped = results.filter((r) => r.skipped).length;
log(failed || skipped ? `\n${failed} failed, ${skipped} skipped` : `\nall ${results.length} checks passed`);
process.exit(failed || skipped ? 1 : 0);
