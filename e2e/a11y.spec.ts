import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { storageStatePath, type RoleKey } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";

// axe on every page of every role, in the light and the dark theme (the system's preference,
// which the app follows until the header's toggle says otherwise).

type Role = RoleKey | "anonymous";
const PAGES: Partial<Record<Role, string[]>> = {
  anonymous: ["/", "/signin", "/signin?error=SessionExpired", "/no-such-page"],
  admin: ["/home", "/invitations", "/invitations/bulk", "/activity", "/my-invitations", "course", "/no-such-page"],
  teacher: ["/home", "/invitations", "/invitations/bulk", "/activity", "course", "/courses/999999999"],
  student: ["/home", "/my-invitations", "/invitations"],
};

let courseId = "";
test.beforeAll(async () => {
  await emulator.reset();
  const s = await emulator.call<EmuState>("GET", "/state");
  courseId = s.courses.find((c) => c.name === "AP Calculus AB")!.id;
});

/** Whether a computed colour ("rgb(…)", "oklch(L …)", "lab(L …)") is on the dark side. */
function isDark(color: string): boolean {
  const [a = 0, b = 0, c = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  if (/^ok(lch|lab)\(/.test(color)) return a < 0.5;
  if (/^(lch|lab)\(/.test(color)) return a < 50;
  return (a + b + c) / 3 < 128;
}

async function settle(page: Page, path: string, role: Role) {
  await page.waitForLoadState("networkidle");
  if (path === "/invitations" && role !== "student") {
    await expect(page.getByTestId("invitation-count")).toHaveAttribute("data-final", "true", { timeout: 30_000 });
  }
}

for (const scheme of ["light", "dark"] as const) {
  for (const [role, paths] of Object.entries(PAGES) as [Role, string[]][]) {
    test.describe(`axe, ${scheme}, ${role}`, () => {
      test.use({ colorScheme: scheme, ...(role === "anonymous" ? {} : { storageState: storageStatePath(role) }) });
      for (const path of paths) {
        test(path, async ({ page }) => {
          // An admin's /invitations resolves every invitee's name first: slow on a busy machine.
          test.setTimeout(150_000);
          await page.goto(path === "course" ? `/courses/${courseId}` : path);
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
