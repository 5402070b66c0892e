// Bulk work as server-side jobs. A bulk invite: the preview shows the schedule within the
// sender's daily limit, the job spreads itself over three short "days" with the tab closed and
// its server killed and started again once, and at the end the emulator's state equals the
// job's report, row for row. Resend and a selection's revoke from the list run as jobs too. The app runs with a budget of 100
// invitations per 8-second window (playwright.config.ts), the emulator enforces the same.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "./test";

import { AppServer } from "./app-server";
import { USERS } from "./env";
import { expectAccessible } from "./axe";
import { emulator, signInAs } from "./helpers";
import { emu, type EmuState } from "./my-invitations.helpers";

/** The active class with the most pending invitations, skipping `skip`, and those invitations. */
function busiestCourse(s: EmuState, skip: readonly string[] = []) {
  const active = s.courses.filter((c) => c.courseState === "ACTIVE" && !skip.includes(c.id));
  const invitationsOf = (id: string) => s.invitations.filter((i) => i.courseId === id);
  const course = active.sort((a, b) => invitationsOf(b.id).length - invitationsOf(a.id).length)[0]!;
  return { course, invitations: invitationsOf(course.id) };
}

const PER_WINDOW = 100;
const WINDOW_SECONDS = 8;
const COUNT = 300;
/** The restart test's own app server: a port of this spec's range (3190–3199). */
const RESTART_PORT = Number(process.env.E2E_RESTART_PORT ?? 3191);

type JobAnswer = {
  job: { id: string; state: string; counts: Record<string, number> };
  items: { seq: number; courseId: string; invitee: string; state: string; invitationId: string | null }[];
};

/** `n` (person, class) pairs of the demo school where the person is neither in the class nor invited. */
function freshPairs(s: EmuState, n: number) {
  const people = s.users.filter((u) => u.email.endsWith("@northwood.edu") && !u.disabled && !u.isAdmin);
  const pairs: { email: string; courseId: string; userId: string }[] = [];
  for (const c of s.courses.filter((x) => x.courseState === "ACTIVE")) {
    for (const u of people) {
      if (pairs.length === n) return pairs;
      const taken =
        c.studentIds.includes(u.id) ||
        c.teacherIds.includes(u.id) ||
        s.invitations.some((i) => i.userId === u.id && i.courseId === c.id);
      if (!taken) pairs.push({ email: u.email, courseId: c.id, userId: u.id });
    }
  }
  return pairs;
}

test.describe("bulk invite as a job", () => {
  // The demo school as the next spec expects it: this one added 300 invitations and short "days".
  test.afterAll(async () => {
    await emulator.reset();
  });

  test("300 invitations with a budget of 100 per window finish by themselves across three windows, tab closed and server restarted", async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    // A fresh school with empty quota windows: the spec before this one sends 500 invitations as
    // the same admin, whose per-minute quota would otherwise still be spent when this job starts.
    await emulator.reset();
    await emulator.config({
      quotas: { invitationsPerTeacherPerDay: PER_WINDOW, invitationWindowSeconds: WINDOW_SECONDS },
    });
    const s = await emu.state();
    const rows = freshPairs(s, COUNT);
    expect(rows).toHaveLength(COUNT);

    // An app server of this test's own, on disk, so that it can be killed and started again.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jobs-e2e-"));
    const server = new AppServer(RESTART_PORT, dataDir);
    await server.start();
    try {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await signInAs(page, USERS.admin.email);
      await page.goto("/invitations/bulk");
      await page.getByLabel("Paste a list").fill(rows.map((r) => `${r.email},${r.courseId},student`).join("\n"));
      await page.getByRole("button", { name: "Preview" }).click();

      // The schedule is in view before anything is sent: 100 now, then 100 a window later, twice.
      const schedule = page.getByTestId("job-schedule");
      await expect(schedule).toContainText("now 100 (your remaining budget)", { timeout: 60_000 });
      await expect(schedule).toHaveText(/, today \S+ 100, today \S+ 100\.$/);
      const since = new Date().toISOString();
      await page.getByRole("button", { name: `Send ${COUNT} invitations` }).click();
      await expect(page.getByTestId("job-status")).toContainText(/Running|Waiting|Queued/);
      await expect(page.getByTestId("jobs-running")).toHaveText("1");
      await expect(page).toHaveURL(/[?&]job=/);
      const jobId = new URL(page.url()).searchParams.get("job")!;

      // The tab is closed while the job runs; nothing in the browser drives it any more.
      await page.close();

      // Once the first window's invitations are out, the server dies and is started again.
      const read = async () => (await (await context.request.get(`/api/jobs/${jobId}?rows=0`)).json()) as JobAnswer;
      await expect.poll(async () => (await read()).job.counts.done, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      await server.stop("SIGKILL");
      await server.start();

      const later = await context.newPage();
      await later.goto("/jobs");
      await expect(later.getByRole("link", { name: "Bulk invite" }).first()).toBeVisible();
      await later.goto(`/jobs/${jobId}`);
      await expect(later.getByTestId("job-status")).toContainText(
        `Done. ${COUNT} of ${COUNT} processed: ${COUNT} done, 0 failed.`,
        { timeout: 180_000 },
      );

      // The report equals Classroom, row for row.
      const answer = (await (await later.request.get(`/api/jobs/${jobId}`)).json()) as JobAnswer;
      const after = await emu.state();
      for (const item of answer.items) {
        const pair = rows[item.seq]!;
        const inv = after.invitations.find((i) => i.userId === pair.userId && i.courseId === pair.courseId);
        expect(inv?.id, `row ${item.seq + 1}`).toBe(item.invitationId);
      }
      const created = after.invitations.filter((i) =>
        rows.some((r) => r.userId === i.userId && r.courseId === i.courseId),
      );
      expect(created).toHaveLength(COUNT);

      // Classroom never refused for the daily limit: the job waited for each window instead.
      const log = await emulator.call<{ path: string; status: number; email: string | null; at: string }[]>(
        "GET",
        "/requests",
      );
      const refused = log.filter(
        (r) => r.at >= since && r.email === USERS.admin.email && r.path === "/v1/invitations" && r.status === 429,
      );
      expect(refused).toEqual([]);
      await context.close();
    } finally {
      await server.stop("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test.describe("list writes as jobs", () => {
  test.beforeEach(async () => {
    await emulator.reset();
  });

  test("a resend of 5 stale invitations leaves 5 fresh invitations with the same roles; a selection's change of role", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const s = await emu.state();
    const { course, invitations } = busiestCourse(s);
    expect(invitations.length).toBeGreaterThanOrEqual(5);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, USERS.admin.email);
    await page.goto("/invitations");
    await page.getByLabel("Course", { exact: true }).selectOption(course.id);
    // Pending for more than 0 days: every one the dashboard has seen before now.
    await page.getByLabel("Pending for").selectOption("0");
    await expect(page).toHaveURL(/[?&]older=0/);
    await expect(page.getByText(/first saw the invitation/)).toBeVisible();
    const rows = page.getByRole("table").locator("tbody tr:not([aria-hidden])");
    await expect(rows).toHaveCount(invitations.length, { timeout: 30_000 });

    const checks = rows.getByRole("checkbox");
    for (let i = 0; i < 5; i++) await checks.nth(i).check();
    await page.getByRole("button", { name: "Resend selected" }).click();
    await expect(page.getByText("5 invitations resent.")).toBeVisible({ timeout: 60_000 });

    const after = await emu.state();
    const oldIds = new Set(invitations.map((i) => i.id));
    const inCourse = after.invitations.filter((i) => i.courseId === course.id);
    expect(inCourse).toHaveLength(invitations.length);
    const fresh = inCourse.filter((i) => !oldIds.has(i.id));
    expect(fresh).toHaveLength(5);
    for (const f of fresh) {
      const before = invitations.find((i) => i.userId === f.userId)!;
      expect(f.role, `role of ${f.userId}`).toBe(before.role);
      expect(after.invitations.some((i) => i.id === before.id)).toBe(false);
    }
    // Recorded in the activity log: the job is one run of 5 resends, all of them successful.
    const log = (await (await page.request.get("/api/activity?action=invitation.resend")).json()) as {
      entries: { run?: { count: number; ok: number } }[];
    };
    expect(log.entries.map((e) => e.run)).toContainEqual({ count: 5, ok: 5 });

    // "Change role…" on a selection: the same dialog as one row's, the same job path, a bigger count.
    const students = after.invitations.filter((i) => i.courseId === course.id && i.role === "STUDENT").slice(0, 3);
    expect(students.length).toBeGreaterThanOrEqual(2);
    const rowOf = (userId: string) => rows.filter({ hasText: after.users.find((u) => u.id === userId)!.email });
    for (const i of students) await rowOf(i.userId).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Change role…" }).click();
    const dialog = page.getByRole("dialog", { name: `Change role for ${students.length} invitations` });
    // Only one new role is possible for students here (Owner never is): said, not offered as a one-option list.
    await expect(dialog).toContainText("New role: Co-teacher, the only role they can change to here.");
    await expect(dialog.getByRole("combobox")).toHaveCount(0);
    await expectAccessible(page, "the change-role dialog for a selection");
    await dialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByText(`${students.length} invitations changed to co-teacher.`)).toBeVisible({
      timeout: 60_000,
    });
    const changed = (await emu.state()).invitations.filter((i) => i.courseId === course.id);
    for (const i of students) {
      const now = changed.find((c) => c.userId === i.userId);
      expect(now?.role, `role of ${i.userId}`).toBe("TEACHER");
      expect(now?.id).not.toBe(i.id);
    }
    for (const i of students) await expect(rowOf(i.userId)).toContainText("Co-teacher");
    const roleLog = (await (await page.request.get("/api/activity?action=invitation.change_role")).json()) as {
      entries: { role: string | null; run?: { count: number; ok: number } }[];
    };
    expect(roleLog.entries[0]).toMatchObject({
      role: "STUDENT→TEACHER",
      run: { count: students.length, ok: students.length },
    });

    // A selection with both roles: now the choice is real, and what already has the chosen role stays.
    const other = changed.find((i) => i.role === "STUDENT" && !students.some((x) => x.userId === i.userId));
    if (other) {
      for (const i of [...students, other]) await rowOf(i.userId).getByRole("checkbox").check();
      await page.getByRole("button", { name: "Change role…" }).click();
      const mixed = page.getByRole("dialog", { name: `Change role for ${students.length + 1} invitations` });
      await expect(mixed.getByLabel("New role").locator("option")).toHaveText(["Student", "Co-teacher"]);
      await mixed.getByLabel("New role").selectOption({ label: "Co-teacher" });
      await expect(mixed).toContainText(`Already co-teacher, left as they are: ${students.length} invitations.`);
      await page.keyboard.press("Escape");
      await expect(mixed).toBeHidden();
    }
    await context.close();
  });

  test("revoking a selection is a job: rows stay, marked, until Classroom confirms each; progress with Cancel", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const s = await emu.state();
    const { course, invitations } = busiestCourse(s);
    expect(invitations.length).toBeGreaterThanOrEqual(4);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, USERS.admin.email);
    await page.goto("/invitations");
    await page.getByLabel("Course", { exact: true }).selectOption(course.id);
    const rows = page.getByRole("table").locator("tbody tr:not([aria-hidden])");
    await expect(rows).toHaveCount(invitations.length, { timeout: 30_000 });
    await page.getByRole("checkbox", { name: /^Select all/ }).check();

    // Classroom slowed down, so the rows can be seen waiting for its answers.
    const { perPartLatencyMs } = await emulator.call<{ perPartLatencyMs: number }>("GET", "/config");
    await emulator.config({ perPartLatencyMs: 1_500 });
    try {
      await page.getByRole("button", { name: "Revoke selected" }).click();
      const dialog = page.getByRole("dialog", { name: `Revoke ${invitations.length} invitations?` });
      await expect(dialog).toBeVisible();
      await expectAccessible(page, "the revoke confirmation for a selection");
      await dialog.getByRole("button", { name: `Revoke ${invitations.length} invitations` }).click();
      await expect(page.getByRole("progressbar", { name: "Bulk revoke progress" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
      // Never removed first: every row is still listed, marked, while the revokes run.
      await expect(page.getByTestId("row-busy").first()).toHaveText("Revoking…");
      expect(await rows.count()).toBe(invitations.length);
      await expect(page.getByText(/Everyone you invited has accepted/)).toHaveCount(0);
      await expectAccessible(page, "a job's progress with Cancel, its rows marked");
    } finally {
      await emulator.config({ perPartLatencyMs });
    }
    await expect(page.getByText(`${invitations.length} invitations revoked.`)).toBeVisible({ timeout: 60_000 });
    await expect(rows).toHaveCount(0);
    const after = await emu.state();
    expect(after.invitations.filter((i) => i.courseId === course.id)).toEqual([]);
    await context.close();
  });
});
