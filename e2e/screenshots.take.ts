import fs from "node:fs";

import { expect, request, test, type Page } from "@playwright/test";

import { E2E, storageStatePath, type RoleKey } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";
import { callAction } from "./security/actions";

// `npm run screenshots`: the README's pictures of the main pages, desktop and phone, light
// and dark, taken in Chromium against the demo school. Not part of the test suite.

const OUT = "docs/screenshots";
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
/** A phone's picture is two screens tall: the first is mostly the header and the page's filters. */
const PHONE_HEIGHT = 1500;

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
  { name: "insights-admin", role: "admin", path: () => "/insights" },
  { name: "classes-admin", role: "admin", path: () => "/classes" },
  { name: "roster-teacher", role: "teacher", path: () => "/roster" },
];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await emulator.reset();
  fs.mkdirSync(OUT, { recursive: true });
  await everydayWork(await emulator.call<EmuState>("GET", "/state"));
});

/**
 * A morning's work through the app, so the activity log has something to show: the teacher
 * invites two people, changes a role and revokes an invitation; the admin runs a small bulk
 * invite as a job. The student's own invitations are left as the demo seeds them.
 */
async function everydayWork(s: EmuState) {
  const as = (role: RoleKey) => request.newContext({ baseURL: E2E.appUrl, storageState: storageStatePath(role) });
  const act = async (context: Awaited<ReturnType<typeof as>>, name: string, file: string, input: unknown) => {
    const { result } = await callAction(context, { file, name }, [input]);
    expect(result, `${name}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
    return (result as { data: Record<string, unknown> }).data;
  };
  const calculus = s.courses.find((c) => c.name === "AP Calculus AB")!;
  const algebra = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 1")!;
  const student = s.users.find((u) => u.email === "student@northwood.edu")!;
  const free = (courseId: string) =>
    s.users.filter(
      (u) =>
        u.email.endsWith("@northwood.edu") &&
        !u.disabled &&
        !u.isAdmin &&
        !s.courses.some((c) => c.teacherIds.includes(u.id)) &&
        !s.courses.find((c) => c.id === courseId)!.studentIds.includes(u.id) &&
        !s.invitations.some((i) => i.userId === u.id && i.courseId === courseId),
    );
  const teacher = await as("teacher");
  const invitations = "lib/actions/invitations.ts";
  for (const u of free(calculus.id).slice(0, 2)) {
    await act(teacher, "createInvitationAction", invitations, {
      email: u.email,
      courseId: calculus.id,
      role: "STUDENT",
    });
  }
  const change = s.invitations.find(
    (i) => i.courseId === calculus.id && i.userId !== student.id && i.role === "STUDENT",
  )!;
  await act(teacher, "changeRoleAction", invitations, {
    invitationId: change.id,
    courseId: change.courseId,
    userId: change.userId,
    fromRole: "STUDENT",
    toRole: "TEACHER",
  });
  const revoke = s.invitations.find((i) => i.courseId === algebra.id && i.userId !== student.id)!;
  await act(teacher, "revokeInvitationsAction", invitations, { ids: [revoke.id], courseIds: [algebra.id] });
  await teacher.dispose();

  const admin = await as("admin");
  const rows = free(algebra.id)
    .slice(0, 3)
    .map((u) => ({ email: u.email, courseId: algebra.id, role: "STUDENT" }));
  const { jobId } = await act(admin, "createInviteJobAction", "lib/actions/jobs.ts", { rows });
  await expect
    .poll(
      async () =>
        ((await (await admin.get(`/api/jobs/${jobId}?rows=0`)).json()) as { job: { state: string } }).job.state,
      {
        timeout: 60_000,
      },
    )
    .toBe("done");
  await admin.dispose();
}

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
          const file = `${OUT}/${shot.name}-${size}${scheme === "dark" ? "-dark" : ""}.png`;
          if (size === "phone") {
            const height = Math.min(PHONE_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
            await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height } });
          } else {
            await page.screenshot({ path: file });
          }
          await context.close();
        });
      }
    });
  }
}
