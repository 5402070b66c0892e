import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./test";

import { storageStatePath, USERS, type RoleKey } from "./env";

test.describe("signed out", () => {
  test("the landing page offers Google sign-in and is accessible", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Google Classroom invitations");
    await expect(page.getByRole("button", { name: "Sign in with Google" })).toBeVisible();
    await expect(page.getByText("Demo — local emulator")).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test("protected pages send you to sign-in", async ({ page }) => {
    await page.goto("/home");
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test("an expired grant explains itself on the sign-in page", async ({ page }) => {
    await page.goto("/signin?error=SessionExpired");
    await expect(
      page.getByRole("alert").filter({ hasText: "Your Google sign-in has expired or was revoked" }),
    ).toBeVisible();
  });
});

const HOME_SECTION: Record<RoleKey, string> = {
  admin: "Domain",
  teacher: "Classes I teach",
  teacher2: "Classes I teach",
  student: "My classes",
};

for (const role of ["admin", "teacher", "student"] as const) {
  test.describe(`home as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test("shows who I am, my role and my classes", async ({ page }) => {
      const u = USERS[role];
      await page.goto("/home");
      await expect(page.getByRole("heading", { level: 1, name: u.name })).toBeVisible();
      const me = page.getByRole("region", { name: u.name });
      await expect(me.getByText(u.email)).toBeVisible();
      await expect(me.getByText(u.role, { exact: true })).toBeVisible();
      await expect(page.getByRole("banner").getByText(u.role, { exact: true })).toBeVisible();
      await expect(page.getByRole("heading", { name: new RegExp(`^${HOME_SECTION[role]}`) })).toBeVisible();
      await expect(page.getByText("Demo — local emulator")).toBeVisible();
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    });
  });
}

test.describe("role-specific home", () => {
  test.use({ storageState: storageStatePath("teacher") });
  test("a teacher sees the classes they teach, with a Classroom link", async ({ page }) => {
    await page.goto("/home");
    const teaching = page.getByRole("region", { name: /Classes I teach/ });
    await expect(teaching.getByRole("listitem").first()).toBeVisible();
    await expect(teaching.getByRole("link", { name: /Open in Classroom/ }).first()).toBeVisible();
  });
});
