import { test as base, type BrowserContext, type Page } from "@playwright/test";

import { axeRun, checkPageState } from "./axe";

// Everything else is Playwright's own, so a spec imports from here instead of "@playwright/test".
export * from "@playwright/test";

/**
 * The suite's `test`: Playwright's, plus axe on every page state the suite reaches, in both
 * themes. A page's state is checked when the test leaves it (before each `page.goto`, and when
 * the page or its context is closed) and as the test ends, on every page of every context the
 * test opened (its `page`, and those of `browser.newContext()`). Each distinct state
 * (`stateKey` in e2e/axe.ts) is checked once per run, by the first test that reaches it, whose
 * failure it then is. States in between (a menu opened and closed again) are checked where a
 * spec calls `expectAccessible`, as e2e/a11y-states.spec.ts does.
 */
export const test = base.extend<{ everyStateAccessible: void }, { axeSummary: void }>({
  context: async ({ context }, run, testInfo) => {
    watchContext(context);
    await run(context);
    if (testInfo.status === testInfo.expectedStatus) for (const page of context.pages()) await checkPageState(page);
  },
  everyStateAccessible: [
    async ({ browser }, run, testInfo) => {
      const made: BrowserContext[] = [];
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const context = await newContext.apply(browser, args);
        watchContext(context);
        made.push(context);
        return context;
      };
      try {
        await run();
      } finally {
        browser.newContext = newContext;
      }
      if (testInfo.status !== testInfo.expectedStatus) return;
      for (const context of made) for (const page of context.pages()) await checkPageState(page);
    },
    { auto: true },
  ],
  axeSummary: [
    async ({}, run) => {
      await run();
      if (axeRun.checks || axeRun.skipped) {
        console.log(
          `[axe] ${axeRun.checks} page states checked in both themes, ${axeRun.skipped} seen again; ${(axeRun.ms / 1000).toFixed(1)} s`,
        );
      }
    },
    { scope: "worker", auto: true },
  ],
});

const watched = new WeakSet<object>();

function watchContext(context: BrowserContext) {
  if (watched.has(context)) return;
  watched.add(context);
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  const close = context.close.bind(context);
  context.close = async (...args) => {
    for (const page of context.pages()) await checkPageState(page);
    return close(...args);
  };
}

function watchPage(page: Page) {
  if (watched.has(page)) return;
  watched.add(page);
  const goto = page.goto.bind(page);
  page.goto = async (...args) => {
    await checkPageState(page);
    return goto(...args);
  };
  const close = page.close.bind(page);
  page.close = async (...args) => {
    await checkPageState(page);
    return close(...args);
  };
}
