// Headless Chromium (the system's: playwright-core downloads no browser) and the watch kept on
// every page: a console error or warning, an uncaught exception, a request that failed or
// answered 4xx/5xx is a problem of the page it happened on.
import { chromium } from "playwright-core";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export function launch() {
  return chromium.launch({ executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium", args: ARGS });
}

/** Collects what went wrong on pages, keyed by the page's path at the time. */
export class Watch {
  constructor() {
    this.problems = [];
  }

  where(page) {
    try {
      const u = new URL(page.url());
      return u.pathname + u.search;
    } catch {
      return page.url();
    }
  }

  attach(page, label) {
    const add = (kind, text) => this.problems.push({ page: `${label} ${this.where(page)}`, kind, text });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") add(`console ${m.type()}`, m.text());
    });
    page.on("pageerror", (e) => add("uncaught exception", e.message));
    page.on("requestfailed", (r) => {
      // Aborted by the app itself (an AbortController when a page unmounts or a filter changes,
      // a stream closed on navigation): not a failure.
      if (r.failure()?.errorText === "net::ERR_ABORTED") return;
      add("request failed", `${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) add("request answered " + r.status(), `${r.request().method()} ${r.url()}`);
    });
    return page;
  }

  /** The problems since `mark` (a count from `mark()`). */
  since(mark) {
    return this.problems.slice(mark);
  }

  mark() {
    return this.problems.length;
  }
}

/** A browser context whose pages start signed in with `token` (localStorage, as /signin leaves it). */
export async function signedInContext(browser, token, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await context.addInitScript((t) => {
    if (!localStorage.getItem("tracklayer.token")) localStorage.setItem("tracklayer.token", t);
  }, token);
  return context;
}

/** Waits until the page's main area shows no loading indicator (or `timeoutMs` passes). */
export async function settled(page, timeoutMs = 15000) {
  await page.locator("main").first().waitFor({ timeout: timeoutMs });
  await page.waitForFunction(() => document.querySelectorAll("main .state.loading, main .spinner").length === 0,
    null, { timeout: timeoutMs });
}
