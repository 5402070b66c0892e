// Insights in Chromium: every chart's numbers against counts computed from the emulator's own
// state (pending now, and what left Classroom between two looks), a bar's link opens the
// matching filtered list, and the page is axe-clean.
import { expect, test, type Page } from "./test";

import type { EmulatorState } from "../lib/test/emulator-control";

import { expectAccessible } from "./axe";
import { storageStatePath, USERS } from "./env";
import { emulator } from "./helpers";
import { emu } from "./my-invitations.helpers";

const state = () => emulator.call<EmulatorState>("GET", "/state");
const nf = new Intl.NumberFormat("en-US");

test.use({ storageState: storageStatePath("admin") });

test.beforeAll(async () => {
  await emulator.reset();
});

test("the charts count what Classroom holds and link to the filtered list", async ({ page }) => {
  const s = await state();
  const total = s.invitations.length;
  const byCourse = new Map<string, number>();
  for (const i of s.invitations) byCourse.set(i.courseId, (byCourse.get(i.courseId) ?? 0) + 1);
  const byOwner = new Map<string, number>();
  for (const i of s.invitations) {
    const owner = s.courses.find((c) => c.id === i.courseId)!.ownerId;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }

  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(page.getByText(`${nf.format(total)} pending invitations: people invited`)).toBeVisible();
  await expect(page.getByText(/first saw it/)).toBeVisible();

  // By age: the demo's invitations were all first seen by this run, within the day.
  const age = page.getByTestId("by-age-table");
  await expect(age.getByRole("row", { name: /^0–1 day/ })).toContainText(nf.format(total));
  for (const label of ["1–7 days", "7–30 days", "Over 30 days"]) {
    await expect(age.getByRole("row", { name: new RegExp(`^${label}`) }).getByRole("cell")).toHaveText("0");
  }

  // By class: each bar's number is the emulator's count for that class; the rest sum up.
  const classRows = page.getByTestId("by-class-table").locator("tbody tr");
  const shown = await classRows.count();
  let seen = 0;
  for (let k = 0; k < shown; k++) {
    const href = (await classRows.nth(k).getByRole("link").getAttribute("href"))!;
    const count = Number((await classRows.nth(k).getByRole("cell").textContent())!.replace(/,/g, ""));
    seen += count;
    const courseId = new URL(href, "http://x").searchParams.get("course");
    if (courseId) expect(count, href).toBe(byCourse.get(courseId));
  }
  expect(seen).toBe(total);

  // By owner: the same, keyed by the class owner.
  const ownerRows = page.getByTestId("by-owner-table").locator("tbody tr");
  let owned = 0;
  for (let k = 0; k < (await ownerRows.count()); k++) {
    const href = (await ownerRows.nth(k).getByRole("link").getAttribute("href"))!;
    const count = Number((await ownerRows.nth(k).getByRole("cell").textContent())!.replace(/,/g, ""));
    owned += count;
    const ownerId = new URL(href, "http://x").searchParams.get("owner");
    if (ownerId) expect(count, href).toBe(byOwner.get(ownerId));
  }
  expect(owned).toBe(total);

  // A filter narrows every chart like the list's own filter.
  await page.getByLabel("Role").selectOption("OWNER");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const owners = s.invitations.filter((i) => i.role === "OWNER").length;
  await expect(page.getByText(`${nf.format(owners)} pending invitations: people invited`)).toBeVisible();

  // One click on the largest class opens the list filtered to it.
  await page.goto("/insights");
  const first = page.getByTestId("by-class-table").locator("tbody tr").first();
  const firstCount = (await first.getByRole("cell").textContent())!;
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/\/invitations\?course=/);
  await expect(page.getByTestId("invitation-count")).toHaveText(new RegExp(`^${firstCount} invitations?$`));
});

/** This week's row of "invited vs accepted", and the "ended in these weeks" numbers. */
async function history(page: Page) {
  const cells = page.getByTestId("by-week-table").locator("tbody tr").last().getByRole("cell");
  const num = async (k: number) => Number((await cells.nth(k).textContent())!.replace(/,/g, ""));
  const ended = (await page.getByTestId("ended").textContent())!;
  const [, accepted, revoked] = ended.match(/([\d,]+) accepted, ([\d,]+) revoked/)!.map((x) => x.replace(/,/g, ""));
  return { invited: await num(0), accepted: await num(1), endedAccepted: Number(accepted), revoked: Number(revoked) };
}

test("an age bar opens exactly its bucket; what leaves Classroom is counted as accepted or revoked", async ({
  page,
}) => {
  const s = await state();
  await page.goto("/insights");
  const before = await history(page);
  // Exactly its bucket, and the list's filter names the range.
  await page.getByTestId("by-age-table").getByRole("link", { name: "0–1 day" }).click();
  await expect(page).toHaveURL(/older=0-1/);
  await expect(page.getByLabel("Pending for")).toHaveValue("0-1");
  await expect(page.getByTestId("invitation-count")).toHaveText(`${nf.format(s.invitations.length)} invitations`);

  // Outside the dashboard: the student accepts one invitation in Classroom, the admin revokes another.
  const student = s.users.find((u) => u.email === USERS.student.email)!;
  const active = (courseId: string) => s.courses.find((c) => c.id === courseId)!.courseState === "ACTIVE";
  const accepted = s.invitations.find((i) => i.userId === student.id && i.role === "STUDENT" && active(i.courseId))!;
  const revoked = s.invitations.find(
    (i) => i.userId !== student.id && i.courseId !== accepted.courseId && active(i.courseId),
  )!;
  await emu.classroom(USERS.student.email, "POST", `/v1/invitations/${accepted.id}:accept`);
  await emu.classroom(USERS.admin.email, "DELETE", `/v1/invitations/${revoked.id}`);

  // The emulator's own count of invitations gone to a member of their class.
  const after = await state();
  const pending = new Set(after.invitations.map((i) => i.id));
  const joined = s.invitations.filter((i) => {
    const c = after.courses.find((x) => x.id === i.courseId)!;
    return !pending.has(i.id) && [...c.studentIds, ...c.teacherIds].includes(i.userId);
  }).length;
  const gone = s.invitations.filter((i) => !pending.has(i.id)).length;
  expect([joined, gone]).toEqual([1, 2]);

  await page.goto("/insights");
  await expect(page.getByText("as observed by the dashboard", { exact: false })).toBeVisible();
  const now = await history(page);
  expect(now.invited).toBe(before.invited);
  expect(now.accepted - before.accepted).toBe(joined);
  expect(now.endedAccepted - before.endedAccepted).toBe(joined);
  expect(now.revoked - before.revoked).toBe(gone - joined);
  // The class it joined has a median time to accept, one click from its pending list.
  const row = page
    .getByTestId("accept-time-table")
    .getByRole("row")
    .filter({
      has: page.locator(`a[href="/invitations?course=${encodeURIComponent(accepted.courseId)}"]`),
    });
  await expect(row).toHaveCount(1);
  // Axe once, on the page with every chart drawn (both themes).
  await expectAccessible(page, "insights");
});
