import { expect, test, type Browser, type Page } from "@playwright/test";

import { E2E, USERS } from "./env";
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
