import { expect, test, type Page } from "./test";

import { expectAccessible } from "./axe";
import { storageStatePath, USERS } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";

// axe at the states a page passes through, not only as it first loads: menus and dialogs
// open, errors and notices shown, empty results, toasts, the phone layout, and the emulator's
// account chooser; each in the light and the dark theme (expectAccessible).

let s: EmuState;
test.beforeEach(async () => {
  await emulator.reset();
  s = await emulator.call<EmuState>("GET", "/state");
});
test.afterEach(async () => {
  await emulator.call("DELETE", "/faults");
});

const course = (name: string, section?: string) =>
  s.courses.find((c) => c.name === name && (section === undefined || c.section === section))!;

async function listed(page: Page) {
  await expect(page.getByTestId("invitation-count")).toHaveAttribute("data-final", "true", { timeout: 30_000 });
}

test.describe("teacher", () => {
  test.use({ storageState: storageStatePath("teacher") });

  test("/invitations: menu, role dialog, revoke confirmation, toast, invite dialog with errors, empty and dropped filters", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto("/invitations?role=bogus");
    await listed(page);
    await expect(page.getByRole("status").filter({ hasText: "removed" })).toBeVisible();
    await expectAccessible(page, "a dropped filter's notice");

    const row = page.getByRole("row").filter({ hasText: "Priya Raman" }).filter({ hasText: "AP Calculus AB" });
    await row.getByRole("button", { name: "Actions for Priya Raman" }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectAccessible(page, "a row's actions menu");

    await page.getByRole("menuitem", { name: "Change role" }).click();
    const roleDialog = page.getByRole("dialog", { name: "Change role for Priya Raman" });
    await expect(roleDialog).toBeVisible();
    await expectAccessible(page, "the change-role dialog");
    await roleDialog.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByText("Priya Raman is now invited as co-teacher.")).toBeVisible();
    await expectAccessible(page, "a success toast");

    await row.getByRole("button", { name: "Actions for Priya Raman" }).click();
    await page.getByRole("menuitem", { name: "Revoke" }).click();
    await expect(page.getByRole("dialog", { name: "Revoke the invitation for Priya Raman?" })).toBeVisible();
    await expectAccessible(page, "the revoke confirmation");
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Invite", exact: true }).click();
    const invite = page.getByRole("dialog", { name: "New invitation" });
    await invite.getByLabel("Email").fill("not-an-email");
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(invite.getByText("An email address needs an @")).toBeVisible();
    await expectAccessible(page, "the invite dialog with field errors");
    await invite.getByLabel("Email").fill(USERS.student.email);
    await invite.getByLabel("Course").selectOption(course("AP Calculus AB").id);
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(invite.getByRole("alert").filter({ hasText: /./ })).toBeVisible();
    await expectAccessible(page, "the invite dialog with Classroom's refusal");
    await page.keyboard.press("Escape");

    await page.getByRole("searchbox", { name: "Search" }).fill("nobody-matches-this");
    await expect(page.getByText("No invitations match these filters.")).toBeVisible();
    await expectAccessible(page, "no invitation matches the filters");
  });

  test("/invitations: a list that could not be loaded", async ({ page }) => {
    await emulator.call("POST", "/faults", { rules: [{ method: "GET", path: "^/v1/courses\\?", status: 403 }] });
    await page.goto("/invitations");
    await expect(page.getByRole("alert").filter({ hasText: "could not all be loaded" })).toBeVisible({
      timeout: 30_000,
    });
    await expectAccessible(page, "the list's load error");
  });

  test("the class page: a linked row marked, its role dialog, and a refused change", async ({ page }) => {
    const calculus = course("AP Calculus AB");
    const priya = s.users.find((u) => u.email === USERS.student.email)!;
    const inv = s.invitations.find((i) => i.courseId === calculus.id && i.userId === priya.id)!;
    await page.goto(`/courses/${calculus.id}#invitation-${inv.id}`);
    await expect(page.locator(`[id="invitation-${inv.id}"]`)).toHaveAttribute("aria-current", "true");
    await expectAccessible(page, "a class page row a link points at");
    await page.getByRole("button", { name: "Actions for Priya Raman" }).click();
    await page.getByRole("menuitem", { name: "Change role" }).click();
    await expect(page.getByRole("dialog", { name: "Change role for Priya Raman" })).toBeVisible();
    await expectAccessible(page, "the class page's role dialog");
    await emulator.call("POST", "/faults", {
      rules: [{ method: "POST", path: "^/v1/invitations$", status: 403, times: 1 }],
    });
    await page.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "restored" })).toBeVisible();
    await expectAccessible(page, "a refused role change, restored");
  });

  test("on a phone: invitation cards with a menu open, and the class page", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/invitations");
    await listed(page);
    await expectAccessible(page, "/invitations as cards");
    await page
      .getByRole("row")
      .filter({ hasText: "AP Calculus AB" })
      .getByRole("button", { name: "Actions for Priya Raman" })
      .click();
    await expectAccessible(page, "a card's actions menu");
    await page.keyboard.press("Escape");
    await page.goto(`/courses/${course("AP Calculus AB").id}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, "the class page on a phone");
  });
});

test("the emulator's account chooser, in both themes", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await expect(page.getByRole("button", { name: /(^|\s)teacher@northwood\.edu(\s|$)/ })).toBeVisible();
  await expectAccessible(page, "the account chooser");
});
