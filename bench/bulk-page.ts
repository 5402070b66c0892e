// (b) through the app, in Chromium: the bulk page from "Send 500 invitations" to "Done. 500
// sent", then /invitations from the revoke dialog's confirm to "500 invitations revoked" — the
// server actions, lib/classroom and /batch the app really runs. The run is a class's owner (a
// teacher) inviting 500 students of the domain to one class, then revoking them all; a teacher's
// list is that teacher's classes, so the revoke is not slowed by a domain-wide listing.
import type { Page } from "@playwright/test";

import type { BenchEmulator, EmulatorState } from "./emulator";
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
  /** The click on Send / the revoke confirm → the final result on the page. */
  finalText: string;
};

/** From `act` (a click) until `final` has found the result on the page. */
async function timed(emu: BenchEmulator, act: () => Promise<void>, final: () => Promise<string>): Promise<PageWrite> {
  const { result, m } = await measure(emu, async () => {
    await act();
    return final();
  });
  return { ...m, finalText: result };
}

const LONG = { timeout: 300_000 };

/** Paste, preview, then Send: measured from the click to "Done. N sent, M failed". */
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
  const send = page.getByRole("button", { name: `Send ${n} invitations` });
  const status = page.getByText(/^Done\. [\d,]+ sent, [\d,]+ failed/);
  return timed(
    emu,
    () => send.click(),
    async () => {
      await status.waitFor(LONG);
      return (await status.textContent()) ?? "";
    },
  );
}

/** The class's rows on /invitations, all selected, revoked: from the confirm to "N invitations revoked". */
export async function bulkRevokeInPage(page: Page, emu: BenchEmulator, plan: BulkPlan): Promise<PageWrite> {
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
  await page.getByRole("checkbox", { name: "Select all invitations shown" }).check();
  await page.getByRole("button", { name: "Revoke selected" }).click();
  const confirm = page
    .getByRole("dialog")
    .getByRole("button", { name: `Revoke ${n.toLocaleString("en-US")} invitations` });
  const toast = page.getByText(new RegExp(`^${n.toLocaleString("en-US")} invitations revoked`));
  return timed(
    emu,
    () => confirm.click(),
    async () => {
      await toast.waitFor(LONG);
      return (await toast.textContent()) ?? "";
    },
  );
}
