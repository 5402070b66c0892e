// (b) through the app, in Chromium, as a user sees it. Bulk writes are jobs on the server
// (lib/jobs): the bulk page's "Send 500 invitations" starts one and the page follows its
// progress to "Done. 500 of 500 processed: 500 done, 0 failed."; on /invitations, revoking the
// class's 500 rows starts another, followed to the "500 invitations revoked." toast. Both are
// timed in the page, from the click to the first sign of the job and to its final result, with
// the round trips Classroom saw and the main thread's long tasks meanwhile. The run is a class's
// owner (a teacher) inviting 500 students of the domain to one class, then revoking them all;
// a teacher's list is that teacher's classes, so the revoke is not slowed by a domain-wide listing.
import type { Page } from "@playwright/test";

import { roundTrips, type BenchEmulator, type EmulatorState } from "./emulator";
import { measure, type Measured } from "./library";
import { APP_URL } from "./page";

export interface BulkPlan {
  teacherEmail: string;
  courseId: string;
  emails: string[];
  /** Invitations already pending in the class, cleared before the run so the list shows exactly the run's. */
  existingIds: string[];
}

/** An ACTIVE class owned by a teacher, and `n` students of the owner's domain with no tie to it. */
export function planBulk(s: EmulatorState, n: number): BulkPlan {
  const byId = new Map(s.users.map((u) => [u.id, u]));
  const domain = (email: string) => email.slice(email.indexOf("@") + 1);
  const students = [...new Set(s.courses.flatMap((c) => c.studentIds))]
    .map((id) => byId.get(id))
    .filter((u): u is EmulatorState["users"][number] => Boolean(u && !u.disabled && !u.isAdmin));
  for (const course of s.courses) {
    const owner = byId.get(course.ownerId);
    if (course.courseState !== "ACTIVE" || !owner || owner.isAdmin || owner.disabled) continue;
    const invited = new Set(s.invitations.filter((i) => i.courseId === course.id).map((i) => i.userId));
    const emails = students
      .filter((u) => domain(u.email) === domain(owner.email))
      .filter((u) => !course.studentIds.includes(u.id) && !course.teacherIds.includes(u.id) && !invited.has(u.id))
      .slice(0, n)
      .map((u) => u.email);
    if (emails.length < n) continue;
    const existingIds = s.invitations.filter((i) => i.courseId === course.id).map((i) => i.id);
    return { teacherEmail: owner.email, courseId: course.id, emails, existingIds };
  }
  throw new Error(`no class with ${n} students to invite`);
}

export type PageWrite = Measured & {
  /** The click → the job's progress first on the page ("Queued…", "Running…"). */
  firstFeedbackMs: number;
  /** The click → the final result on the page (the job's "Done." line, or the outcome toast). */
  finalMs: number;
  finalText: string;
  /** How many different progress lines the page showed on the way. */
  progressSteps: number;
  /** The main thread's long tasks (> 50 ms) between the click and the final result. */
  longTasks: number;
  longestTaskMs: number;
};

/** What the in-page recorder watches: the button that starts the job, its progress, its result. */
interface Watch {
  /** The whole text of the button whose click starts the clock. */
  button: string;
  /** The job's progress line: its first appearance is the first feedback. */
  progress: string;
  /** Where the final result appears, and the text that makes it final. */
  final: string;
  finalPattern: string;
}

type Recorded = {
  clickAt: number | null;
  firstAt: number | null;
  finalAt: number | null;
  finalText: string | null;
  steps: string[];
  longTasks: number[];
};

/**
 * The recorder, installed in the page before the click: the page's own clock and DOM say when
 * the user saw what, so the figures do not include Playwright's polling. A string, as
 * page.INSTRUMENT is: a function would carry the TypeScript loader's helpers into the page.
 */
const RECORDER = `(w) => {
  const r = { clickAt: null, firstAt: null, finalAt: null, finalText: null, steps: [], longTasks: [] };
  window.__bulk = r;
  const finalPattern = new RegExp(w.finalPattern);
  document.addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("button") : null;
    if (r.clickAt === null && button && button.textContent.trim() === w.button) r.clickAt = e.timeStamp;
  }, true);
  const check = () => {
    if (r.clickAt === null || r.finalAt !== null) return;
    const progress = document.querySelector(w.progress);
    if (progress) {
      if (r.firstAt === null) r.firstAt = performance.now();
      const text = progress.textContent || "";
      if (r.steps[r.steps.length - 1] !== text) r.steps.push(text);
    }
    for (const el of document.querySelectorAll(w.final)) {
      const text = el.textContent || "";
      if (finalPattern.test(text)) { r.finalAt = performance.now(); r.finalText = text; }
    }
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (r.clickAt !== null && e.startTime >= r.clickAt) r.longTasks.push(e.duration);
  }).observe({ type: "longtask" });
}`;

const LONG = { timeout: 300_000 };

/** Clicks `button` and waits, in the page, for the final result; measured by the page and the emulator. */
async function clickAndFollow(page: Page, emu: BenchEmulator, watch: Watch): Promise<PageWrite> {
  await page.evaluate(`(${RECORDER})(${JSON.stringify(watch)})`);
  const { result, m } = await measure(emu, async () => {
    await page.getByRole("button", { name: watch.button, exact: true }).click();
    // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (window as unknown as { __bulk: Recorded }).__bulk.finalAt !== null, null, {
      polling: 100,
      ...LONG,
    });
    return (await page.evaluate("window.__bulk")) as Recorded;
  });
  const { clickAt, firstAt, finalAt, finalText, steps, longTasks } = result;
  if (clickAt === null || finalAt === null) throw new Error(`"${watch.button}": no click or no final result recorded`);
  return {
    ...m,
    firstFeedbackMs: (firstAt ?? finalAt) - clickAt,
    finalMs: finalAt - clickAt,
    finalText: finalText ?? "",
    progressSteps: steps.length,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  };
}

const JOB_STATUS = '[data-testid="job-status"]';
/** A job's line once it has stopped; "Waiting" means it would go on tomorrow: the run is over too. */
const JOB_STOPPED = "^(Done|Failed|Cancelled|Paused|Waiting)\\b";

/** Paste, preview, then Send: measured from the click to the job's "Done. N of N processed" line. */
export async function bulkCreateInPage(page: Page, emu: BenchEmulator, plan: BulkPlan): Promise<PageWrite> {
  const n = plan.emails.length;
  await page.goto(`${APP_URL}/invitations/bulk`);
  await page.getByLabel("Paste a list").fill(plan.emails.map((e) => `${e},${plan.courseId},student`).join("\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  const table = page.getByRole("table", { name: "Bulk invitation rows" });
  await table
    .locator('tbody tr[data-status="will_invite"]')
    .nth(n - 1)
    .waitFor(LONG);
  // The schedule must fit today: a job that waits for tomorrow's budget is not what (b) measures.
  await page.getByTestId("job-schedule").getByText("Sending schedule").waitFor(LONG);
  const done = await clickAndFollow(page, emu, {
    button: `Send ${n.toLocaleString("en-US")} invitations`,
    progress: JOB_STATUS,
    final: JOB_STATUS,
    finalPattern: JOB_STOPPED,
  });
  if (!done.finalText.startsWith("Done.")) throw new Error(`the send stopped at "${done.finalText}"`);
  return done;
}

/**
 * The class's rows on /invitations, all selected, revoked: from the confirm to "N invitations
 * revoked". `freshWindowMs` is waited (untimed) once the list and its names have loaded: the
 * names are 500 profile reads of the same user's per-minute budget, which the revoke would
 * otherwise wait out.
 */
export async function bulkRevokeInPage(
  page: Page,
  emu: BenchEmulator,
  plan: BulkPlan,
  freshWindowMs = 0,
): Promise<PageWrite> {
  const n = plan.emails.length;
  // The list loads within the teacher's quota, which the create has just spent: it may take a while.
  await page.goto(`${APP_URL}/invitations?course=${encodeURIComponent(plan.courseId)}`, {
    waitUntil: "commit",
    ...LONG,
  });
  const count = page.getByTestId("invitation-count");
  await page.locator('[data-testid="invitation-count"][data-final="true"]').waitFor(LONG);
  const shown = (await count.textContent()) ?? "";
  if (Number(shown.replace(/[^\d]/g, "")) !== n) throw new Error(`the class lists "${shown}", not ${n}`);
  if (freshWindowMs > 0) {
    await quiet(emu);
    await new Promise((r) => setTimeout(r, freshWindowMs));
  }
  await page.getByRole("checkbox", { name: "Select all invitations shown" }).check();
  await page.getByRole("button", { name: "Revoke selected" }).click();
  await page.getByRole("dialog").waitFor();
  const nText = n.toLocaleString("en-US");
  // The outcome is a toast (sonner's); the job's own line goes when the list has let go of it.
  return clickAndFollow(page, emu, {
    button: `Revoke ${nText} invitations`,
    progress: JOB_STATUS,
    final: "[data-sonner-toast]",
    finalPattern: `^${nText} invitations revoked|could not be|cancelled|paused`,
  });
}

/** Until Classroom has seen no request for a second and a half (the list's names are in). */
async function quiet(emu: BenchEmulator): Promise<void> {
  const seen = () => roundTrips(emu.counts());
  let last = seen();
  let still = 0;
  while (still < 1_500) {
    await new Promise((r) => setTimeout(r, 250));
    const now = seen();
    still = now === last ? still + 250 : 0;
    last = now;
  }
}
