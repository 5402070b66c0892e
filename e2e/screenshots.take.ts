import fs from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { storageStatePath, type RoleKey } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";

// `npm run screenshots`: the README's pictures of the main pages, desktop and phone, light
// and dark, taken in Chromium against the demo school. Not part of the test suite.

const OUT = "docs/screenshots";
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

type Shot = {
  name: string;
  role: RoleKey | null;
  path: (s: EmuState) => string;
  ready?: (page: Page) => Promise<void>;
};

const listed = async (page: Page) => {
  await expect(page.getByTestId("invitation-count")).toHaveAttribute("data-final", "true", { timeout: 60_000 });
  await expect(page.getByText("Looking up names…")).toHaveCount(0, { timeout: 60_000 });
};

const SHOTS: Shot[] = [
  { name: "landing", role: null, path: () => "/" },
  { name: "home-admin", role: "admin", path: () => "/home" },
  { name: "invitations-teacher", role: "teacher", path: () => "/invitations", ready: listed },
  {
    name: "class-page",
    role: "teacher",
    path: (s) => `/courses/${s.courses.find((c) => c.name === "AP Calculus AB")!.id}`,
  },
  { name: "bulk-invite", role: "teacher", path: () => "/invitations/bulk" },
  { name: "my-invitations-student", role: "student", path: () => "/my-invitations" },
  { name: "activity-admin", role: "admin", path: () => "/activity" },
];

test.beforeAll(async () => {
  await emulator.reset();
  fs.mkdirSync(OUT, { recursive: true });
});

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const scheme of ["light", "dark"] as const) {
    test.describe(`${size}, ${scheme}`, () => {
      test.use({ viewport, colorScheme: scheme });
      for (const shot of SHOTS) {
        // Dark mode: a few pages are enough to show it.
        if (scheme === "dark" && !["home-admin", "invitations-teacher", "my-invitations-student"].includes(shot.name))
          continue;
        test(shot.name, async ({ browser }) => {
          test.setTimeout(120_000);
          const context = await browser.newContext({
            viewport,
            colorScheme: scheme,
            baseURL: test.info().project.use.baseURL,
            ...(shot.role ? { storageState: storageStatePath(shot.role) } : {}),
          });
          const page = await context.newPage();
          await page.goto(shot.path(await emulator.call<EmuState>("GET", "/state")));
          await page.waitForLoadState("networkidle");
          await shot.ready?.(page);
          await page.screenshot({ path: `${OUT}/${shot.name}-${size}${scheme === "dark" ? "-dark" : ""}.png` });
          await context.close();
        });
      }
    });
  }
}
