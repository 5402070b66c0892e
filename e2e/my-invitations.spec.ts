import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./test";

import { expectAccessible } from "./axe";
import { E2E } from "./env";
import { emulator, signInAs } from "./helpers";
import {
  acceptButton,
  contextFor,
  coursesRegion,
  courseOf,
  emu,
  expectUiMatchesState,
  INVITEES,
  invitationOf,
  navLink,
  openMyInvitations,
  pendingRegion,
  row,
  seats,
  userOf,
} from "./my-invitations.helpers";

// Issue 4: invitee self-service, signing in through the emulator as each kind of invitee
// (a student, a teacher invited as co-teacher and as owner, an invitee from another domain).
// Every case starts from the demo school and ends by comparing the UI with the emulator's state.

const { student, newTeacher, guest, teacher } = INVITEES;

test.beforeAll(async ({ browser }) => {
  // Sign every invitee in once, up front, rather than in the middle of a test.
  for (const email of [student, newTeacher, guest, teacher]) await (await contextFor(browser, email)).close();
});

test.beforeEach(async () => {
  await emulator.reset();
});

/** An accept's outcome is in the row (errors) and in a toast; wait until the row settles. */
async function accept(page: Page, courseName: string) {
  await acceptButton(row(page, courseName)).click();
}

test.describe("landing and reading", () => {
  test("an invitee lands on My invitations after sign-in; everyone else lands home", async ({ browser }) => {
    const ctx = await browser.newContext({ baseURL: E2E.appUrl });
    const page = await ctx.newPage();
    await signInAs(page, student);
    await expect(page).toHaveURL(/\/my-invitations$/);
    await ctx.close();

    const ctx2 = await browser.newContext({ baseURL: E2E.appUrl });
    const page2 = await ctx2.newPage();
    await signInAs(page2, teacher);
    await expect(page2).toHaveURL(/\/home$/);
    // The count is in the navigation on every page, and says nothing when there is nothing pending.
    await expect(navLink(page2)).toHaveAccessibleName("My invitations");
    await ctx2.close();
  });

  test("each invitation shows class, section, teachers, role and state; the page is accessible", async ({
    browser,
  }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const s = await emu.state();
    const mine = s.invitations.filter((i) => i.userId === userOf(s, student).id);
    expect(mine.length).toBeGreaterThanOrEqual(3);

    const calc = row(page, "AP Calculus AB");
    await expect(calc).toContainText("Period 5");
    await expect(calc).toContainText("Marisol Alvarez");
    await expect(calc.getByRole("definition").filter({ hasText: "Student" })).toBeVisible();
    await expect(calc.getByText("Active", { exact: true })).toBeVisible();
    await expect(acceptButton(calc)).toHaveAccessibleDescription("AP Calculus AB");
    await expect(calc.getByRole("button", { name: "Decline" })).toBeVisible();

    const history = row(page, "World History");
    await expect(history.getByText("Archived", { exact: true })).toBeVisible();
    await expect(history).toContainText("Classroom won't let anyone join until a teacher restores it");
    // Classroom would refuse: Accept is not offered, and says why.
    await expect(acceptButton(history)).toBeDisabled();
    await expect(acceptButton(history)).toHaveAccessibleDescription(/World History.*archived/);

    await expect(pendingRegion(page).getByRole("button", { name: "Accept all" })).toBeEnabled();
    // The count on another page too.
    await page.getByRole("link", { name: "Home" }).click();
    await expect(page).toHaveURL(/\/home$/);
    await expect(navLink(page)).toHaveAccessibleName(`My invitations, ${mine.length} pending`);
    await navLink(page).click();

    await expectUiMatchesState(page, student);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await context.close();
  });

  test("the route handler answers JSON DTOs to the signed-in user only, never cached", async ({
    browser,
    playwright,
  }) => {
    const anonymous = await playwright.request.newContext({ baseURL: E2E.appUrl });
    const denied = await anonymous.get("/api/my-invitations");
    expect(denied.status()).toBe(401);
    expect((await denied.json()).error.code).toBe("SIGNED_OUT");
    await anonymous.dispose();

    const context = await contextFor(browser, student);
    const res = await context.request.get("/api/my-invitations");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    const body = await res.json();
    const s = await emu.state();
    expect(body.invitations.map((i: { id: string }) => i.id).sort()).toEqual(
      s.invitations
        .filter((i) => i.userId === userOf(s, student).id)
        .map((i) => i.id)
        .sort(),
    );
    expect(JSON.stringify(body)).not.toMatch(/ya29\.|access_token|ownerId/);
    await context.close();
  });

  test("someone with nothing pending sees a friendly empty state", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, teacher);
    await expect(page.getByText("You have no pending invitations")).toBeVisible();
    await expect(page.getByRole("button", { name: "Accept all" })).toHaveCount(0);
    await expect(
      coursesRegion(page)
        .getByRole("link", { name: /Open in Classroom/ })
        .first(),
    ).toBeVisible();
    await expectUiMatchesState(page, teacher);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await context.close();
  });
});

test.describe("accept", () => {
  test("accept one: the class moves to My courses with its Classroom link", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await accept(page, "AP Calculus AB");
    await expect(page.getByText("You joined AP Calculus AB")).toBeVisible();
    await expect(row(page, "AP Calculus AB")).toHaveCount(0);
    const card = coursesRegion(page).getByRole("listitem").filter({ hasText: "AP Calculus AB" });
    await expect(card.getByRole("link", { name: /Open in Classroom/ })).toHaveAttribute(
      "href",
      /^https:\/\/classroom\.google\.com\/c\//,
    );
    await expect(card).toContainText("Student");

    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(1);
    expect(invitationOf(s, student, "AP Calculus AB")).toBeUndefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("accept all: every class that can be joined is joined; the others are left out and say why", async ({
    browser,
  }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const before = await emu.state();
    const me = userOf(before, student);
    const mine = before.invitations.filter((i) => i.userId === me.id);
    const joinable = mine.filter((i) =>
      ["ACTIVE", "PROVISIONED"].includes(before.courses.find((c) => c.id === i.courseId)!.courseState),
    );
    expect(joinable.length).toBeGreaterThanOrEqual(2);
    expect(mine.length - joinable.length).toBeGreaterThanOrEqual(1);

    await expect(pendingRegion(page).getByText(`Accept all accepts ${joinable.length} invitations.`)).toBeVisible();
    await pendingRegion(page).getByRole("button", { name: "Accept all" }).click();
    await expect(page.getByText(`You joined ${joinable.length} classes`)).toBeVisible();
    await expect(acceptButton(row(page, "World History"))).toBeDisabled();
    await expect(page.getByText(/couldn't be accepted/)).toHaveCount(0);

    const after = await emu.state();
    for (const inv of joinable) {
      const c = after.courses.find((x) => x.id === inv.courseId)!;
      expect(seats(after, student, c.name), c.name).toBe(1);
      expect(
        after.invitations.find((i) => i.id === inv.id),
        c.name,
      ).toBeUndefined();
    }
    expect(invitationOf(after, student, "World History")).toBeDefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("a co-teacher invitation, accepted by a teacher", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, newTeacher);
    await expect(row(page, "Algebra I").getByText("Co-teacher", { exact: true })).toBeVisible();
    await accept(page, "Algebra I");
    await expect(page.getByText("You joined Algebra I")).toBeVisible();
    const s = await emu.state();
    expect(courseOf(s, "Algebra I", "Period 1").teacherIds).toContain(userOf(s, newTeacher).id);
    await expectUiMatchesState(page, newTeacher);
    await context.close();
  });

  test("an ownership transfer says what accepting changes, then does exactly that", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, newTeacher);
    const r = row(page, "Robotics Club");
    await expect(r.getByText("Owner", { exact: true })).toBeVisible();
    await expect(r).toContainText("You will become the owner of Robotics Club; Jonah Okafor stays a co-teacher.");
    // Its own confirmation: a click alone changes nothing.
    await accept(page, "Robotics Club");
    await expect(r.getByText("Become the owner of this class?")).toBeVisible();
    await expect(r.getByRole("button", { name: "Cancel" })).toBeFocused();
    await expectAccessible(page, "an ownership transfer's confirmation");
    await r.getByRole("button", { name: "Cancel" }).click();
    await expect(acceptButton(r)).toBeFocused();
    expect(courseOf(await emu.state(), "Robotics Club").ownerId).not.toBe(userOf(await emu.state(), newTeacher).id);
    await accept(page, "Robotics Club");
    await r.getByRole("button", { name: "Yes, become owner" }).click();
    await expect(page.getByText("You joined Robotics Club")).toBeVisible();
    await expect(coursesRegion(page).getByRole("listitem").filter({ hasText: "Robotics Club" })).toContainText("Owner");

    const s = await emu.state();
    const robotics = courseOf(s, "Robotics Club");
    expect(robotics.ownerId).toBe(userOf(s, newTeacher).id);
    expect(robotics.teacherIds).toContain(userOf(s, "teacher2@northwood.edu").id);
    expect(seats(s, newTeacher, "Robotics Club")).toBe(1);
    await expectUiMatchesState(page, newTeacher);
    await context.close();
  });

  test("Accept all leaves an ownership transfer out", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, newTeacher);
    await expect(
      pendingRegion(page).getByText("Accept all accepts 2 invitations. Ownership transfers and classes"),
    ).toBeVisible();
    await pendingRegion(page).getByRole("button", { name: "Accept all" }).click();
    await expect(page.getByText("You joined Algebra I")).toBeVisible();
    await expect(row(page, "Robotics Club")).toBeVisible();
    const s = await emu.state();
    expect(invitationOf(s, newTeacher, "Robotics Club")).toBeDefined();
    expect(courseOf(s, "Robotics Club").ownerId).not.toBe(userOf(s, newTeacher).id);
    await context.close();
  });

  test("Accept all is not offered when nothing can be accepted", async ({ browser }) => {
    const s = await emu.state();
    const me = userOf(s, student);
    for (const inv of s.invitations.filter((i) => i.userId === me.id)) {
      await emu.patchCourse(inv.courseId, { courseState: "ARCHIVED" });
    }
    const { context, page } = await openMyInvitations(browser, student);
    await expect(acceptButton(row(page, "AP Calculus AB"))).toBeDisabled();
    await expect(pendingRegion(page).getByRole("button", { name: "Accept all" })).toHaveCount(0);
    await context.close();
  });

  test("an invitee from another domain accepts a co-teacher invitation", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, guest);
    await accept(page, "Chemistry");
    await expect(page.getByText("You joined Chemistry")).toBeVisible();
    const s = await emu.state();
    expect(courseOf(s, "Chemistry").teacherIds).toContain(userOf(s, guest).id);
    await expectUiMatchesState(page, guest);
    await context.close();
  });
});

test.describe("decline", () => {
  test("decline removes the invitation, after a confirmation", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const r = row(page, "Biology");
    await r.getByRole("button", { name: "Decline" }).click();
    await expect(r.getByRole("button", { name: "Cancel" })).toBeFocused();
    await r.getByRole("button", { name: "Yes, decline" }).click();
    await expect(page.getByText("Declined the invitation to Biology")).toBeVisible();
    await expect(row(page, "Biology")).toHaveCount(0);

    const s = await emu.state();
    expect(invitationOf(s, student, "Biology")).toBeUndefined();
    expect(seats(s, student, "Biology")).toBe(0);
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("when Classroom won't let the invitee decline, the page says what to do instead", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emu.faults([{ method: "DELETE", path: "^/v1/invitations/", status: 403 }]);
    const r = row(page, "Biology");
    await r.getByRole("button", { name: "Decline" }).click();
    await r.getByRole("button", { name: "Yes, decline" }).click();
    await expect(r).toContainText("You can't decline this invitation yourself");
    await expect(r).toContainText("You can safely ignore it");
    await expect(r).toContainText("ask the teacher to revoke it");

    const s = await emu.state();
    expect(invitationOf(s, student, "Biology")).toBeDefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });
});

test.describe("every documented accept error has a clear message", () => {
  async function expectRefused(page: Page, courseName: string, message: string | RegExp) {
    await accept(page, courseName);
    const r = row(page, courseName);
    await expect(r.getByText(message)).toBeVisible();
    await expect(page.getByText(`Couldn't join ${courseName}`).first()).toBeVisible();
    // Nothing upstream leaks: no "@Reason", no Google wording.
    await expect(r).not.toContainText("@");
  }

  test("an archived class: Accept is not offered, and the page says why", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const r = row(page, "World History");
    await expect(acceptButton(r)).toBeDisabled();
    await expect(r).toContainText(
      "This class is archived. Classroom won't let anyone join until a teacher restores it.",
    );
    await expect(r.getByRole("button", { name: "Decline" })).toBeEnabled();
    const s = await emu.state();
    expect(seats(s, student, "World History")).toBe(0);
    expect(invitationOf(s, student, "World History")).toBeDefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("@CourseNotModifiable: a class archived after the page loaded", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emu.patchCourse(courseOf(await emu.state(), "AP Calculus AB").id, { courseState: "ARCHIVED" });
    await expectRefused(page, "AP Calculus AB", /archived or otherwise locked/);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(0);
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("@CourseMemberLimitReached", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const calc = courseOf(await emu.state(), "AP Calculus AB");
    await emulator.config({ limits: { membersPerCourse: calc.teacherIds.length + calc.studentIds.length } });
    await expectRefused(page, "AP Calculus AB", /This class is full/);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(0);
    expect(invitationOf(s, student, "AP Calculus AB")).toBeDefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("@CourseTeacherLimitReached", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, newTeacher);
    await expectRefused(page, "Faculty Hub", /already has as many teachers as Classroom allows/);
    const s = await emu.state();
    expect(seats(s, newTeacher, "Faculty Hub")).toBe(0);
    expect(invitationOf(s, newTeacher, "Faculty Hub")).toBeDefined();
    await expectUiMatchesState(page, newTeacher);
    await context.close();
  });

  test("@CourseTeacherLimitReached through the configured limit", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, newTeacher);
    await emulator.config({ limits: { teachersPerCourse: 1 } });
    await expectRefused(page, "Algebra I", /already has as many teachers as Classroom allows/);
    const s = await emu.state();
    expect(seats(s, newTeacher, "Algebra I")).toBe(0);
    await expectUiMatchesState(page, newTeacher);
    await context.close();
  });

  test("@UserGroupsMembershipLimitReached", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emu.patchUser(student, { atGroupsLimit: true });
    await expectRefused(
      page,
      "AP Calculus AB",
      /Your account is already in as many classes and groups as Google allows/,
    );
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(0);
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("PERMISSION_DENIED", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emu.faults([{ method: "POST", path: ":accept$", status: 403, times: 1 }]);
    await expectRefused(page, "AP Calculus AB", /Classroom didn't let your account accept this invitation/);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(0);
    expect(invitationOf(s, student, "AP Calculus AB")).toBeDefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("NOT_FOUND, not in the class: the teacher revoked it meanwhile", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const inv = invitationOf(await emu.state(), student, "AP Calculus AB")!;
    await emu.classroom(teacher, "DELETE", `/v1/invitations/${inv.id}`);
    await accept(page, "AP Calculus AB");
    // The toast says why; the row then leaves, because the invitation really is gone.
    const toasts = page.getByRole("region", { name: /Notifications/ });
    await expect(toasts.getByText("Couldn't join AP Calculus AB")).toBeVisible();
    await expect(toasts.getByText(/This invitation no longer exists and you're not in the class/)).toBeVisible();
    await expect(row(page, "AP Calculus AB")).toHaveCount(0);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(0);
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("NOT_FOUND, already in the class: says so, not an error", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    const s0 = await emu.state();
    const inv = invitationOf(s0, student, "AP Calculus AB")!;
    // The invitation is gone and the student is in: as if accepted in Classroom itself.
    await emu.classroom(student, "POST", `/v1/invitations/${inv.id}:accept`);
    await accept(page, "AP Calculus AB");
    await expect(page.getByText("You're already in this class")).toBeVisible();
    await expect(page.getByText(/Couldn't join/)).toHaveCount(0);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(1);
    await expectUiMatchesState(page, student);
    await context.close();
  });
});

test.describe("idempotency", () => {
  test("a dropped response to accept ends in success, enrolled exactly once", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emu.faults([{ method: "POST", path: ":accept$", dropAfterCommit: true, times: 1 }]);
    await accept(page, "AP Calculus AB");
    await expect(page.getByText("You joined AP Calculus AB")).toBeVisible();
    await expect(page.getByText(/Couldn't join/)).toHaveCount(0);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(1);
    expect(invitationOf(s, student, "AP Calculus AB")).toBeUndefined();
    await expectUiMatchesState(page, student);
    await context.close();
  });

  test("a second tab accepting the same invitation sees success, not an error", async ({ browser }) => {
    const context = await contextFor(browser, student);
    const [tab1, tab2] = [await context.newPage(), await context.newPage()];
    await tab1.goto("/my-invitations");
    await tab2.goto("/my-invitations");
    await expect(acceptButton(row(tab2, "AP Calculus AB"))).toBeVisible();

    await accept(tab1, "AP Calculus AB");
    await expect(tab1.getByText("You joined AP Calculus AB")).toBeVisible();
    await accept(tab2, "AP Calculus AB");
    await expect(tab2.getByText("You're already in this class")).toBeVisible();
    await expect(tab2.getByText(/Couldn't join/)).toHaveCount(0);

    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(1);
    await expectUiMatchesState(tab1, student);
    await expectUiMatchesState(tab2, student);
    await context.close();
  });

  test("a double click joins once", async ({ browser }) => {
    const { context, page } = await openMyInvitations(browser, student);
    await emulator.call("DELETE", "/requests");
    await acceptButton(row(page, "AP Calculus AB")).dblclick();
    await expect(page.getByText("You joined AP Calculus AB")).toBeVisible();
    await expect(page.getByText(/Couldn't join/)).toHaveCount(0);
    const s = await emu.state();
    expect(seats(s, student, "AP Calculus AB")).toBe(1);
    const accepts = (await emulator.call<{ method: string; path: string }[]>("GET", "/requests")).filter((r) =>
      r.path.endsWith(":accept"),
    );
    expect(accepts).toHaveLength(1);
    await expectUiMatchesState(page, student);
    await context.close();
  });
});

test.describe("activity log", () => {
  test("accept and decline outcomes are recorded, errors included", async ({ browser }) => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { context, page } = await openMyInvitations(browser, student);
    const s = await emu.state();
    const calc = invitationOf(s, student, "AP Calculus AB")!;
    const stats = invitationOf(s, student, "Statistics Elective")!;
    const biology = invitationOf(s, student, "Biology")!;

    await accept(page, "AP Calculus AB");
    await expect(page.getByText("You joined AP Calculus AB")).toBeVisible();
    // The accept's refetch must land first: a list read after the archive would (rightly) disable
    // Accept, and this test is about the refusal Classroom gives to a page that still offers it.
    await page.waitForLoadState("networkidle");
    // Archived after the page loaded: Classroom refuses, and the refusal is recorded.
    await emu.patchCourse(stats.courseId, { courseState: "ARCHIVED" });
    await accept(page, "Statistics Elective");
    await expect(row(page, "Statistics Elective")).toContainText("archived or otherwise locked");
    await row(page, "Biology").getByRole("button", { name: "Decline" }).click();
    await row(page, "Biology").getByRole("button", { name: "Yes, decline" }).click();
    await expect(page.getByText("Declined the invitation to Biology")).toBeVisible();
    await context.close();

    const admin = await contextFor(browser, "admin@northwood.edu");
    const res = await admin.request.get(`/api/activity?actor=${encodeURIComponent(student)}`);
    expect(res.status()).toBe(200);
    const entries = (
      (await res.json()).entries as {
        at: string;
        action: string;
        invitationId: string;
        outcome: string;
        errorCode: string | null;
        courseName: string | null;
      }[]
    )
      .filter((e) => e.at >= since)
      .map((e) => ({
        action: e.action,
        invitationId: e.invitationId,
        outcome: e.outcome,
        errorCode: e.errorCode,
        courseName: e.courseName,
      }));
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          action: "invitation.accept",
          invitationId: calc.id,
          outcome: "ok",
          errorCode: null,
          courseName: "AP Calculus AB",
        },
        {
          action: "invitation.accept",
          invitationId: stats.id,
          outcome: "error",
          errorCode: "COURSE_NOT_MODIFIABLE",
          courseName: "Statistics Elective",
        },
        {
          action: "invitation.decline",
          invitationId: biology.id,
          outcome: "ok",
          errorCode: null,
          courseName: "Biology",
        },
      ]),
    );
    await admin.close();
  });
});
