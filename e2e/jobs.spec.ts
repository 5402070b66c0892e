// A bulk invite as a server-side job: the preview shows the schedule within the sender's daily
// limit, the job spreads itself over three short "days" with the tab closed, and at the end the
// emulator's state equals the job's report, row for row. The app runs with a budget of 100
// invitations per 8-second window (playwright.config.ts), the emulator enforces the same.
import { expect, test } from "@playwright/test";

import { USERS } from "./env";
import { emulator, signInAs } from "./helpers";
import { emu, type EmuState } from "./my-invitations.helpers";

const PER_WINDOW = 100;
const WINDOW_SECONDS = 8;
const COUNT = 300;

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

  test("300 invitations with a budget of 100 per window finish by themselves across three windows, tab closed", async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    // A fresh school with empty quota windows: the spec before this one sends 500 invitations as
    // the same admin, whose per-minute quota would otherwise still be spent when this job starts.
    await emulator.reset();
    await emulator.config({
      quotas: { invitationsPerTeacherPerDay: PER_WINDOW, invitationWindowSeconds: WINDOW_SECONDS },
    });
    const s = await emu.state();
    const rows = freshPairs(s, COUNT);
    expect(rows).toHaveLength(COUNT);

    const context = await browser.newContext();
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
    const jobLink = await page.getByRole("link", { name: "Job page" }).getAttribute("href");
    const jobId = jobLink!.split("/").pop()!;

    // The tab is closed while the job runs; nothing in the browser drives it any more.
    await page.close();

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
  });
});
