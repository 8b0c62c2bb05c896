// Every page of the app (the shell's navigation is the list), at a desktop and a phone width: a
// screenshot of each into target/dashboard-screenshots/, and each page must render without an
// error box, a console error or warning, or a failed request.
import fs from "node:fs";
import path from "node:path";
import { DESKTOP, PHONE, settled, signedInContext } from "./browser.mjs";

/** The pages the shell links to: [{path, title}]. */
export async function pageList(browser, api, token) {
  const context = await signedInContext(browser, token, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${api}/`);
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  await links.first().waitFor();
  const list = await links.evaluateAll((as) => as.map((a) => ({ path: a.getAttribute("href"), title: a.textContent.trim() })));
  await context.close();
  return list;
}

export function slug(pagePath) {
  return pagePath === "/" ? "overview" : pagePath.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-");
}

/**
 * Visits each page at each width; answers [{page, width, file, problems}] where problems are the
 * page's own (an error box, anything the watch saw while it was open).
 */
export async function visitEveryPage({ browser, api, token, watch, outDir, pages }) {
  fs.mkdirSync(outDir, { recursive: true });
  const results = [];
  // The sign-in page first, as a visitor without a token sees it.
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await browser.newContext({ viewport });
    const page = watch.attach(await context.newPage(), `${viewport.width}px`);
    const mark = watch.mark();
    await page.goto(`${api}/signin`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    const file = path.join(outDir, `signin-${viewport.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    results.push({ page: "/signin", width: viewport.width, file, problems: watch.since(mark) });
    await context.close();
  }
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await signedInContext(browser, token, viewport);
    const page = watch.attach(await context.newPage(), `${viewport.width}px`);
    for (const p of pages) {
      const mark = watch.mark();
      const problems = [];
      try {
        await page.goto(`${api}${p.path}`);
        await settled(page);
        // Charts draw after their data; the page is quiet once the network is (the Live page's
        // stream never is: its rows are what it shows).
        await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {});
        const errors = await page.locator("main .state.error").allInnerTexts();
        for (const e of errors) problems.push({ kind: "error box", text: e.replace(/\s+/g, " ").trim() });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push({ kind: "layout", text: `the page is ${overflow} px wider than the window` });
      } catch (e) {
        problems.push({ kind: "did not render", text: e.message.split("\n")[0] });
      }
      const file = path.join(outDir, `${slug(p.path)}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      results.push({ page: p.path, width: viewport.width, file, problems: [...problems, ...watch.since(mark)] });
    }
    if (viewport === DESKTOP) {
      // Every page's style sheets are loaded in this tab by now.
      const problems = (await swallowedRules(page)).map((text) => ({ kind: "style sheet", text }));
      results.push({ page: "the style sheets of every page", width: viewport.width, file: null, problems });
    }
    await context.close();
  }
  return results;
}

/**
 * Rules an unclosed block swallowed: a media block inside another, or rules nested in a style
 * rule (the app nests neither on purpose). A brace lost in a merge of styles.css put every page
 * appended after it under a phone-only media query, and nothing else fails when that happens.
 */
export function swallowedRules(page) {
  return page.evaluate(() => {
    const found = [];
    const walk = (rules, parent, sheet) => {
      for (const rule of rules) {
        const grouping = rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule;
        const nestedStyle = rule instanceof CSSStyleRule && rule.cssRules?.length > 0;
        if ((grouping && parent) || nestedStyle) {
          const inner = [...rule.cssRules].slice(0, 3).map((r) => r.selectorText ?? r.conditionText).join(", ");
          const what = grouping ? `@media ${rule.conditionText}` : rule.selectorText;
          found.push(`${sheet}: ${parent ? `${parent} holds ${what}` : `${what} holds rules`} (${rule.cssRules.length}: ` +
            `${inner}, …): a block left open?`);
        }
        if (grouping) walk(rule.cssRules, `@media ${rule.conditionText}`, sheet);
      }
    };
    for (const sheet of document.styleSheets) {
      walk(sheet.cssRules, null, (sheet.href ?? "inline").replace(/^.*\//, ""));
    }
    return found;
  });
}
