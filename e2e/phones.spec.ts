import { expect, test, type Page } from "./test";

import { storageStatePath } from "./env";
import { demoSchoolPages, PAGES, settle, type PageRole } from "./pages";

// Every page fits a small phone: nothing wider than the 360 px viewport, so nothing needs
// sideways scrolling (tables may scroll inside their own box; the page itself never does).

const PHONE = { width: 360, height: 740 };

let urlOf: (path: string, role: PageRole) => string = (path) => path;
test.beforeAll(async () => {
  urlOf = await demoSchoolPages();
});

/** How wide the page is, and the elements that reach its right edge (to name in a failure). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right < scrollWidth - 1 || culprits.length >= 5) continue;
      const position = getComputedStyle(el).position;
      culprits.push(
        `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} (${position}) → ${Math.round(r.right)}px`,
      );
    }
    return { scrollWidth, width, culprits };
  });
}

for (const [role, paths] of Object.entries(PAGES) as [PageRole, string[]][]) {
  test.describe(`at 360 px, ${role}`, () => {
    test.use({ viewport: PHONE, ...(role === "anonymous" ? {} : { storageState: storageStatePath(role) }) });

    for (const path of paths) {
      test(`${path} has no horizontal overflow`, async ({ page }) => {
        const url = urlOf(path, role);
        await page.goto(url);
        await settle(page, path, role);
        const o = await overflow(page);
        expect(o.scrollWidth, `${url} is ${o.scrollWidth}px wide: ${o.culprits.join("; ")}`).toBeLessThanOrEqual(
          o.width,
        );
      });
    }
  });
}
