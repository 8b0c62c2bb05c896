// The dashboard's budget (dashboard/README.md): what the first load carries (index.html's scripts,
// module preloads and style sheets, gzipped) and how soon the shell's navigation is on screen.
import zlib from "node:zlib";
import { DESKTOP, signedInContext } from "./browser.mjs";

export const BUNDLE_BUDGET_BYTES = 250 * 1024;
export const FIRST_RENDER_BUDGET_MS = 1000;

/** The initial bundle as the API gateway serves it: [{url, bytes, gzipped}]. */
export async function initialBundle(api) {
  const html = await (await fetch(`${api}/`)).text();
  const urls = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const src = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (!src) continue;
    const isScript = tag.startsWith("<script");
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (isScript || rel === "stylesheet" || rel === "modulepreload") urls.add(new URL(src, api).href);
  }
  if (urls.size === 0) throw new Error(`${api}/ names no script or style sheet: is the dashboard in the jar?`);
  const files = [];
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    files.push({ url, bytes: body.length, gzipped: zlib.gzipSync(body).length });
  }
  return files;
}

/**
 * Navigation start → the shell's navigation painted on screen, in a new browser profile each
 * time (nothing cached), signed in; the median of `runs` after one warm-up load. The mark is set
 * by a script that runs before the app's, so the app needs no test hook.
 */
export async function firstRender(browser, api, token, watch, runs = 5) {
  const times = [];
  // One load first, not counted: the gateway's first answers after its start load classes.
  for (let i = -1; i < runs; i++) {
    const context = await signedInContext(browser, token, DESKTOP);
    await context.addInitScript(() => {
      const look = () => {
        const nav = document.querySelector('nav[aria-label="Main"]');
        const box = nav?.getBoundingClientRect();
        if (box && box.width > 0 && box.height > 0 && nav.querySelector("a")) performance.mark("e2e:nav-visible");
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const page = watch.attach(await context.newPage(), "first render");
    await page.goto(`${api}/`);
    const handle = await page.waitForFunction(() => performance.getEntriesByName("e2e:nav-visible")[0]?.startTime,
      null, { timeout: 15000 });
    await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null,
      { timeout: 15000 });
    // Where the time went: the page's HTML, the bundles it names, then the app's own work.
    const parts = await page.evaluate(() => {
      const initial = new Set([...document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=modulepreload]")]
        .map((e) => e.src || e.href));
      return {
        fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
        html: performance.getEntriesByType("navigation")[0]?.responseEnd ?? null,
        bundles: Math.max(0, ...performance.getEntriesByType("resource").filter((r) => initial.has(r.name))
          .map((r) => r.responseEnd)),
      };
    });
    // The mark is set in the frame that lays the navigation out; a style sheet still loading holds
    // that frame's paint back, so the navigation is on screen at the first paint if that is later.
    if (i >= 0) times.push({ nav: Math.max(await handle.jsonValue(), parts.fcp ?? 0), ...parts });
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a.nav - b.nav);
  return { median: sorted[Math.floor(sorted.length / 2)], runs: times };
}
