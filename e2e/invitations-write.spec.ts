import fs from "node:fs";
import path from "node:path";

import { expect, test, type APIRequestContext, type Browser, type Page } from "./test";

import { E2E, USERS, type RoleKey } from "./env";
import { emulator, signInAs } from "./helpers";
import { courseOf, emu, userOf, type EmuState } from "./my-invitations.helpers";

// Issue 3, the write side: create (every documented error), change role, revoke, the course
// page, bulk invite with preview / injected failures / retry, 500 rows, and authorization
// proven by calling the server actions directly, as any client could.

type ActivityEntry = {
  actorEmail: string;
  action: string;
  courseId: string | null;
  invitee: string | null;
  role: string | null;
  outcome: "ok" | "error";
  errorCode: string | null;
  batchId: string | null;
  /** A run (bulk or job) listed as one entry: its row count and successes. */
  run?: { count: number; ok: number };
};

test.beforeEach(async () => {
  await emulator.reset();
});

// ---------------------------------------------------------------------------
// Helpers

/**
 * Storage states of this spec's own, keyed by the app's port: the shared e2e/.auth files are
 * rewritten by any concurrent run against another app instance, whose sessions this app's
 * database doesn't know.
 */
const authPath = (role: RoleKey) => `e2e/.auth/write-${new URL(E2E.appUrl).port}-${role}.json`;
const signedIn = new Set<RoleKey>();

function signedInAs(role: RoleKey) {
  test.use({
    storageState: async ({ browser }: { browser: Browser }, provide: (path: string) => Promise<void>) => {
      if (!signedIn.has(role) || !fs.existsSync(authPath(role))) {
        const context = await browser.newContext({ baseURL: E2E.appUrl });
        const page = await context.newPage();
        await signInAs(page, USERS[role].email);
        await context.storageState({ path: authPath(role) });
        await context.close();
        signedIn.add(role);
      }
      await provide(authPath(role));
    },
  });
}

const DIST = process.env.NEXT_DIST_DIR || ".next";

/** The action's id from the build's manifest, and a page whose bundle registers it. */
function actionRoute(name: string): { id: string; url: (courseId: string) => string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName !== name || !/lib\/actions\/(invitations|jobs)\b/.test(entry.filename ?? "")) continue;
    const workers = Object.keys(entry.workers);
    if (workers.some((w) => w.includes("invitations/bulk"))) return { id, url: () => "/invitations/bulk" };
    if (workers.some((w) => w.endsWith("(app)/invitations/page"))) return { id, url: () => "/invitations" };
    return { id, url: (courseId) => `/courses/${courseId}` };
  }
  throw new Error(`server action ${name} not found in the build manifest`);
}

/**
 * Calls a server action the way the browser does: POST with its id in `Next-Action` and the
 * arguments as the body. Proves the server checks rather than the UI.
 */
async function callAction<T = { ok: boolean; data?: unknown; error?: { code: string; message: string } }>(
  request: APIRequestContext,
  name: string,
  arg: unknown,
  courseId = "0",
): Promise<T> {
  const { id, url } = actionRoute(name);
  const res = await request.post(url(courseId), {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: E2E.appUrl,
    },
    data: JSON.stringify([arg]),
  });
  const text = await res.text();
  expect(res.status(), text.slice(0, 300)).toBe(200);
  expect(text).not.toMatch(/ya29\.|1\/\/emu|Bearer /);
  const line = text.split("\n").find((l) => l.startsWith("1:"));
  if (!line) throw new Error(`no action result in: ${text.slice(0, 300)}`);
  return JSON.parse(line.slice(2)) as T;
}

async function activity(request: APIRequestContext, query: Record<string, string>): Promise<ActivityEntry[]> {
  const res = await request.get(`/api/activity?${new URLSearchParams(query)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { entries: ActivityEntry[] }).entries;
}

const requestsBy = async (email: string) =>
  (
    await emulator.call<{ method: string; path: string; email: string | null; status: number }[]>("GET", "/requests")
  ).filter((r) => r.email === email);

function invitationFor(s: EmuState, email: string, courseId: string) {
  const u = userOf(s, email);
  return s.invitations.find((i) => i.userId === u.id && i.courseId === courseId);
}

/** A domain student who is neither in the class nor invited to it. */
function outsider(s: EmuState, courseId: string, skip = 0) {
  const c = s.courses.find((x) => x.id === courseId)!;
  const candidates = s.users.filter(
    (u) =>
      u.email.endsWith("@northwood.edu") &&
      /^[a-z]+\.[a-z]+@/.test(u.email) &&
      !u.disabled &&
      !u.isAdmin &&
      !c.studentIds.includes(u.id) &&
      !c.teacherIds.includes(u.id) &&
      !s.invitations.some((i) => i.userId === u.id && i.courseId === courseId) &&
      !["r.nakamura", "g.osei", "t.lindqvist", "a.brennan", "d.mensah", "m.alvarez", "omar.farouk"].some((p) =>
        u.email.startsWith(p),
      ),
  );
  const u = candidates[skip];
  if (!u) throw new Error("no outsider available");
  return u;
}

/** `n` rows "email,courseId,student" for (person, class) pairs where the person is neither in the class nor invited to it. */
function uninvitedRows(s: EmuState, n: number): { email: string; courseId: string; userId: string }[] {
  const rows: { email: string; courseId: string; userId: string }[] = [];
  const students = s.users.filter((u) => u.email.endsWith("@northwood.edu") && !u.disabled && !u.isAdmin);
  for (const c of s.courses.filter((x) => ["ACTIVE", "PROVISIONED"].includes(x.courseState))) {
    for (const u of students) {
      if (rows.length >= n) break;
      if (
        c.studentIds.includes(u.id) ||
        c.teacherIds.includes(u.id) ||
        s.invitations.some((i) => i.userId === u.id && i.courseId === c.id)
      )
        continue;
      rows.push({ email: u.email, courseId: c.id, userId: u.id });
    }
  }
  expect(rows).toHaveLength(n);
  return rows;
}

/** Every activity entry of one bulk run (newest first): the log shows a run as one entry, expandable into these. */
async function batchLog(request: APIRequestContext, batchId: string): Promise<ActivityEntry[]> {
  const res = await request.get(`/api/activity/runs/${encodeURIComponent(batchId)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { entries: ActivityEntry[] }).entries;
}

const form = (page: Page) => page.getByRole("form", { name: "Invite someone" });

async function invite(page: Page, email: string, role: "Student" | "Co-teacher" | "Owner") {
  const f = form(page);
  await f.getByLabel("Email").fill(email);
  await f.getByLabel("Role").selectOption({ label: role });
  await f.getByRole("button", { name: "Send invitation" }).click();
}

/** Opens a pending invitation's actions menu (named for the invitee) and picks one. */
async function rowAction(page: Page, who: string, action: "Change role" | "Revoke") {
  await page.getByRole("button", { name: `Actions for ${who}` }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

const serverAlert = (page: Page) => form(page).getByRole("alert").filter({ hasText: /./ });

// ---------------------------------------------------------------------------

test.describe("teacher", () => {
  signedInAs("teacher");

  test("creates an invitation, sees it, changes its role, revokes it; each step is logged", async ({ page }) => {
    const s = await emu.state();
    const algebra = courseOf(s, "Algebra I", "Period 1");
    const who = outsider(s, algebra.id);

    await page.goto(`/courses/${algebra.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Algebra I" })).toBeVisible();
    await expect(page.getByRole("region", { name: /Teachers/ })).toContainText(USERS.teacher.name);
    // The class is given by the page: the form has no one-option Course drop-down.
    await expect(form(page).getByLabel("Email")).toBeVisible();
    await expect(form(page).getByLabel("Course")).toHaveCount(0);

    // Validation as you type: a bad address is explained before anything is sent.
    const email = form(page).getByLabel("Email");
    await email.fill("not-an-email");
    await email.blur();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(form(page).getByText("An email address needs an @")).toBeVisible();

    await invite(page, who.email, "Student");
    await expect(page.getByText(`Invitation sent to ${who.email} as a student`)).toBeVisible();
    const pending = page.getByRole("region", { name: /Pending invitations/ });
    const row = pending.getByRole("row", { name: new RegExp(who.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("Student");
    let inv = invitationFor(await emu.state(), who.email, algebra.id);
    expect(inv?.role).toBe("STUDENT");

    // Change role: delete + re-create, one step for the user.
    await rowAction(page, who.name, "Change role");
    const roleDialog = page.getByRole("dialog", { name: `Change role for ${who.name}` });
    // A student's invitation can only become a co-teacher's here: said, not offered as a one-option list.
    await expect(roleDialog).toContainText("New role: Co-teacher, the only role it can change to here.");
    await expect(roleDialog.getByRole("combobox")).toHaveCount(0);
    await roleDialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByText(`${who.name} is now invited as co-teacher.`)).toBeVisible();
    await expect(row).toContainText("Co-teacher");
    const changed = invitationFor(await emu.state(), who.email, algebra.id);
    expect(changed?.role).toBe("TEACHER");
    expect(changed?.id).not.toBe(inv?.id);
    inv = changed;

    // Revoke, with the one confirmation every screen uses; the row leaves at once.
    await rowAction(page, who.name, "Revoke");
    await page
      .getByRole("dialog", { name: `Revoke the invitation for ${who.name}?` })
      .getByRole("button", { name: "Revoke invitation" })
      .click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText(`Revoked the invitation for ${who.name}.`)).toBeVisible();
    expect(invitationFor(await emu.state(), who.email, algebra.id)).toBeUndefined();

    const log = await activity(page.request, { q: who.email });
    expect(log.map((e) => [e.action, e.outcome, e.role])).toEqual([
      ["invitation.revoke", "ok", "TEACHER"],
      ["invitation.change_role", "ok", "STUDENT→TEACHER"],
      ["invitation.create", "ok", "STUDENT"],
    ]);
    expect(log.every((e) => e.actorEmail === USERS.teacher.email && e.courseId === algebra.id)).toBe(true);
  });

  test("a failed role change restores the original invitation and says so", async ({ page }) => {
    const s = await emu.state();
    const algebra = courseOf(s, "Algebra I", "Period 1");
    const who = outsider(s, algebra.id, 1);
    await page.goto(`/courses/${algebra.id}`);
    await invite(page, who.email, "Student");
    const row = page
      .getByRole("region", { name: /Pending invitations/ })
      .getByRole("row", { name: new RegExp(who.name) });
    await expect(row).toBeVisible();

    // The delete lands, the re-create is refused once: the original is sent again.
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 403, times: 1 }]);
    await rowAction(page, who.name, "Change role");
    const dialog = page.getByRole("dialog", { name: `Change role for ${who.name}` });
    await dialog.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByRole("alert")).toContainText(/original invitation was restored/i);
    await expect(row).toContainText("Student");
    expect(invitationFor(await emu.state(), who.email, algebra.id)?.role).toBe("STUDENT");
    const [last] = await activity(page.request, { q: who.email, action: "invitation.change_role" });
    expect(last).toMatchObject({ outcome: "error", errorCode: "PERMISSION_DENIED" });
  });

  test("Owner is never offered for a pending invitation, and a change to owner is refused before anything is deleted", async ({
    page,
  }) => {
    const s = await emu.state();
    const algebra = courseOf(s, "Algebra I", "Period 1");
    const who = outsider(s, algebra.id, 2);
    await page.goto(`/courses/${algebra.id}`);
    await invite(page, who.email, "Student");
    await expect(page.getByRole("region", { name: /Pending invitations/ }).getByText(who.name)).toBeVisible();
    const before = invitationFor(await emu.state(), who.email, algebra.id)!;

    // The dialog knows the Owner rule: no Owner option, and the two steps that work instead.
    await rowAction(page, who.name, "Change role");
    const dialog = page.getByRole("dialog", { name: `Change role for ${who.name}` });
    await expect(dialog).toContainText("Invited to Algebra I (Period 1) as a student.");
    await expect(dialog).toContainText("New role: Co-teacher");
    await expect(dialog.getByRole("combobox")).toHaveCount(0);
    await expect(dialog).toContainText("only a co-teacher can become owner");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // Asked directly, the server checks eligibility before it deletes: same invitation, same id.
    await emulator.call("DELETE", "/requests");
    const change = await callAction(
      page.request,
      "changeRoleAction",
      { invitationId: before.id, courseId: algebra.id, userId: before.userId, fromRole: "STUDENT", toRole: "OWNER" },
      algebra.id,
    );
    expect(change).toMatchObject({ ok: false, error: { code: "INELIGIBLE_OWNER" } });
    expect(invitationFor(await emu.state(), who.email, algebra.id)).toMatchObject({ id: before.id, role: "STUDENT" });
    const deletes = (await requestsBy(USERS.teacher.email)).filter((r) => r.method === "DELETE");
    expect(deletes).toEqual([]);
  });

  test("cannot read or change another teacher's class, through the UI or by calling the actions", async ({ page }) => {
    const s = await emu.state();
    const chem = courseOf(s, "Chemistry"); // teacher2's
    const guestInv = invitationFor(s, "guest@riverside-academy.org", chem.id)!;
    await emulator.call("DELETE", "/requests");

    await page.goto(`/courses/${chem.id}`);
    await expect(page.getByRole("heading", { name: "You can't open this class" })).toBeVisible();
    const api = await page.request.get(`/api/courses/${chem.id}`);
    expect(api.status()).toBe(403);

    const create = await callAction(page.request, "createInvitationAction", {
      email: "m.santos@riverside-academy.org",
      courseId: chem.id,
      role: "STUDENT",
    });
    expect(create).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    const change = await callAction(page.request, "changeRoleAction", {
      invitationId: guestInv.id,
      courseId: chem.id,
      userId: guestInv.userId,
      fromRole: "TEACHER",
      toRole: "STUDENT",
    });
    expect(change).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    const revoke = await callAction<{
      ok: true;
      data: { results: { id: string; ok: boolean; error?: { code: string } }[] };
    }>(page.request, "revokeInvitationsAction", { ids: [guestInv.id] });
    expect(revoke.data.results).toEqual([
      expect.objectContaining({ id: guestInv.id, ok: false, error: expect.objectContaining({ code: "FORBIDDEN" }) }),
    ]);

    // A bulk job with a row in someone else's class: that row is refused, and nothing is sent.
    const bulk = await callAction<{ ok: true; data: { jobId: string } }>(page.request, "createInviteJobAction", {
      rows: [{ email: "m.santos@riverside-academy.org", courseId: chem.id, role: "STUDENT" }],
    });
    type JobRead = { job: { state: string }; items: { state: string; errorCode: string | null }[] };
    const read = async () => (await (await page.request.get(`/api/jobs/${bulk.data.jobId}`)).json()) as JobRead;
    await expect.poll(async () => (await read()).job.state, { timeout: 30_000 }).toBe("done");
    expect((await read()).items[0]).toMatchObject({ state: "failed", errorCode: "FORBIDDEN" });
    expect(invitationFor(await emu.state(), "m.santos@riverside-academy.org", chem.id)).toBeUndefined();

    // Bad input never reaches Classroom.
    const bad = await callAction(page.request, "createInvitationAction", {
      email: "x",
      courseId: "../v1/courses",
      role: "KING",
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION" } });

    // Nothing changed, and no write reached Classroom as this teacher.
    const after = await emu.state();
    expect(invitationFor(after, "guest@riverside-academy.org", chem.id)?.id).toBe(guestInv.id);
    expect(invitationFor(after, "m.santos@riverside-academy.org", chem.id)).toBeUndefined();
    const writes = (await requestsBy(USERS.teacher.email)).filter(
      (r) => r.method !== "GET" && !r.path.startsWith("/batch"),
    );
    expect(writes).toEqual([]);

    const refused = await activity(page.request, { outcome: "error", actor: USERS.teacher.email });
    expect(
      refused
        .filter((e) => e.errorCode === "FORBIDDEN")
        .map((e) => e.action)
        .sort(),
    ).toEqual(["bulk.invite", "invitation.change_role", "invitation.create", "invitation.revoke"].sort());
  });
});

test.describe("student", () => {
  signedInAs("student");

  test("is refused by every write action without any Classroom call", async ({ page }) => {
    const s = await emu.state();
    const chem = courseOf(s, "Chemistry");
    await emulator.call("DELETE", "/requests");
    const create = await callAction(page.request, "createInvitationAction", {
      email: "a.b@northwood.edu",
      courseId: chem.id,
      role: "STUDENT",
    });
    expect(create).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const preview = await callAction(page.request, "previewBulkInviteAction", {
      rows: [{ line: 2, email: "a@b.edu", course: chem.id }],
    });
    expect(preview).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await requestsBy(USERS.student.email)).toEqual([]);
  });
});

test.describe("create errors", () => {
  signedInAs("teacher2");

  test("each documented create error appears with its message, and is logged", async ({ page }) => {
    const s = await emu.state();
    const chem = courseOf(s, "Chemistry");
    const hub = courseOf(s, "Faculty Hub");
    await page.goto(`/courses/${chem.id}`);
    const alert = serverAlert(page);

    // ALREADY_EXISTS: "already invited as X", with a link to that invitation.
    await invite(page, "guest@riverside-academy.org", "Student");
    await expect(alert).toContainText("Already invited");
    await expect(alert).toContainText("guest@riverside-academy.org is already invited as a co-teacher");
    const guestInv = invitationFor(s, "guest@riverside-academy.org", chem.id)!;
    await expect(alert.getByRole("link", { name: "View the invitation" })).toHaveAttribute(
      "href",
      `/courses/${chem.id}#invitation-${guestInv.id}`,
    );
    await expect(form(page).getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    // FAILED_PRECONDITION: already a member with this role or higher.
    await invite(page, USERS.student.email, "Student");
    await expect(alert).toContainText("Already in the class");
    await expect(alert).toContainText("already a student in this class");

    // @IneligibleOwner, with the one-click way forward.
    await invite(page, USERS.student.email, "Owner");
    await expect(alert).toContainText("Only a co-teacher can become the owner");
    await alert.getByRole("button", { name: "Invite as co-teacher first" }).click();
    await expect(page.getByText(`Invitation sent to ${USERS.student.email} as a co-teacher`)).toBeVisible();
    expect(invitationFor(await emu.state(), USERS.student.email, chem.id)?.role).toBe("TEACHER");

    // NOT_FOUND: no such person.
    await invite(page, "nobody.here@northwood.edu", "Student");
    await expect(alert).toContainText("No Google account with this email");

    // A disabled account.
    await invite(page, "disabled@northwood.edu", "Student");
    await expect(alert).toContainText("This account is disabled");

    // Domain restrictions (@CannotInviteUserInUntrustedDomain).
    await emulator.config({ untrustedDomains: ["riverside-academy.org"] });
    await invite(page, "m.santos@riverside-academy.org", "Student");
    await expect(alert).toContainText("This person's domain isn't allowed");
    await emulator.config({ untrustedDomains: [] });

    // PERMISSION_DENIED from Classroom.
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 403, times: 1 }]);
    await invite(page, "m.santos@riverside-academy.org", "Student");
    await expect(alert).toContainText("Classroom refused: no permission");

    // @PendingInvitationExists: a second ownership transfer for the same class.
    await emu.classroom(USERS.teacher2.email, "POST", "/v1/invitations", {
      courseId: hub.id,
      userId: USERS.teacher.email,
      role: "OWNER",
    });
    await page.goto(`/courses/${hub.id}`);
    await invite(page, "r.nakamura@northwood.edu", "Owner");
    await expect(serverAlert(page)).toContainText("An ownership transfer is already pending");

    // The per-teacher daily quota, then rate limiting (429 from a fault rule). Last, because
    // after a 429 the app's quota scheduler holds this user's requests for a moment.
    await page.goto(`/courses/${chem.id}`);
    await emulator.config({ quotas: { invitationsPerTeacherPerDay: 0 } });
    await invite(page, "m.santos@riverside-academy.org", "Student");
    await expect(serverAlert(page)).toContainText("Daily invitation limit reached", { timeout: 30_000 });
    await emulator.config({ quotas: { invitationsPerTeacherPerDay: 500 } });
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 429, times: 1 }]);
    await invite(page, "m.santos@riverside-academy.org", "Student");
    await expect(serverAlert(page)).toContainText("Too many invitations right now", { timeout: 30_000 });

    const codes = (
      await activity(page.request, { actor: USERS.teacher2.email, action: "invitation.create", outcome: "error" })
    ).map((e) => e.errorCode);

    expect(new Set(codes)).toEqual(
      new Set([
        "ALREADY_EXISTS",
        "ALREADY_MEMBER",
        "INELIGIBLE_OWNER",
        "USER_NOT_FOUND",
        "ACCOUNT_DISABLED",
        "UNTRUSTED_DOMAIN",
        "RATE_LIMITED",
        "INVITATION_QUOTA_REACHED",
        "PERMISSION_DENIED",
        "PENDING_INVITATION_EXISTS",
      ]),
    );
  });
});

test.describe("admin bulk invite", () => {
  signedInAs("admin");

  test("previews a CSV of good and bad rows, sends the good ones as a job that settles injected failures itself, and reports the rest", async ({
    page,
  }) => {
    await page.goto("/invitations/bulk");
    await expect(page.getByRole("heading", { level: 1, name: "Bulk invite" })).toBeVisible();
    await page.getByLabel("Or upload a CSV file").setInputFiles(path.resolve("e2e", "fixtures", "bulk-mixed.csv"));
    await expect(page.getByText("16 rows read (header found)")).toBeVisible();
    await emulator.call("DELETE", "/requests");
    const before = (await emu.state()).invitations.length;
    await page.getByRole("button", { name: "Preview" }).click();

    const table = page.getByRole("table", { name: "Bulk invitation rows" });
    const status = (line: number) => table.locator(`tr:has(td:first-child:text-is("${line}"))`);
    const expected: [number, string][] = [
      [2, "Will invite"],
      [3, "Will invite"],
      [4, "Will invite"],
      [5, "Will invite"],
      [6, "Will invite"],
      [7, "Will invite"],
      [8, "Already a member"],
      [9, "Already invited"],
      [10, "Already invited (different role)"],
      [11, "Invalid email"],
      [12, "Unknown class"],
      [13, "Ambiguous class"],
      [14, "Invalid role"],
      [15, "Not allowed"],
      [16, "Duplicate row"],
      // An address of the school with no account is caught by the preview, not by the send.
      [17, "No such account"],
    ];
    for (const [line, label] of expected) await expect(status(line)).toContainText(label);
    await expect(status(17)).toContainText("No Classroom account in your school has this address.");
    // The preview is a dry run: nothing but reads reached Classroom.
    const calls = await requestsBy(USERS.admin.email);
    expect(calls.filter((r) => r.method !== "GET" && !r.path.startsWith("/batch"))).toEqual([]);
    expect((await emu.state()).invitations.length).toBe(before);

    // Two creates fail on the way (503) and are settled by the job itself; one row fails for good.
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 503, times: 2 }]);
    // The unknown address (row 17) is not among them.
    await page.getByRole("button", { name: "Send 6 invitations" }).click();
    const jobStatus = page.getByTestId("job-status");
    await expect(jobStatus).toContainText("Done. 6 of 6 processed: 5 done, 1 failed.", { timeout: 60_000 });
    await expect(page.getByRole("progressbar", { name: "Bulk invite progress" })).toHaveAttribute("aria-valuenow", "6");
    await expect(status(7)).toContainText("disabled");
    // Once sent, the summary no longer says nothing was sent.
    await expect(page.getByText(/Nothing has been sent yet/)).toHaveCount(0);
    await expect(page.getByText(/being sent on the server/)).toBeVisible();
    // A disabled account fails again however often it is sent: no retry is offered for it.
    await expect(page.getByRole("button", { name: "Retry failed rows" })).toHaveCount(0);

    // Only the rows that need a look, and the same rows in the downloadable report.
    await page.getByLabel(/^Only problems \(11\)$/).check();
    await expect(table.locator("tbody tr")).toHaveCount(11);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download error report (CSV)" }).click(),
    ]);
    const report = fs
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(report[0]).toContain("Row,Email,Class,Role,Problem,Worth retrying");
    expect(report).toHaveLength(12);
    expect(report.find((l) => l.startsWith("7,"))).toMatch(/disabled.*,no$/);
    expect(report.find((l) => l.startsWith("17,"))).toMatch(/^17,nobody\.here@northwood\.edu,.*No Classroom account/);

    const s = await emu.state();
    const chem = courseOf(s, "Chemistry");
    const bio = courseOf(s, "Biology");
    expect(invitationFor(s, "m.santos@riverside-academy.org", chem.id)?.role).toBe("STUDENT");
    expect(invitationFor(s, "newteacher@northwood.edu", chem.id)?.role).toBe("TEACHER");
    expect(invitationFor(s, "guest@riverside-academy.org", bio.id)?.role).toBe("STUDENT");
    expect(invitationFor(s, USERS.teacher.email, chem.id)?.role).toBe("STUDENT");
    expect(invitationFor(s, "r.nakamura@northwood.edu", bio.id)?.role).toBe("TEACHER");
    expect(invitationFor(s, "disabled@northwood.edu", chem.id)).toBeUndefined();
    // Bad rows sent nothing.
    expect(invitationFor(s, "m.santos@riverside-academy.org", courseOf(s, "Orchestra").id)).toBeUndefined();

    // The run is in the activity log as one entry under the job's id, its failure included.
    const jobId = new URL(page.url()).searchParams.get("job")!;
    const runs = (await activity(page.request, { action: "bulk.invite" })).filter((e) => e.batchId === jobId);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.run?.ok).toBe(5);
    const log = await batchLog(page.request, jobId);
    expect(log.every((e) => e.batchId === jobId && e.actorEmail === USERS.admin.email)).toBe(true);
    expect(log.filter((e) => e.outcome === "ok")).toHaveLength(5);
    expect(log.filter((e) => e.errorCode === "ACCOUNT_DISABLED")).toHaveLength(1);
  });

  test("Cancel stops the job before its next round; the count matches Classroom, and the rest can be sent later", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // The app's budget is 100 invitations per 8-second window (playwright.config.ts): the job
    // sends 100, then waits for the window, and is cancelled while it waits.
    const TOTAL = 150;
    const s = await emu.state();
    const rows = uninvitedRows(s, TOTAL);
    const beforeIds = new Set(s.invitations.map((i) => i.id));
    const pair = (userId: string, courseId: string) => `${userId} ${courseId}`;
    const newInvitations = async () => (await emu.state()).invitations.filter((i) => !beforeIds.has(i.id));

    await page.goto("/invitations/bulk");
    await page.getByLabel("Paste a list").fill(rows.map((r) => `${r.email},${r.courseId},student`).join("\n"));
    await page.getByRole("button", { name: "Preview" }).click();
    const table = page.getByRole("table", { name: "Bulk invitation rows" });
    await expect(table.locator('tbody tr[data-status="will_invite"]')).toHaveCount(TOTAL);
    await emulator.call("DELETE", "/requests");

    await page.getByRole("button", { name: `Send ${TOTAL} invitations` }).click();
    const jobStatus = page.getByTestId("job-status");
    await expect(jobStatus).toContainText("Waiting for the daily limit until", { timeout: 60_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(jobStatus).toContainText(/^Cancelled\. \d+ of 150 processed: \d+ done, 0 failed, \d+ cancelled\.$/);
    const [, doneText, cancelledText] = /(\d+) done, 0 failed, (\d+) cancelled/.exec((await jobStatus.textContent())!)!;
    const sent = Number(doneText);
    expect(sent + Number(cancelledText)).toBe(TOTAL);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(TOTAL);
    await expect(table.getByText("Not sent", { exact: true })).toHaveCount(TOTAL - sent);

    // Classroom holds exactly the rows the job reports as sent: nothing unsent, nothing twice.
    const created = await newInvitations();
    expect(created).toHaveLength(sent);
    expect(new Set(created.map((i) => pair(i.userId, i.courseId))).size).toBe(sent);
    const creates = (await requestsBy(USERS.admin.email)).filter(
      (r) => r.method === "POST" && r.path === "/v1/invitations",
    );
    expect(creates).toHaveLength(sent);
    // The job's id is in the page's URL (a reload shows its progress again) and is its log's batch id.
    const jobId = new URL(page.url()).searchParams.get("job")!;
    const logged = await batchLog(page.request, jobId);
    expect(logged).toHaveLength(sent);
    expect(logged.every((e) => e.outcome === "ok")).toBe(true);

    // Previewed again, the sent rows are already invited and the rest go out in a new job.
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(table.locator('tbody tr[data-status="already_invited"]')).toHaveCount(sent, { timeout: 30_000 });
    await page.getByRole("button", { name: `Send ${TOTAL - sent} invitations` }).click();
    await expect(jobStatus).toContainText(`Done. ${TOTAL - sent} of ${TOTAL - sent} processed`, { timeout: 60_000 });
    const all = await newInvitations();
    expect(all).toHaveLength(TOTAL);
    expect(new Set(all.map((i) => pair(i.userId, i.courseId)))).toEqual(
      new Set(rows.map((r) => pair(r.userId, r.courseId))),
    );
  });

  test("refuses a file over 10 MB clearly", async ({ page }) => {
    await page.goto("/invitations/bulk");
    await page.getByLabel("Or upload a CSV file").setInputFiles({
      name: "huge.csv",
      mimeType: "text/csv",
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1, "a"),
    });
    await expect(page.getByText(/the limit is 10 MB/)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Send / })).toHaveCount(0);
  });

  test("a run of 500 rows works", async ({ page }) => {
    test.setTimeout(240_000);
    const s = await emu.state();
    const rows = uninvitedRows(s, 500);
    const before = s.invitations.length;

    await page.goto("/invitations/bulk");
    await page.getByLabel("Paste a list").fill(rows.map((r) => `${r.email},${r.courseId},student`).join("\n"));
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Send 500 invitations" }).click({ timeout: 60_000 });
    // Five of the app's 8-second windows of 100 (playwright.config.ts).
    await expect(page.getByTestId("job-status")).toContainText("Done. 500 of 500 processed: 500 done, 0 failed.", {
      timeout: 150_000,
    });
    expect((await emu.state()).invitations.length).toBe(before + 500);
  });
});
