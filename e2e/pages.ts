import { expect, request, type Page } from "@playwright/test";

import { E2E, storageStatePath, type RoleKey } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";
import { callAction } from "./security/actions";

// The app's pages per role, for the specs that visit every one of them (axe in both themes, a
// phone's width), so that a page added here is checked by all of them.

export type PageRole = RoleKey | "anonymous";

/**
 * Pages per role; `course` stands for a class page the role may open, `person` for the page of
 * someone invited to it, `job` for a finished job of the role's own (see `demoSchoolPages`).
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
    "/insights",
    "/roster",
    "/jobs",
    "job",
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
    "/insights",
    "/roster",
    "/jobs",
    "job",
  ],
  teacher2: [],
  student: ["/home", "/my-invitations", "/invitations"],
};

/**
 * Resets the emulator to the demo school, and answers the URL of a page of `PAGES` there. A job's
 * page needs a job its role may see: each staff role revokes an invitation that is already gone,
 * a one-row job that finishes at once and changes nothing.
 */
export async function demoSchoolPages(): Promise<(path: string, role: PageRole) => string> {
  await emulator.reset();
  const s = await emulator.call<EmuState>("GET", "/state");
  const courseId = s.courses.find((c) => c.name === "AP Calculus AB")!.id;
  const personId = s.invitations.find((i) => i.courseId === courseId)!.userId;
  const jobs = new Map<PageRole, string>();
  for (const role of ["admin", "teacher"] as const) {
    if (!PAGES[role].includes("job")) continue;
    const context = await request.newContext({ baseURL: E2E.appUrl, storageState: storageStatePath(role) });
    const { result } = await callAction(context, { file: "lib/actions/jobs.ts", name: "createRevokeJobAction" }, [
      { invitations: [{ id: "999999999999", courseId, userId: personId }] },
    ]);
    const jobId = (result as { data?: { jobId?: string } } | undefined)?.data?.jobId;
    if (!jobId) throw new Error(`no job created as ${role}: ${JSON.stringify(result)}`);
    await expect
      .poll(async () => ((await (await context.get(`/api/jobs/${jobId}?rows=0`)).json()) as JobRead).job.state, {
        timeout: 30_000,
      })
      .toBe("done");
    await context.dispose();
    jobs.set(role, jobId);
  }
  return (path, role) =>
    path === "course"
      ? `/courses/${courseId}`
      : path === "person"
        ? `/people/${personId}`
        : path === "job"
          ? `/jobs/${jobs.get(role)}`
          : path;
}

type JobRead = { job: { state: string } };

/** Once the page has settled: the network is quiet, and a staff list of invitations has its final count. */
export async function settle(page: Page, path: string, role: PageRole): Promise<void> {
  await page.waitForLoadState("networkidle");
  if (path === "/invitations" && role !== "student") {
    await expect(page.getByTestId("invitation-count")).toHaveAttribute("data-final", "true", { timeout: 30_000 });
  }
}
