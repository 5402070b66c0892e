import fs from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";
import axe from "axe-core";

import { E2E } from "./env";

/**
 * axe on the page as it is now (a dialog open, an error shown, an empty state, a phone
 * layout), in the light and then the dark theme. The theme is the system's preference, which
 * the app follows unless the header's toggle chose one; transitions are switched off first, so
 * no colour is read halfway between the two themes. The page is left in the scheme it had.
 *
 * The state is also marked as checked for this run, so `checkPageState` (which e2e/test.ts runs
 * at every page's navigations and at the end of every test) does not check it again.
 */
export async function expectAccessible(page: Page, state: string) {
  const key = await stateKey(page);
  if (key) checked.add(key);
  await checkBothThemes(page, state, expect);
}

/** Whether a computed colour ("rgb(…)", "oklch(L …)", "lab(L …)") is on the dark side. */
export function isDark(color: string): boolean {
  const [a = 0, b = 0, c = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (/^ok(lch|lab)\(/.test(color)) return a < 0.5;
  if (/^(lch|lab)\(/.test(color)) return a < 50;
  return (a + b + c) / 3 < 128;
}

/**
 * Only these rules read colours, and the dark theme changes nothing but colours (the same DOM
 * under other custom properties), so the dark pass runs only them.
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

async function checkBothThemes(page: Page, state: string, assert: typeof expect) {
  // A constructed style sheet: a page's Content-Security-Policy may refuse a <style> element.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("*, *::before, *::after { transition: none !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const before = await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  // A theme the header's toggle chose (<html data-theme>) wins over the system's: set aside for the check.
  const chosen = await page.evaluate(() => {
    const theme = document.documentElement.dataset.theme ?? null;
    delete document.documentElement.dataset.theme;
    return theme;
  });
  try {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // The theme really is the one asked for, or the check would be vacuous.
      assert(isDark(bg), `${state}: the ${scheme} theme is drawn (body ${bg})`).toBe(scheme === "dark");
      const violations = await runAxe(page, scheme === "dark" ? COLOUR_RULES : undefined);
      assert(violations, `axe: ${state}, ${scheme} theme`).toEqual([]);
    }
  } finally {
    await page.emulateMedia({ colorScheme: before });
    if (chosen !== null) await page.evaluate((t) => (document.documentElement.dataset.theme = t), chosen);
  }
}

/**
 * axe-core run in the page itself, once injected: a third of `AxeBuilder.analyze()`'s time,
 * which injects axe again on every call and opens a blank page to collate the results. Our
 * pages have no frames, which is what AxeBuilder's extra work is for. The violations come
 * back short: the rule, and its first five elements with what is wrong with each.
 */
async function runAxe(page: Page, only?: string[]) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  return page.evaluate(async (only) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const { violations } = await run(document, { resultTypes: ["violations"], ...(only ? { runOnly: only } : {}) });
    return violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim()}`),
    }));
  }, only);
}

// ---- Every page state, once per run -------------------------------------------------------

/** What this worker's checks cost. */
export const axeRun = { checks: 0, skipped: 0, ms: 0 };

/**
 * The states checked in this run. Kept in the run's output folder too (which Playwright empties
 * as a run starts), so the worker that replaces a failed one does not fail the next test on a
 * state the failed test was already blamed for.
 */
const checked = {
  keys: null as Set<string> | null,
  file: () => path.join(test.info().project.outputDir, ".axe-states"),
  load(): Set<string> {
    if (this.keys) return this.keys;
    let lines: string[] = [];
    try {
      lines = fs.readFileSync(this.file(), "utf8").split("\n");
    } catch {
      // No state checked yet in this run.
    }
    return (this.keys = new Set(lines.filter(Boolean)));
  },
  has(key: string) {
    return this.load().has(key);
  },
  add(key: string) {
    this.load().add(key);
    fs.mkdirSync(path.dirname(this.file()), { recursive: true });
    fs.appendFileSync(this.file(), `${key}\n`);
  },
};

/**
 * Which page state the page is in, as far as accessibility can differ: where (the route with
 * its ids as `:id`, on the app or the emulator), how wide (the phone layout below 768 px), who
 * (the navigation's links differ per role), and what is shown (open dialogs by title, menus,
 * alerts, a table, a form, the not-found page). Data does not count: the same page with other
 * rows is the same state; nor do passing things (a toast, a skeleton while data loads), which
 * are checked with whatever state they show up in. Null for a page with nothing of ours on it.
 */
export async function stateKey(page: Page): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(page.url());
  } catch {
    return null;
  }
  const site =
    url.origin === new URL(E2E.appUrl).origin
      ? "app"
      : url.origin === new URL(E2E.emulatorUrl).origin
        ? "emulator"
        : url.protocol.startsWith("http") && ["localhost", "127.0.0.1"].includes(url.hostname)
          ? "another app"
          : null;
  if (!site) return null;
  // Ids: Classroom's numeric ids, and the emulator's opaque tokens (long runs of letters and digits).
  const route = url.pathname
    .split("/")
    .map((s) => (/^\d+$|^(?=.*\d)[\w-]{16,}$/.test(s) ? ":id" : decodeURIComponent(s)))
    .join("/");
  const shown = await page
    .evaluate(() => {
      const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
      const all = (sel: string) => [...document.querySelectorAll(sel)].filter(visible);
      const shape = (text: string) =>
        text
          .replace(/\s+for\s.*$/s, "") // "Change role for Priya Raman" is one dialog, whoever it is for
          .replace(/\d[\d,.]*/g, "#")
          .trim()
          .slice(0, 40);
      const out: string[] = [];
      for (const d of all("dialog[open], [role=dialog], [role=alertdialog]")) {
        const title = d.querySelector("h1, h2, h3")?.textContent ?? d.getAttribute("aria-label") ?? "";
        out.push(`dialog "${shape(title)}"`);
      }
      if (all("[role=menu]").length) out.push("menu");
      if (all("[role=alert]").some((a) => a.textContent?.trim())) out.push("alert");
      if (all("table, [role=table], [role=grid]").length) out.push("table");
      if (all("main form").length) out.push("form");
      if (/not found/i.test(document.title)) out.push("not found");
      const nav = document.querySelectorAll("nav a").length;
      return {
        out: [...new Set(out)].sort(),
        nav,
        narrow: innerWidth < 768,
        ready: document.readyState,
        html: document.contentType === "text/html",
      };
    })
    .catch(() => null); // navigating away meanwhile: no state to speak of
  // A JSON or CSV answer opened in the tab is no page state.
  if (!shown || !shown.html || shown.ready === "loading") return null;
  return [site, route, shown.narrow ? "phone" : "desktop", `nav ${shown.nav}`, ...shown.out]
    .join(" | ")
    .replace(/\s+/g, " ");
}

/**
 * axe in both themes on the page's current state, unless this run has checked that state
 * already. Failures are soft: they fail the test that reached the state, which goes on (and
 * reports every state it broke). A page that navigates away meanwhile is left for its next state.
 */
export async function checkPageState(page: Page): Promise<void> {
  const started = Date.now();
  try {
    await checkNewState(page);
  } finally {
    axeRun.ms += Date.now() - started;
  }
}

async function checkNewState(page: Page): Promise<void> {
  // A test that has already failed is not the place to learn more: a later test checks the state.
  if (page.isClosed() || test.info().errors.length) return;
  let key = await stateKey(page);
  if (!key || checked.has(key)) {
    axeRun.skipped++;
    return;
  }
  // A state seen for the first time: let it settle (the DOM quiet for 150 ms, 1 s at most), so
  // axe reads a page that is not halfway through drawing; then it is the state that settled.
  await page
    .evaluate(
      () =>
        new Promise<void>((done) => {
          let quiet = setTimeout(finish, 150);
          const watch = new MutationObserver(() => {
            clearTimeout(quiet);
            quiet = setTimeout(finish, 150);
          });
          const cap = setTimeout(finish, 1_000);
          watch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          function finish() {
            watch.disconnect();
            clearTimeout(cap);
            done();
          }
        }),
    )
    .catch(() => undefined);
  key = await stateKey(page);
  if (!key || checked.has(key)) {
    axeRun.skipped++;
    return;
  }
  try {
    await checkBothThemes(page, `${key} (${page.url()})`, expect.soft);
    axeRun.checks++;
  } catch (e) {
    // Only a page that went away under the check is forgiven; anything else is the test's failure.
    if (!/closed|destroyed|navigat/i.test(String(e))) throw e;
    return;
  }
  checked.add(key);
}
