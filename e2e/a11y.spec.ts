import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { isDark } from "./axe";
import { storageStatePath } from "./env";
import { demoSchoolPages, PAGES, settle, type PageRole } from "./pages";

// axe on every page of every role, in the light and the dark theme (the system's preference,
// which the app follows until the header's toggle says otherwise).

let urlOf = (path: string) => path;
test.beforeAll(async () => {
  urlOf = await demoSchoolPages();
});

for (const scheme of ["light", "dark"] as const) {
  for (const [role, paths] of Object.entries(PAGES) as [PageRole, string[]][]) {
    test.describe(`axe, ${scheme}, ${role}`, () => {
      test.use({ colorScheme: scheme, ...(role === "anonymous" ? {} : { storageState: storageStatePath(role) }) });
      for (const path of paths) {
        test(path, async ({ page }) => {
          // An admin's /invitations resolves every invitee's name first: slow on a busy machine.
          test.setTimeout(150_000);
          await page.goto(urlOf(path));
          await settle(page, path, role);
          // The theme really is the one asked for (the check would be vacuous otherwise).
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const dark = isDark(bg);
          expect(dark, `body background ${bg}`).toBe(scheme === "dark");
          expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
        });
      }
    });
  }
}
