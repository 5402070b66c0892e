import { expect, type Page } from "@playwright/test";

import type { RoleKey } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";

// The app's pages per role, for the specs that visit every one of them (axe in both themes, a
// phone's width), so that a page added here is checked by all of them.

export type PageRole = RoleKey | "anonymous";

/**
 * Pages per role; `course` stands for a class page the role may open, `person` for the page of
 * someone invited to it (see `demoSchoolPages`).
 */
export const PAGES: Record<PageRole, readonly string[]> = {
  anonymous: ["/", "/signin", "/signin?error=SessionExpired", "/no-such-page"],
  admin: [
    "/home",
    "/invitations",
    "/invitations/bulk",
    "/activity",
    "/my-invitations",
    "course",
    "/no-such-page",
    "/classes",
    "person",
    "/help",
  ],
  teacher: [
    "/home",
    "/invitations",
    "/invitations/bulk",
    "/activity",
    "/my-invitations",
    "course",
    "/courses/999999999",
    "/classes",
    "person",
    "/help",
  ],
  teacher2: [],
  student: ["/home", "/my-invitations", "/invitations"],
};

/** Resets the emulator to the demo school, and answers the URL of a page of `PAGES` there. */
export async function demoSchoolPages(): Promise<(path: string) => string> {
  await emulator.reset();
  const s = await emulator.call<EmuState>("GET", "/state");
  const courseId = s.courses.find((c) => c.name === "AP Calculus AB")!.id;
  const personId = s.invitations.find((i) => i.courseId === courseId)!.userId;
  return (path) => (path === "course" ? `/courses/${courseId}` : path === "person" ? `/people/${personId}` : path);
}

/** Once the page has settled: the network is quiet, and a staff list of invitations has its final count. */
export async function settle(page: Page, path: string, role: PageRole): Promise<void> {
  await page.waitForLoadState("networkidle");
  if (path === "/invitations" && role !== "student") {
    await expect(page.getByTestId("invitation-count")).toHaveAttribute("data-final", "true", { timeout: 30_000 });
  }
}
