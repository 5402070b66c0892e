import { expect, test, type Browser, type Page } from "./test";

import type { EmulatorState } from "../lib/test/emulator-control";

import { ADMIN_VIEW_ROLE_MAX_AGE_SECONDS, E2E, storageStatePath, USERS } from "./env";
import { chooseAccount, emulator, signInAs } from "./helpers";

/**
 * One Google account per dashboard user (docs/RELIABILITY.md §7). A sign-in on a browser where
 * someone else is signed in must never add the new Google account to that person's user: on a
 * shared school computer that let a student act in Classroom with a teacher's token.
 */

type LoggedCall = { method: string; path: string; email: string | null; status: number; at: string };

const sessionOf = async (page: Page) =>
  (await (await page.request.get("/api/auth/session")).json()) as { user?: { id: string; email: string } } | null;

/** Auth.js's own sign-in endpoint, driven the way a script on a left-open browser could: no app UI involved. */
async function startSignInThroughAuthJs(page: Page) {
  await page.evaluate(async () => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/api/auth/signin/google";
    for (const [name, value] of Object.entries({ csrfToken, callbackUrl: "/home" })) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  });
}

/**
 * The second person, later, on their own device: signs in, browses, and tries the first person's
 * class. Every Classroom call the app makes meanwhile must carry the second person's own token.
 */
async function actAlone(browser: Browser, email: string, notUserId: string) {
  const context = await browser.newContext({ baseURL: E2E.appUrl });
  const page = await context.newPage();
  await emulator.call("DELETE", "/requests");
  await signInAs(page, email);
  const own = await sessionOf(page);
  expect(own?.user?.email).toBe(email);
  expect(own?.user?.id).not.toBe(notUserId);
  await expect(page.getByRole("banner")).toContainText(email);
  for (const path of ["/home", "/my-invitations", "/invitations"]) await page.goto(path);
  // teacher2's class: the app may ask Classroom, but only as this person (who is refused).
  await page.request.get("/api/invitations?courseId=d:chem");
  const calls = await emulator.call<LoggedCall[]>("GET", "/requests");
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.email !== email)).toEqual([]);
  await context.close();
  return own!.user!.id;
}

// Some tests below reset the emulator to a district, disable an account or delete a class.
test.afterEach(async () => {
  await emulator.reset();
});

test.describe("signing in while someone else is signed in", () => {
  test.beforeAll(async () => {
    await emulator.reset();
  });

  test("a sign-in started through Auth.js on a signed-in browser replaces the session, never merges the users", async ({
    page,
    browser,
  }) => {
    const second = "omar.farouk@northwood.edu";
    await signInAs(page, USERS.teacher2.email);
    const first = await sessionOf(page);
    expect(first?.user?.email).toBe(USERS.teacher2.email);
    const firstCookies = await page.context().cookies();

    await startSignInThroughAuthJs(page);
    await chooseAccount(page, second);
    // The browser now belongs to the second person, and says so.
    expect((await sessionOf(page))?.user?.email).toBe(second);
    await expect(page.getByRole("banner")).not.toContainText(USERS.teacher2.name);

    // teacher2's own cookie no longer works: their session ended when the sign-in started.
    const replay = await browser.newContext({ baseURL: E2E.appUrl });
    await replay.addCookies(firstCookies);
    expect((await sessionOf(await replay.newPage()))?.user).toBeUndefined();
    await replay.close();

    // "teacher2 signs out" on the shared computer.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You have been signed out.")).toBeVisible();

    await actAlone(browser, second, first!.user!.id);
    // And teacher2 still signs in as themselves, with their own token.
    await actAlone(browser, USERS.teacher2.email, "");
  });

  test("the sign-in page shown to a signed-in user signs them out first, never links", async ({ page, browser }) => {
    const second = "m.santos@riverside-academy.org";
    await signInAs(page, USERS.teacher2.email);
    const first = await sessionOf(page);

    await page.goto("/signin?error=SessionExpired");
    await expect(page.getByText(`This browser is signed in as ${USERS.teacher2.email}`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Google" })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out and sign in again" }).click();
    await chooseAccount(page, second);

    const shared = await sessionOf(page);
    expect(shared?.user?.email).toBe(second);
    expect(shared?.user?.id).not.toBe(first?.user?.id);

    await page.getByRole("button", { name: "Sign out" }).click();
    const own = await actAlone(browser, second, first!.user!.id);
    expect(own).toBe(shared!.user!.id);
  });
});

/** A page in a browser of its own (another person, or the same person on another device). */
async function freshPage(browser: Browser) {
  return (await browser.newContext({ baseURL: E2E.appUrl })).newPage();
}

const roleBadge = (page: Page, label: string) => page.getByRole("banner").getByText(label, { exact: true });

test.describe("a Google account is its sub", () => {
  test("an address that comes back with a new sub signs in as a new user, and the old user's sessions end", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const before = await freshPage(browser);
    await signInAs(before, USERS.admin.email);
    const old = await sessionOf(before);
    expect(old?.user?.email).toBe(USERS.admin.email);

    // A generated district: the same addresses, every account re-created with a new sub.
    await emulator.reset({ profile: "large", courses: 400 });
    const after = await freshPage(browser);
    await signInAs(after, USERS.admin.email);
    const now = await sessionOf(after);
    expect(now?.user?.email).toBe(USERS.admin.email);
    expect(now?.user?.id).not.toBe(old?.user?.id);
    await expect(after.getByRole("banner")).toContainText(USERS.admin.email);
    // The old dashboard user is signed out everywhere.
    expect((await sessionOf(before))?.user).toBeUndefined();

    // Back to the demo school: the first sub returns and takes the address back. That also ended
    // the setup's admin session, so later spec files get a fresh one.
    await emulator.reset();
    const back = await freshPage(browser);
    await signInAs(back, USERS.admin.email);
    expect((await sessionOf(back))?.user?.id).toBe(old?.user?.id);
    await back.context().storageState({ path: storageStatePath("admin") });
  });
});

test.describe("role integrity", () => {
  test("when role detection fails, no earlier role is kept: least privilege, then detection again", async ({
    browser,
  }) => {
    const first = await freshPage(browser);
    await signInAs(first, USERS.admin.email);
    await expect(roleBadge(first, "Domain admin")).toBeVisible();

    // Google refuses the course lists, as after a re-consent without classroom.courses.readonly.
    await emulator.call("POST", "/faults", { rules: [{ method: "GET", path: "^/v1/courses\\?", status: 403 }] });
    const again = await freshPage(browser);
    await signInAs(again, USERS.admin.email);
    await expect(roleBadge(again, "Student")).toBeVisible();
    await again.goto("/activity");
    await expect(again.getByText("The activity log is for teachers and administrators")).toBeVisible();
    expect((await again.request.get("/api/activity")).status()).toBe(403);

    await emulator.call("DELETE", "/faults");
    await again.goto("/home");
    await expect(roleBadge(again, "Domain admin")).toBeVisible();
  });

  test("an external guest with no class is no teacher: labelled Student, no teacher pages", async ({ page }) => {
    // Outside the domain and teaching nothing here, though Google lets the account create classes.
    await signInAs(page, "guest@riverside-academy.org");
    await expect(roleBadge(page, "Student")).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Invitations", exact: true })).toHaveCount(0);
    expect((await page.request.get("/api/activity")).status()).toBe(403);
  });

  test("a teacher who deletes a class while their role is detected does not become admin", async ({ page }) => {
    // A teacher who has not signed in yet, and a class they own.
    const s = await emulator.call<EmulatorState>("GET", "/state");
    const used = new Set<string>(Object.values(USERS).map((u) => u.email));
    const teacher = s.users.find(
      (u) => !u.isAdmin && !used.has(u.email) && s.courses.filter((c) => c.ownerId === u.id).length > 1,
    )!;
    const doomed = s.courses.find((c) => c.ownerId === teacher.id)!;
    // Classroom deletes only an archived class: archive it first, as the teacher would.
    await emulator.call("PATCH", `/courses/${doomed.id}`, { courseState: "ARCHIVED" });
    // Holds back the teacher's own-classes read, so the deletion lands between the reads.
    await emulator.call("POST", "/faults", { rules: [{ method: "GET", path: "teacherId=me", latencyMs: 3000 }] });
    await emulator.call("DELETE", "/requests");

    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    const landed = chooseAccount(page, teacher.email);
    await expect
      .poll(
        async () =>
          (await emulator.call<LoggedCall[]>("GET", "/requests")).some(
            (c) => c.email === teacher.email && c.path === "/v1/courses?pageSize=100",
          ),
        { intervals: [50], timeout: 30_000 },
      )
      .toBe(true);
    const { access_token } = await emulator.call<{ access_token: string }>("POST", "/tokens", {
      email: teacher.email,
    });
    const deleted = await fetch(`${E2E.emulatorUrl}/v1/courses/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(deleted.status).toBe(200);
    await landed;
    await expect(roleBadge(page, "Teacher")).toBeVisible();
  });

  test("an admin-only view re-checks the role, and a disabled account's sessions end", async ({ browser }) => {
    test.setTimeout(120_000);
    // An admin of its own (the setup's admin@ session stays usable for later spec files).
    const admin = "a.brennan@northwood.edu";
    await emulator.call("PATCH", `/users/${admin}`, { isAdmin: true });
    const page = await freshPage(browser);
    await signInAs(page, admin);
    await expect(roleBadge(page, "Domain admin")).toBeVisible();
    await page.goto("/activity");
    await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();

    await emulator.call("PATCH", `/users/${admin}`, { disabled: true });
    // Past the admin views' max age (5 s in e2e/env.ts, 30 s in production) from the last role
    // check, which came before the account was disabled. Waited out rather than polled: the first
    // admin view past it ends the session, so a poll would spend the one answer this checks.
    await page.waitForTimeout((ADMIN_VIEW_ROLE_MAX_AGE_SECONDS + 1) * 1000);
    await page.goto("/activity");
    await expect(page).toHaveURL(/\/signin\?error=SessionExpired/);
    expect((await sessionOf(page))?.user).toBeUndefined();
  });
});
