import fs from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "./test";
import Papa from "papaparse";

import { E2E, storageStatePath, USERS } from "./env";
import { emulator, signInAs } from "./helpers";

/**
 * The /invitations table, its filters, sort and
 * count in the URL, revoke (single and bulk), change role, CSV export, the activity log, and
 * the route handlers' own authorization, all against the emulator.
 */

type EmuState = {
  users: { id: string; email: string; name: string; isAdmin: boolean }[];
  courses: { id: string; name: string; section: string; ownerId: string; courseState: string; teacherIds: string[] }[];
  invitations: { id: string; courseId: string; userId: string; role: string }[];
};
const emuState = () => emulator.call<EmuState>("GET", "/state");
const faults = (rules: unknown[]) => emulator.call("POST", "/faults", { rules });
const clearFaults = () => emulator.call("DELETE", "/faults");

// Sessions live in the app's database, which survives emulator resets: sign in once per role.
const sessions = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();
async function contextAs(browser: Browser, email: string): Promise<BrowserContext> {
  let state = sessions.get(email);
  if (!state) {
    const ctx = await browser.newContext({ baseURL: E2E.appUrl });
    await signInAs(await ctx.newPage(), email);
    state = await ctx.storageState();
    sessions.set(email, state);
    await ctx.close();
  }
  return browser.newContext({ baseURL: E2E.appUrl, storageState: state, acceptDownloads: true });
}
async function pageAs(browser: Browser, email: string): Promise<Page> {
  return (await contextAs(browser, email)).newPage();
}

const n = (x: number) => x.toLocaleString("en-US");
const countLabel = (x: number) => `${n(x)} invitation${x === 1 ? "" : "s"}`;
const count = (page: Page) => page.getByTestId("invitation-count");
const table = (page: Page) => page.getByRole("table");
const bodyRows = (page: Page) => table(page).locator("tbody tr:not([aria-hidden])");

async function expectFinalCount(page: Page, expected: number, timeout = 30_000) {
  await expect(count(page)).toHaveAttribute("data-final", "true", { timeout });
  await expect(count(page)).toHaveText(countLabel(expected));
}

function taughtBy(s: EmuState, email: string) {
  const me = s.users.find((u) => u.email === email)!;
  const courseIds = new Set(
    s.courses.filter((c) => c.teacherIds.includes(me.id) || c.ownerId === me.id).map((c) => c.id),
  );
  return { me, courseIds, invitations: s.invitations.filter((i) => courseIds.has(i.courseId)) };
}

/** Picks one of a row's actions from its menu. */
async function rowAction(row: Locator, action: "Change role" | "Revoke") {
  await row.getByRole("button", { name: /^Actions for / }).click();
  await row.page().getByRole("menuitem", { name: action }).click();
}

/** A single revoke, through the same confirmation as the class page. */
async function revokeRow(row: Locator) {
  await rowAction(row, "Revoke");
  const dialog = row.page().getByRole("dialog", { name: /^Revoke the invitation for / });
  await dialog.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(dialog).toBeHidden();
}

function rowFor(page: Page, name: string, course: string): Locator {
  return bodyRows(page).filter({ hasText: name }).filter({ hasText: course });
}

test.describe("invitations list", () => {
  test.beforeEach(async () => {
    await emulator.reset();
  });
  test.afterEach(async () => {
    await clearFaults();
    await emulator.config({ latencyMs: 0, perPartLatencyMs: 0 });
  });

  test("a teacher sees their courses' invitations; filters, sort and count live in the URL", async ({ browser }) => {
    const s = await emuState();
    const mine = taughtBy(s, USERS.teacher.email);
    const page = await pageAs(browser, USERS.teacher.email);
    await page.goto("/invitations");

    await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
    await expectFinalCount(page, mine.invitations.length);
    for (const name of ["Invitee", "Course", "Role", "Course state", "Owner", "Invited"]) {
      await expect(table(page).getByRole("columnheader", { name, exact: true })).toBeVisible();
    }
    await expect(bodyRows(page)).toHaveCount(mine.invitations.length);
    await expect(
      bodyRows(page)
        .first()
        .getByRole("button", { name: /^Actions for / }),
    ).toBeVisible();
    // Another teacher's class never shows up.
    const chemistry = s.courses.find((c) => c.name === "Chemistry")!;
    expect(mine.courseIds.has(chemistry.id)).toBe(false);
    await expect(table(page).getByRole("link", { name: "Chemistry" })).toHaveCount(0);
    // Names are resolved progressively and then shown.
    await expect(rowFor(page, "Priya Raman", "AP Calculus AB")).toHaveCount(1, { timeout: 15_000 });
    // The default sort is by class; within a class, invitees go by name (the sort's tie-break),
    // once the names have arrived.
    const collate = new Intl.Collator("en", { sensitivity: "base", numeric: true }).compare;
    await expect
      .poll(async () => {
        const shown = await bodyRows(page).evaluateAll((trs) =>
          trs.map((tr) => {
            const [, invitee, course] = [...(tr as HTMLTableRowElement).cells].map((td) => td.innerText.trim());
            return { course, name: invitee?.split("\n")[0] ?? "" };
          }),
        );
        return shown.flatMap((r, k) =>
          k > 0 && r.course === shown[k - 1]!.course && collate(shown[k - 1]!.name, r.name) > 0
            ? [`${r.course}: ${shown[k - 1]!.name} before ${r.name}`]
            : [],
        );
      })
      .toEqual([]);

    // Role filter → URL and count.
    await page.getByLabel("Role").selectOption("TEACHER");
    await expect(page).toHaveURL(/[?&]role=TEACHER/);
    await expect(count(page)).toHaveText(countLabel(mine.invitations.filter((i) => i.role === "TEACHER").length));

    // Free text, combined with a course filter, then cleared.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByRole("searchbox", { name: "Search" }).fill("priya");
    await expect(page).toHaveURL(/[?&]q=priya/);
    const priya = s.users.find((u) => u.email === "student@northwood.edu")!;
    const priyaInvites = mine.invitations.filter((i) => i.userId === priya.id);
    await expect(count(page)).toHaveText(countLabel(priyaInvites.length));
    const calculus = s.courses.find((c) => c.name === "AP Calculus AB")!;
    await page.getByLabel("Course", { exact: true }).selectOption(calculus.id);
    await expect(page).toHaveURL(new RegExp(`[?&]course=${calculus.id}`));
    await expect(count(page)).toHaveText(countLabel(1));

    // State filter.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/invitations$/);
    await page.getByLabel("Course state").selectOption("PROVISIONED");
    const provisioned = new Set(s.courses.filter((c) => c.courseState === "PROVISIONED").map((c) => c.id));
    await expect(count(page)).toHaveText(
      countLabel(mine.invitations.filter((i) => provisioned.has(i.courseId)).length),
    );
    await page.getByRole("button", { name: "Clear filters" }).click();

    // Sort on a column: ascending, then descending, both in the URL and in aria-sort.
    const header = table(page).getByRole("columnheader", { name: "Invitee" });
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]sort=invitee/);
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    const firstAsc = await bodyRows(page).first().locator("td").nth(1).innerText();
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]dir=desc/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect(bodyRows(page).first().locator("td").nth(1)).not.toHaveText(firstAsc);

    // The URL restores the view.
    await page.goto(`/invitations?role=STUDENT&q=priya&sort=course&dir=desc`);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("priya");
    await expect(page.getByLabel("Role")).toHaveValue("STUDENT");
    await expect(count(page)).toHaveText(countLabel(priyaInvites.filter((i) => i.role === "STUDENT").length));
    await expect(table(page).getByRole("columnheader", { name: "Course", exact: true })).toHaveAttribute(
      "aria-sort",
      "descending",
    );

    const axe = await new AxeBuilder({ page }).include("main").analyze();
    expect(axe.violations).toEqual([]);
    await page.context().close();
  });

  test("a teacher revokes one invitation, then several after confirming the count; a refused revoke comes back with its reason", async ({
    browser,
  }) => {
    const s = await emuState();
    const mine = taughtBy(s, USERS.teacher.email);
    const page = await pageAs(browser, USERS.teacher.email);
    await page.goto("/invitations");
    await expectFinalCount(page, mine.invitations.length);
    let expected = mine.invitations.length;

    // Single revoke: confirmed first, like the class page; optimistic, then confirmed by Classroom.
    const target = rowFor(page, "Priya Raman", "AP Calculus AB");
    await rowAction(target, "Revoke");
    const confirm = page.getByRole("dialog", { name: "Revoke the invitation for Priya Raman?" });
    await expect(confirm).toContainText("Priya Raman will no longer be able to join AP Calculus AB");
    // Cancel keeps it, and focus goes back to the row's menu button.
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(target.getByRole("button", { name: "Actions for Priya Raman" })).toBeFocused();
    await expect(target).toHaveCount(1);
    await revokeRow(target);
    await expect(target).toHaveCount(0);
    expected -= 1;
    await expect(count(page)).toHaveText(countLabel(expected));
    await expect(page.getByText("Revoked the invitation for Priya Raman.")).toBeVisible();
    const priya = s.users.find((u) => u.email === "student@northwood.edu")!;
    const calculus = s.courses.find((c) => c.name === "AP Calculus AB")!;
    await expect
      .poll(async () => (await emuState()).invitations.some((i) => i.userId === priya.id && i.courseId === calculus.id))
      .toBe(false);

    // Bulk: select three, confirm with the count.
    const algebra3 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 3")!;
    await page.getByLabel("Course", { exact: true }).selectOption(algebra3.id);
    const inAlgebra3 = mine.invitations.filter((i) => i.courseId === algebra3.id);
    await expect(count(page)).toHaveText(countLabel(inAlgebra3.length));
    const checks = bodyRows(page).getByRole("checkbox");
    for (let i = 0; i < 3; i++) await checks.nth(i).check();
    await expect(page.getByText("3 selected")).toBeVisible();
    await page.getByRole("button", { name: "Revoke selected" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke 3 invitations?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revoke 3 invitations" }).click();
    await expect(dialog).toBeHidden();
    await expect(count(page)).toHaveText(countLabel(inAlgebra3.length - 3));
    await expect(page.getByText("3 invitations revoked")).toBeVisible();
    await expect
      .poll(async () => (await emuState()).invitations.filter((i) => i.courseId === algebra3.id).length)
      .toBe(inAlgebra3.length - 3);

    // Classroom refuses: the row disappears, then comes back with the reason.
    await faults([{ method: "DELETE", path: "^/v1/invitations/", status: 403 }]);
    const last = bodyRows(page).first();
    const lastName = (await last.locator("td").nth(1).innerText()).split("\n")[0]!;
    await revokeRow(last);
    const back = bodyRows(page).filter({ hasText: lastName });
    await expect(back).toHaveCount(1);
    await expect(back.getByRole("alert")).toContainText("Not revoked");
    await expect(count(page)).toHaveText(countLabel(inAlgebra3.length - 3));
    await expect
      .poll(async () => (await emuState()).invitations.filter((i) => i.courseId === algebra3.id).length)
      .toBe(inAlgebra3.length - 3);
    await page.context().close();
  });

  test("a teacher changes an invitation's role; a refused re-create restores the original and says so", async ({
    browser,
  }) => {
    const s = await emuState();
    const mine = taughtBy(s, USERS.teacher.email);
    const page = await pageAs(browser, USERS.teacher.email);
    await page.goto("/invitations");
    await expectFinalCount(page, mine.invitations.length);

    const priya = s.users.find((u) => u.email === "student@northwood.edu")!;
    const calculus = s.courses.find((c) => c.name === "AP Calculus AB")!;
    const row = rowFor(page, "Priya Raman", "AP Calculus AB");
    await rowAction(row, "Change role");
    const dialog = page.getByRole("dialog", { name: "Change role for Priya Raman" });
    await expect(dialog).toContainText("New role: Co-teacher");
    await dialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByText("Priya Raman is now invited as co-teacher.")).toBeVisible();
    await expect(row.getByText("Co-teacher", { exact: true })).toBeVisible();
    await expect(row).toContainText(`by ${USERS.teacher.email}`);
    await expect
      .poll(
        async () =>
          (await emuState()).invitations.find((i) => i.userId === priya.id && i.courseId === calculus.id)?.role,
      )
      .toBe("TEACHER");
    await expect(count(page)).toHaveText(countLabel(mine.invitations.length));

    // A refused re-create (injected) puts the original back, and says so.
    const newTeacher = s.users.find((u) => u.email === "newteacher@northwood.edu")!;
    const algebra1 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 1")!;
    const nt = rowFor(page, "newteacher@northwood.edu", "Algebra I");
    await faults([{ method: "POST", path: "^/v1/invitations$", status: 403, times: 1 }]);
    await rowAction(nt, "Change role");
    const ntDialog = page.getByRole("dialog", { name: /^Change role for / });
    await expect(ntDialog).toContainText("New role: Student");
    await ntDialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByText("The role was not changed.")).toBeVisible();
    await expect(nt.getByRole("alert")).toContainText("restored");
    await expect(nt.getByText("Co-teacher", { exact: true })).toBeVisible();
    await expect
      .poll(
        async () =>
          (await emuState()).invitations.find((i) => i.userId === newTeacher.id && i.courseId === algebra1.id)?.role,
      )
      .toBe("TEACHER");
    await page.context().close();
  });

  test("Back undoes a filter change; filters from a link that match nothing here are dropped with a notice", async ({
    browser,
  }) => {
    const s = await emuState();
    const mine = taughtBy(s, USERS.teacher.email);
    const chemistry = s.courses.find((c) => c.name === "Chemistry")!; // teacher2's
    const algebra3 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 3")!;
    const page = await pageAs(browser, USERS.teacher.email);

    // Another teacher's class and a role that doesn't exist: dropped, and the notice says so.
    await page.goto(`/invitations?course=${chemistry.id}&role=bogus`);
    await expectFinalCount(page, mine.invitations.length);
    const notice = page.getByRole("status").filter({ hasText: "removed" });
    await expect(notice).toContainText("“bogus” is not a role");
    await expect(notice).toContainText(`“${chemistry.id}” is not a class you can see`);
    await expect(page).not.toHaveURL(/course=|role=/);
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice).toHaveCount(0);

    // Deliberate changes push a history entry each: Back undoes them one by one.
    await page.getByLabel("Course", { exact: true }).selectOption(algebra3.id);
    await expect(page).toHaveURL(new RegExp(`course=${algebra3.id}`));
    await page.getByLabel("Role").selectOption("STUDENT");
    await expect(page).toHaveURL(/role=STUDENT/);
    await page.getByRole("button", { name: /^Invitee/ }).click();
    await expect(page).toHaveURL(/sort=invitee/);
    await page.goBack();
    await expect(page).not.toHaveURL(/sort=/);
    await page.goBack();
    await expect(page).not.toHaveURL(/role=/);
    await expect(page.getByLabel("Role")).toHaveValue("");
    await expect(page.getByLabel("Course", { exact: true })).toHaveValue(algebra3.id);
    await expect(count(page)).toHaveText(countLabel(mine.invitations.filter((i) => i.courseId === algebra3.id).length));
    await page.goBack();
    await expect(page).not.toHaveURL(/course=/);
    await expect(count(page)).toHaveText(countLabel(mine.invitations.length));
    // Typing replaces instead: one Back leaves the page, not one letter.
    await page.getByRole("searchbox", { name: "Search" }).fill("priya");
    await expect(page).toHaveURL(/q=priya/);
    await page.getByLabel("Role").selectOption("TEACHER");
    await page.goBack();
    await expect(page).toHaveURL(/q=priya/);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("priya");
    await page.context().close();
  });

  test("a list that fails to load shows the error alone, with no empty state beside it", async ({ browser }) => {
    // Signed in first: with the classes unreadable, role detection at sign-in would make this
    // teacher a student, whom the page offers no list at all.
    const page = await pageAs(browser, USERS.teacher.email);
    await faults([{ method: "GET", path: "^/v1/courses\\?", status: 403 }]);
    await page.goto("/invitations");
    await expect(page.getByRole("alert").filter({ hasText: "could not all be loaded" })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText("No pending invitations")).toHaveCount(0);
    await expect(page.getByText("No invitations match")).toHaveCount(0);
    await clearFaults();
    await page.getByRole("button", { name: "Try again" }).click();
    await expectFinalCount(page, taughtBy(await emuState(), USERS.teacher.email).invitations.length);
    await page.context().close();
  });

  test("Invite opens a real dialog: first in the tab order, focus inside, Esc and Close give focus back", async ({
    browser,
  }) => {
    const s = await emuState();
    const page = await pageAs(browser, USERS.teacher.email);
    await page.goto("/invitations");
    await expectFinalCount(page, taughtBy(s, USERS.teacher.email).invitations.length);
    const invite = page.getByRole("button", { name: "Invite", exact: true });
    await invite.focus();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Bulk invite" })).toBeFocused();

    await invite.click();
    const dialog = page.getByRole("dialog", { name: "New invitation" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Email")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(invite).toBeFocused();

    await invite.press("Enter");
    await expect(dialog.getByLabel("Email")).toBeFocused();
    // Focus stays inside: Shift+Tab from the first field reaches the Close button, not the page.
    await page.keyboard.press("Shift+Tab");
    await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(invite).toBeFocused();

    // The classes are in name order (then section), and empty error lines leave no gaps.
    await invite.click();
    const options = await dialog.getByLabel("Course").locator("option:not([value=''])").allInnerTexts();
    expect(options.length).toBeGreaterThan(1);
    expect(options).toEqual([...options].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    // Visible error lines only: a screen-reader-only live region is positioned out of the flow.
    const emptyLines = dialog.locator("p[aria-live]:empty:not(.sr-only)");
    expect(await emptyLines.count()).toBeGreaterThan(0);
    for (const box of await emptyLines.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height)))
      expect(box).toBe(0);
    await dialog.getByRole("button", { name: "Close" }).click();

    // Sent: the dialog closes and the toast says so.
    const algebra3 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 3")!;
    await invite.click();
    await dialog.getByLabel("Email").fill("noah.silva@northwood.edu");
    await dialog.getByLabel("Course").selectOption(algebra3.id);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(/^Invitation sent to noah\.silva@northwood\.edu/)).toBeVisible();
    await expect(dialog).toBeHidden();
    await page.context().close();
  });

  test("on a phone each invitation is a card, with its actions in reach and nothing to scroll sideways", async ({
    browser,
  }) => {
    const s = await emuState();
    const context = await contextAs(browser, USERS.teacher.email);
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/invitations");
    await expectFinalCount(page, taughtBy(s, USERS.teacher.email).invitations.length);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const row = rowFor(page, "Priya Raman", "AP Calculus AB");
    const actions = row.getByRole("button", { name: "Actions for Priya Raman" });
    const box = (await actions.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // The card stacks the cells: the course sits below the invitee, not beside.
    const who = (await row.locator("td").nth(1).boundingBox())!;
    const course = (await row.locator("td").nth(2).boundingBox())!;
    expect(course.y).toBeGreaterThanOrEqual(who.y + who.height - 1);
    await rowAction(row, "Change role");
    await expect(page.getByRole("dialog", { name: "Change role for Priya Raman" })).toBeVisible();
    await context.close();
  });

  test("an admin exports the filtered view as CSV with formula cells neutralised", async ({ browser }) => {
    // The security-test names: a section that is a spreadsheet formula.
    await emulator.reset({ profile: "hostile" });
    const s = await emuState();
    const csp = s.courses.find((c) => c.name === "Computer Science Principles")!;
    const expected = s.invitations.filter((i) => i.courseId === csp.id).length;
    const page = await pageAs(browser, USERS.admin.email);
    await page.goto(`/invitations?course=${csp.id}`);
    await expectFinalCount(page, expected);
    // Hostile names render as text.
    await expect(table(page).getByRole("link", { name: "Computer Science Principles" }).first()).toBeVisible();
    await expect(page.getByText("Looking up names…")).toHaveCount(0, { timeout: 20_000 });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^invitations-.*\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const checkCsv = (csv: string) => {
      const [head, ...rows] = Papa.parse<string[]>(csv.trim(), { newline: "\r\n" }).data;
      expect(head).toEqual([
        "Invitee name",
        "Invitee email",
        "Invitee user id",
        "Course",
        "Section",
        "Course id",
        "Role",
        "Course state",
        "Course owner",
        "Invited by",
        "First seen",
        "Invitation id",
      ]);
      expect(rows).toHaveLength(expected);
      for (const r of rows) {
        expect(r[3]).toBe("Computer Science Principles");
        expect(r[4]).toBe(`'=HYPERLINK("https://evil.example","Section A")`);
        for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }
      expect(new Set(rows.map((r) => r[11]))).toEqual(
        new Set(s.invitations.filter((i) => i.courseId === csp.id).map((i) => i.id)),
      );
    };
    checkCsv(text);

    // The route handler with the same filters gives the same file.
    const res = await page.request.get(`/api/invitations/export?course=${csp.id}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    checkCsv((await res.text()).replace(/^\uFEFF/, ""));

    // Every hostile-name row across the domain is neutralised too.
    const all = await page.request.get(`/api/invitations/export?q=formula`);
    const parsed = Papa.parse<string[]>((await all.text()).replace(/^\uFEFF/, "").trim(), {
      newline: "\r\n",
    }).data.slice(1);
    for (const r of parsed) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    await page.context().close();
  });

  test("an admin sees the whole domain stream in with progress, a final count and a virtualized table", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    // An admin of the large district's own, signed in after the reset: admin@ has another user id
    // there, which Auth.js would refuse to link (sessions survive resets, accounts don't move), and
    // the tests before this one spent part of admin@'s per-minute Classroom budget, which the
    // domain's 1,000 reads would then wait a window for.
    const demoEmails = new Set((await emuState()).users.map((u) => u.email));
    await emulator.reset({ profile: "large", courses: 1000 });
    const s = await emuState();
    const admin = s.users.find((u) => u.email.endsWith("@northwood.edu") && !demoEmails.has(u.email))!;
    await emulator.call("PATCH", `/users/${admin.email}`, { isAdmin: true });
    const page = await pageAs(browser, admin.email);
    expect(s.courses.length).toBe(1000);
    const total = s.invitations.length;
    expect(total).toBeGreaterThan(1000);
    // Bench-like latency so the progress is visible: 150 ms per call, 5 ms per batch part.
    await emulator.config({ latencyMs: 150, perPartLatencyMs: 5 });

    const started = Date.now();
    await page.goto("/invitations");
    await expect(page.getByText(/Loading [\d,]+ of 1,000 courses/)).toBeVisible({ timeout: 30_000 });
    // Rows stream in: a partial count shows while later courses are still loading.
    await expect(page.getByText(/Loading (?!0 )[\d,]+ of 1,000 courses/)).toBeVisible({ timeout: 30_000 });
    await expect(count(page)).toHaveAttribute("data-final", "false");
    await expectFinalCount(page, total, 90_000);
    const elapsed = Date.now() - started;
    test.info().annotations.push({
      type: "domain load",
      description: `${n(total)} invitations from 1,000 courses in ${elapsed} ms`,
    });

    // Virtualized: a real table with headers, only the visible rows in the DOM, each with "Revoke".
    await expect(table(page).getByRole("columnheader", { name: "Invitee" })).toBeVisible();
    const rendered = await bodyRows(page).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    await expect(
      bodyRows(page)
        .first()
        .getByRole("button", { name: /^Actions for / }),
    ).toBeVisible();
    await expect(table(page)).toHaveAttribute("aria-rowcount", String(total + 1));

    // Keystrokes on 5,000+ rows: time from input to the next painted frame.
    await emulator.config({ latencyMs: 0, perPartLatencyMs: 0 });
    const box = page.getByRole("searchbox", { name: "Search" });
    await box.click();
    const times = await page.evaluate(async (text) => {
      const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const out: number[] = [];
      for (let i = 1; i <= text.length; i++) {
        const t = performance.now();
        setter.call(input, text.slice(0, i));
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await frame();
        out.push(performance.now() - t);
      }
      return out;
    }, "student");
    const worst = Math.max(...times);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    test.info().annotations.push({
      type: "keystroke",
      description: `median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms over ${n(total)} rows`,
    });
    console.log(
      `[invitations-list] ${n(total)} rows; load ${elapsed} ms; keystroke median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
    );
    await expect(page).toHaveURL(/[?&]q=student/);
    await page.context().close();
  });

  test("the activity log shows the actions; teachers see only their own courses", async ({ browser }) => {
    const s = await emuState();
    const mine = taughtBy(s, USERS.teacher.email);
    const page = await pageAs(browser, USERS.teacher.email);
    await page.goto("/invitations");
    await expectFinalCount(page, mine.invitations.length);
    const algebra3 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 3")!;
    await page.getByLabel("Course", { exact: true }).selectOption(algebra3.id);
    await revokeRow(bodyRows(page).first());
    await expect(page.getByText(/^Revoked the invitation for /)).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
    const log = page.getByRole("table");
    const revoked = log.getByRole("row").filter({ hasText: "Revoked" }).filter({ hasText: "Algebra I" });
    await expect(revoked.first()).toBeVisible();
    await expect(revoked.first()).toContainText(USERS.teacher.email);
    await expect(revoked.first()).toContainText("Succeeded");
    await page.getByLabel("Action").selectOption("invitation.revoke");
    await expect(page).toHaveURL(/[?&]action=invitation\.revoke/);
    await expect(log.getByRole("row").filter({ hasText: "Changed role" })).toHaveCount(0);
    const axe = await new AxeBuilder({ page }).include("main").analyze();
    expect(axe.violations).toEqual([]);

    // teacher2 does not teach Algebra I: the server leaves those entries out.
    const other = await contextAs(browser, USERS.teacher2.email);
    const res = await other.request.get(`/api/activity?course=${algebra3.id}`);
    expect(res.status()).toBe(200);
    expect((await res.json()).entries).toEqual([]);
    const all = (await (await other.request.get("/api/activity")).json()) as { entries: { courseId: string | null }[] };
    expect(all.entries.some((e) => e.courseId === algebra3.id)).toBe(false);

    // The admin sees it.
    const admin = await contextAs(browser, USERS.admin.email);
    const adminLog = (await (
      await admin.request.get(`/api/activity?course=${algebra3.id}&action=invitation.revoke`)
    ).json()) as {
      entries: { actorEmail: string }[];
    };
    expect(adminLog.entries.some((e) => e.actorEmail === USERS.teacher.email)).toBe(true);
    await Promise.all([other.close(), admin.close(), page.context().close()]);
  });

  test("a teacher cannot read another teacher's course through the route handlers", async ({ browser, playwright }) => {
    const s = await emuState();
    const chemistry = s.courses.find((c) => c.name === "Chemistry")!; // teacher2's
    const algebra1 = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 1")!; // teacher's
    const teacher = await contextAs(browser, USERS.teacher.email);

    const denied = await teacher.request.get(`/api/invitations?courseId=${chemistry.id}`);
    expect(denied.status()).toBe(403);
    const body = await denied.text();
    expect(JSON.parse(body).error.code).toBe("FORBIDDEN");
    expect(body).not.toContain("Chemistry");
    expect(
      (await teacher.request.get(`/api/invitations?courseId=${algebra1.id}&courseId=${chemistry.id}`)).status(),
    ).toBe(403);
    expect((await teacher.request.get(`/api/invitations/export?course=${chemistry.id}`)).status()).toBe(403);
    expect((await teacher.request.get(`/api/invitations?courseId=${encodeURIComponent("../x")}`)).status()).toBe(400);

    const own = await teacher.request.get(`/api/invitations?courseId=${algebra1.id}`);
    expect(own.status()).toBe(200);
    const snap = (await own.json()) as { invitations: { courseId: string }[] };
    expect(snap.invitations.length).toBe(s.invitations.filter((i) => i.courseId === algebra1.id).length);

    // The stream carries only the teacher's courses, and no token.
    const stream = await (await teacher.request.get("/api/invitations/stream")).text();
    expect(stream).not.toContain(chemistry.id);
    expect(stream).not.toMatch(/ya29\.|1\/\/emu/);
    expect(stream.trim().split("\n").at(-1)).toBe('{"t":"done"}');

    // A student and a signed-out caller are refused.
    const student = await contextAs(browser, USERS.student.email);
    expect((await student.request.get("/api/invitations")).status()).toBe(403);
    expect((await student.request.get("/api/invitations/stream")).status()).toBe(403);
    expect((await student.request.get("/api/activity")).status()).toBe(403);
    const anon = await playwright.request.newContext({ baseURL: E2E.appUrl });
    for (const path of ["/api/invitations", "/api/invitations/stream", "/api/invitations/export", "/api/activity"]) {
      expect((await anon.get(path)).status(), path).toBe(401);
    }
    await Promise.all([teacher.close(), student.close(), anon.dispose()]);
  });

  test("a grant Google no longer accepts answers 401, not 502, from the JSON reads", async ({ browser }) => {
    const teacher = await contextAs(browser, USERS.teacher.email);
    expect((await teacher.request.get("/api/invitations")).status()).toBe(200);

    // Every Classroom call now answers 401 UNAUTHENTICATED, as Google does for a revoked or expired grant.
    await faults([{ status: 401 }]);
    const first = await teacher.request.get("/api/invitations");
    expect(first.status()).toBe(401);
    expect((await first.json()).error.code).toMatch(/^(UNAUTHENTICATED|REAUTH_REQUIRED)$/);
    // The refused grant may also end the session; either way the answer stays a 401.
    for (const path of ["/api/invitations", "/api/invitations/export", "/api/activity"]) {
      const res = await teacher.request.get(path);
      expect(res.status(), path).toBe(401);
      const body = await res.text();
      expect(JSON.parse(body).error.code, path).toMatch(/^(UNAUTHENTICATED|REAUTH_REQUIRED|SIGNED_OUT)$/);
      expect(body, path).not.toMatch(/ya29\.|1\/\/emu|authError/);
    }
    await teacher.close();

    // A grant Google refuses ends every session of that person, the setup's saved teacher session
    // included: sign the teacher in again so later spec files start signed in.
    await clearFaults();
    sessions.delete(USERS.teacher.email);
    const again = await contextAs(browser, USERS.teacher.email);
    await again.storageState({ path: storageStatePath("teacher") });
    await again.close();
  });
});
