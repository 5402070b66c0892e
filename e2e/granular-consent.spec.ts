import { expect, test } from "./test";

import { E2E } from "./env";
import { chooseAccount } from "./helpers";

/**
 * Google's consent screen lets a user untick each Classroom permission (the emulator's chooser
 * carries that consent step). The dashboard checks what was granted at sign-in: without an
 * essential permission it names it, says what stops working, and offers to grant again.
 */
test("an unticked Classroom permission is named with what stops working, and granting again signs in", async ({
  page,
}) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.waitForURL((u) => u.origin === new URL(E2E.emulatorUrl).origin);
  await page.getByRole("checkbox", { name: "Manage your Google Classroom class rosters" }).uncheck();
  await page.getByRole("button", { name: /(^|\s)teacher@northwood\.edu(\s|$)/ }).click();

  await page.waitForURL((u) => u.pathname === "/signin");
  const alert = page.getByRole("alert").filter({ hasText: "Classroom permission" });
  await expect(alert).toContainText("Manage your Google Classroom class rosters");
  await expect(alert).toContainText("Invitations stop working");
  expect((await (await page.request.get("/api/auth/session")).json())?.user).toBeFalsy();

  await page.getByRole("button", { name: "Grant access again" }).click();
  await chooseAccount(page, "teacher@northwood.edu");
  expect((await (await page.request.get("/api/auth/session")).json())?.user?.email).toBe("teacher@northwood.edu");
});

/**
 * Without only the optional permissions (profile emails and photos) the dashboard works, with
 * less shown, and says so once: a notice names each missing permission and what shows less,
 * offers to grant them again, and stays dismissed. A student nobody else's spec signs in as,
 * so the reduced grant stored for them touches no other test.
 */
test("a student without only the emails and photos permissions is signed in, told once, and can grant them again", async ({
  page,
}) => {
  const email = "ines.ferreira@northwood.edu";
  const optional = [
    "View the email addresses of people in your classes",
    "View the profile photos of people in your classes",
  ];
  const signInUnticking = async (permissions: readonly string[]) => {
    // A fresh sign-in; the notice's dismissal (its own cookie) stays, as it does across a sign-out.
    await page.context().clearCookies({ name: /^(?!permission-notice-dismissed$)/ });
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    await page.waitForURL((u) => u.origin === new URL(E2E.emulatorUrl).origin);
    for (const name of permissions) await page.getByRole("checkbox", { name }).uncheck();
    await chooseAccount(page, email);
  };
  const notice = page.getByRole("region", { name: "You signed in without some Classroom permissions" });

  await signInUnticking(optional);
  expect((await (await page.request.get("/api/auth/session")).json())?.user?.email).toBe(email);
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(optional[0]!);
  await expect(notice).toContainText("without their email addresses");
  await expect(notice).toContainText(optional[1]!);
  await expect(notice).toContainText("initials instead of their photos");
  // The student's own invitations still work.
  await page.goto("/my-invitations");
  await expect(page.getByRole("heading", { level: 1, name: "My invitations" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Accept/ }).first()).toBeVisible();
  await expect(notice).toBeVisible();

  // Said once: dismissed, it stays away across pages and reloads.
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My invitations" })).toBeVisible();
  await expect(notice).toBeHidden();

  // A later grant missing something else is said again; granting everything ends it.
  await signInUnticking(optional.slice(1));
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText(optional[0]!);
  await notice.getByRole("button", { name: "Grant access again" }).click();
  await chooseAccount(page, email);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(notice).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(notice).toBeHidden();
});
