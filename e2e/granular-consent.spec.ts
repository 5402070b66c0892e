import { expect, test } from "@playwright/test";

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
