import { expectAccessible } from "./axe";
import { storageStatePath } from "./env";
import { demoSchoolPages, PAGES, settle, type PageRole } from "./pages";
import { test } from "./test";

// axe on every page of every role, in the light and the dark theme (expectAccessible: the
// system's preference, which the app follows until the header's toggle says otherwise). One
// visit per page: both themes are checked on it.

let urlOf: (path: string, role: PageRole) => string = (path) => path;
test.beforeAll(async () => {
  urlOf = await demoSchoolPages();
});

for (const [role, paths] of Object.entries(PAGES) as [PageRole, string[]][]) {
  test.describe(`axe, ${role}`, () => {
    test.use(role === "anonymous" ? {} : { storageState: storageStatePath(role) });
    for (const path of paths) {
      test(path, async ({ page }) => {
        // An admin's /invitations resolves every invitee's name first: slow on a busy machine.
        test.setTimeout(150_000);
        await page.goto(urlOf(path, role));
        await settle(page, path, role);
        await expectAccessible(page, `${role} ${path}`);
      });
    }
  });
}
