import { expect, test, type Page } from "./test";
import Papa from "papaparse";

import { expectAccessible } from "./axe";
import { storageStatePath, USERS } from "./env";
import { emulator } from "./helpers";
import { courseOf, emu, type EmuState } from "./my-invitations.helpers";
import { callAction } from "./security/actions";

// The admin's everyday tools: adding people directly, inviting many addresses at once, the
// activity log's filters, runs and export, and the help page. Each is driven as a person would,
// and checked against the emulator's own state.

test.describe.configure({ mode: "serial" });

const DOMAIN = "@northwood.edu";

/** In-domain, enabled people with no place and no invitation in the class. */
function outsiders(s: EmuState, courseId: string, n: number) {
  const c = s.courses.find((x) => x.id === courseId)!;
  const taken = new Set([
    ...c.teacherIds,
    ...c.studentIds,
    ...s.invitations.filter((i) => i.courseId === courseId).map((i) => i.userId),
  ]);
  const found = s.users.filter(
    (u) =>
      u.email.endsWith(DOMAIN) && !u.disabled && !u.isAdmin && !taken.has(u.id) && /^[a-z]+\.[a-z]+@/.test(u.email),
  );
  expect(found.length).toBeGreaterThanOrEqual(n);
  return found.slice(0, n);
}

const form = (page: Page) => page.getByRole("form", { name: "Invite someone" });

test.beforeAll(async () => {
  await emulator.reset();
});

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("adds people directly: explained beside Invite, no invitation, outside addresses refused before sending", async ({
    page,
  }) => {
    const s = await emu.state();
    const course = courseOf(s, "AP Calculus AB");
    const [a, b] = outsiders(s, course.id, 2);
    await page.goto(`/courses/${course.id}`);
    const f = form(page);
    await expect(f.getByRole("radio", { name: /Send an invitation/ })).toBeChecked();
    await f.getByRole("radio", { name: /Add directly/ }).check();
    await expect(f).toContainText("no email, no consent step");
    // A new owner needs an invitation: the role list no longer offers Owner.
    await expect(f.getByLabel("Role").locator("option")).toHaveText(["Student", "Co-teacher"]);

    // An outside address can't be added directly: said on its chip, and nothing is sent.
    const box = f.getByLabel("Email addresses");
    await box.fill(`${a!.email}, guest@riverside-academy.org `);
    await expect(f.getByTestId("address-chip")).toHaveCount(2);
    await expect(f.getByTestId("address-chip").filter({ hasText: "guest@" })).toHaveAttribute("data-tone", "error");
    await expectAccessible(page, "add directly, an outside address refused on its chip");
    await f.getByRole("button", { name: /^Add 2 people$/ }).click();
    await expect(f.getByText(/1 address can't be used/)).toBeVisible();
    await f.getByRole("button", { name: "Remove guest@riverside-academy.org" }).press("Enter");
    await expect(f.getByTestId("address-chip")).toHaveCount(1);
    await box.fill(b!.email);
    await f.getByLabel("Role").selectOption({ label: "Co-teacher" });
    await f.getByRole("button", { name: /^Add 2 people$/ }).click();
    await expect(page.getByText(/Added 2 people in AP Calculus AB/)).toBeVisible();

    const after = await emu.state();
    const c = after.courses.find((x) => x.id === course.id)!;
    expect(c.teacherIds).toEqual(expect.arrayContaining([a!.id, b!.id]));
    expect(after.invitations.filter((i) => i.courseId === course.id && [a!.id, b!.id].includes(i.userId))).toEqual([]);
    // The class page shows them among its teachers.
    await expect(page.getByRole("region", { name: /Teachers/ })).toContainText(a!.name);

    // Both adds are logged as one run, with a sentence for the outcome.
    await page.goto(`/activity?action=member.add`);
    const entry = page.getByTestId("activity-entry").first();
    await expect(entry).toContainText("Added directly");
    await expect(entry).toContainText("All 2 rows succeeded.");
    await entry.getByRole("button", { name: "Show 2 rows" }).click();
    await expect(page.getByTestId("activity-run-row")).toHaveCount(2);
    await expect(page.getByTestId("activity-run-row").filter({ hasText: a!.email })).toHaveCount(1);
  });

  test("invites many addresses at once: chips, per-address checks, outside-domain warning, one run", async ({
    page,
  }) => {
    const s = await emu.state();
    const course = courseOf(s, "AP Calculus AB");
    const people = outsiders(s, course.id, 3);
    await page.goto(`/courses/${course.id}`);
    const f = form(page);
    const box = f.getByLabel("Email addresses");
    await box.focus();
    // A paste from a mail client: names, brackets, separators, a typo and an outside address.
    await page.evaluate((text) => {
      const input = document.activeElement as HTMLInputElement;
      const data = new DataTransfer();
      data.setData("text/plain", text);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, `"${people[0]!.name}" <${people[0]!.email}>; ${people[1]!.email}, not-an-address\nm.santos@riverside-academy.org`);
    const chips = f.getByTestId("address-chip");
    await expect(chips).toHaveCount(4);
    await expect(chips.filter({ hasText: "not-an-address" })).toHaveAttribute("data-tone", "error");
    await expect(chips.filter({ hasText: "m.santos@" })).toHaveAttribute("data-tone", "warning");
    await expect(f.getByTestId("address-notes")).toContainText("m.santos@riverside-academy.org: Outside your domain");

    // Keyboard: Backspace in the empty field removes the last chip; a chip's own button removes it.
    await box.press("Backspace");
    await expect(chips).toHaveCount(3);
    await f.getByRole("button", { name: "Remove not-an-address" }).focus();
    await page.keyboard.press("Space");
    await expect(chips).toHaveCount(2);
    await box.fill(`${people[2]!.email} `);
    await expect(chips).toHaveCount(3);

    // A domain the school's setting refuses: a warning to confirm before anything is sent.
    await box.fill("kid@gmail.com ");
    await expect(chips.filter({ hasText: "kid@gmail.com" })).toHaveAttribute("data-tone", "warning");
    await f.getByRole("button", { name: "Send 4 invitations" }).click();
    const warning = f.getByRole("alert").filter({ hasText: "Classroom is likely to refuse 1 address" });
    await expect(warning).toBeVisible();
    await expect(warning.getByRole("link", { name: "How domain settings work" })).toHaveAttribute(
      "href",
      "/help#domains",
    );
    await f.getByRole("button", { name: "Remove kid@gmail.com" }).click();
    await expect(warning).toHaveCount(0);

    // Several addresses go out as one job on the server, its progress and results in the form.
    await f.getByRole("button", { name: "Send 3 invitations" }).click();
    const status = f.getByTestId("job-status");
    await expect(status).toContainText("3 of 3 processed: 3 done, 0 failed", { timeout: 60_000 });
    // The job's rows name their class, not its id.
    await expect(f.getByRole("cell", { name: course.name })).toHaveCount(3);
    await expect(chips).toHaveCount(0);
    const after = await emu.state();
    for (const p of people) {
      expect(after.invitations.find((i) => i.courseId === course.id && i.userId === p.id)?.role).toBe("STUDENT");
    }

    // Inviting the same three as co-teachers fails for each, and each row says why.
    await box.fill(`${people.map((p) => p.email).join(", ")}, `);
    await f.getByLabel("Role").selectOption({ label: "Co-teacher" });
    await f.getByRole("button", { name: "Send 3 invitations" }).click();
    await expect(status).toContainText("3 of 3 processed: 0 done, 3 failed", { timeout: 60_000 });

    // The log shows each send as one run; the failures read as sentences, not codes.
    await page.goto("/activity?action=bulk.invite&outcome=error");
    const run = page.getByTestId("activity-entry").first();
    await expect(run).toContainText("All 3 rows failed.");
    // A job's entries name the class as a person's own click does, not by its id.
    await expect(run.getByRole("link", { name: course.name })).toBeVisible();
    await run.getByRole("button", { name: "Show 3 rows" }).click();
    await expect(page.getByTestId("activity-run-row").first()).toContainText("already has a pending invitation");
    await expect(page.locator("main")).not.toContainText("ALREADY_EXISTS");
  });

  test("activity log: 'done by' matches part of a name as you type; date range; CSV export", async ({ page }) => {
    await page.goto("/activity");
    await expect(page.getByTestId("activity-entry").first()).toBeVisible();
    const doneBy = page.getByLabel("Done by");
    // Part of the admin's name (Dana Whitfield), applied without Enter.
    await doneBy.fill("whitf");
    await expect(page).toHaveURL(/actor=whitf/);
    await expect(page.getByTestId("activity-entry").first()).toContainText(USERS.admin.email);
    await doneBy.fill("nobody-by-this-name");
    await expect(page.getByText("No activity matches these filters.")).toBeVisible();
    await doneBy.fill("");
    await expect(page).not.toHaveURL(/actor=/);

    // Back undoes a deliberate filter change.
    await page.getByLabel("Outcome").selectOption({ label: "Failed" });
    await expect(page).toHaveURL(/outcome=error/);
    await page.goBack();
    await expect(page).not.toHaveURL(/outcome=error/);

    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("From (UTC)").fill("2020-01-01");
    await page.getByLabel("To (UTC)").fill("2020-01-31");
    await expect(page.getByText("No activity matches these filters.")).toBeVisible();
    await page.getByLabel("To (UTC)").fill(today);
    await expect(page.getByTestId("activity-entry").first()).toBeVisible();

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toContain(`to=${today}`);
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("When (UTC),Done by,Action,Class,Class id,Invitee,Role,Outcome,What happened,Code,Run");
    // Runs are expanded in the file: every row of the two runs above is a line.
    expect(lines.filter((l) => l.includes(",Added directly,")).length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.includes(",Bulk invite,")).length).toBeGreaterThanOrEqual(6);
  });

  test("all classes: state, owner, counts that match Classroom, filters, links", async ({ page }) => {
    const s = await emu.state();
    await page.goto("/classes");
    await expect(page.getByRole("heading", { level: 1, name: "Classes" })).toBeVisible();
    // The domain's classes: those whose owner is in the admin's domain.
    const domainCourses = s.courses.filter((c) => s.users.find((u) => u.id === c.ownerId)?.email.endsWith(DOMAIN));
    await expect(page.getByTestId("classes-count")).toHaveText(
      `${domainCourses.length.toLocaleString("en-US")} classes`,
    );

    await page.getByLabel("Search").fill("Calculus");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/q=Calculus/);
    const calc = courseOf(s, "AP Calculus AB");
    const row = page.getByTestId("class-row").filter({ hasText: "AP Calculus AB" });
    await expect(row).toHaveCount(1);
    const cells = row.getByRole("cell");
    const owner = s.users.find((u) => u.id === calc.ownerId)!;
    await expect(cells.nth(1)).toContainText(owner.name);
    await expect(cells.nth(2)).toHaveText(String(calc.teacherIds.length));
    await expect(cells.nth(3)).toHaveText(String(calc.studentIds.length));
    await expect(cells.nth(4)).toHaveText(String(s.invitations.filter((i) => i.courseId === calc.id).length));

    const archived = domainCourses.filter((c) => c.courseState === "ARCHIVED");
    await page.goto("/classes");
    await page.getByLabel("State").selectOption({ value: "ARCHIVED" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("classes-count")).toHaveText(new RegExp(`^${archived.length} class`));
    for (const badge of await page.getByTestId("class-row").all()) await expect(badge).toContainText("Archived");

    await page.goto("/classes?q=Calculus");
    await row.getByRole("link", { name: "AP Calculus AB", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${calc.id}$`));
  });

  test("person page: invitations and classes across the domain, with change role and revoke", async ({ page }) => {
    const s = await emu.state();
    const course = courseOf(s, "AP Calculus AB");
    const inv = s.invitations.find((i) => i.courseId === course.id && i.role === "STUDENT")!;
    const who = s.users.find((u) => u.id === inv.userId)!;
    await page.goto(`/courses/${course.id}`);
    await page
      .getByRole("region", { name: /Pending invitations/ })
      .getByRole("link", { name: who.name, exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`/people/${who.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: who.name })).toBeVisible();
    const row = page.getByTestId("person-invitation").filter({ hasText: "AP Calculus AB" });
    await expect(row).toContainText("Student");
    await row.getByRole("button", { name: /Actions for the invitation to AP Calculus AB/ }).click();
    await page.getByRole("menuitem", { name: "Change role" }).click();
    const roleDialog = page.getByRole("dialog", { name: `Change role for ${who.name}` });
    await expect(roleDialog).toContainText("New role: Co-teacher");
    await roleDialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByTestId("person-invitation").filter({ hasText: "AP Calculus AB" })).toContainText(
      "Co-teacher",
    );
    expect((await emu.state()).invitations.find((i) => i.courseId === course.id && i.userId === who.id)?.role).toBe(
      "TEACHER",
    );
    await row.getByRole("button", { name: /Actions for the invitation to AP Calculus AB/ }).click();
    await page.getByRole("menuitem", { name: "Revoke" }).click();
    await page
      .getByRole("dialog", { name: `Revoke the invitation for ${who.name}?` })
      .getByRole("button", { name: "Revoke invitation" })
      .click();
    await expect(page.getByTestId("person-invitation").filter({ hasText: "AP Calculus AB" })).toHaveCount(0);
    expect(
      (await emu.state()).invitations.find((i) => i.courseId === course.id && i.userId === who.id),
    ).toBeUndefined();
  });

  test("help explains the rules, and errors link to it", async ({ page }) => {
    await page.goto("/help");
    await expect(page.getByRole("heading", { level: 1, name: "How invitations work in Classroom" })).toBeVisible();
    for (const name of ["Roles in a class", "How ownership moves", "The daily invitation limit", "Domain settings"]) {
      await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Help" })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });
});

test.describe("teacher", () => {
  test.use({ storageState: storageStatePath("teacher") });

  test("can't open the all-classes page, and a person page shows only the classes they teach", async ({ page }) => {
    await page.goto("/classes");
    await expect(page.getByRole("heading", { name: "The class list is for administrators" })).toBeVisible();
    await expect(page.getByTestId("class-row")).toHaveCount(0);

    // Someone invited to a class this teacher doesn't teach: that class never shows.
    const s = await emu.state();
    const me = s.users.find((u) => u.email === USERS.teacher.email)!;
    const mine = new Set(s.courses.filter((c) => c.teacherIds.includes(me.id)).map((c) => c.name));
    const theirs = s.invitations.find((i) => {
      const c = s.courses.find((x) => x.id === i.courseId)!;
      return !c.teacherIds.includes(me.id) && !mine.has(c.name);
    })!;
    const other = s.courses.find((c) => c.id === theirs.courseId)!;
    await page.goto(`/people/${theirs.userId}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(other.name);

    // The log's export holds only entries about the teacher's classes, or made by them (the
    // admin's work above shows only where it touched one of them).
    const taught = new Set(s.courses.filter((c) => c.teacherIds.includes(me.id)).map((c) => c.id));
    const csv = await (await page.request.get("/api/activity/export")).text();
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, "").trim(), { header: true }).data;
    for (const row of rows) {
      const mine = row["Done by"] === USERS.teacher.email || taught.has(row["Class id"] ?? "");
      expect(mine, JSON.stringify(row)).toBe(true);
    }
    expect(rows.length).toBeGreaterThan(0);
  });

  test("is offered Invite only, the server refuses a direct add, and no admin-only navigation", async ({ page }) => {
    const s = await emu.state();
    const algebra = courseOf(s, "Algebra I", "Period 1");
    await page.goto(`/courses/${algebra.id}`);
    await expect(form(page).getByLabel("Email addresses")).toBeVisible();
    await expect(form(page).getByRole("radio", { name: /Add directly/ })).toHaveCount(0);

    // The action itself, called without the UI: refused by role, the class untouched.
    const [who] = outsiders(s, algebra.id, 1);
    const c = await callAction(page.request, { file: "lib/actions/members.ts", name: "addMembersAction" }, [
      { courseId: algebra.id, role: "STUDENT", emails: [who!.email] },
    ]);
    expect(c.result).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const after = (await emu.state()).courses.find((x) => x.id === algebra.id)!;
    expect(after.studentIds).not.toContain(who!.id);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Classes" })).toHaveCount(0);
  });
});
