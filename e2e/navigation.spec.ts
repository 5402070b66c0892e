import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./test";

import { E2E, storageStatePath, USERS } from "./env";
import { emulator } from "./helpers";
import type { EmuState } from "./my-invitations.helpers";

// Getting around: deep links survive sign-in, unknown addresses get a real page, the
// navigation says where you are, and page headings are right before the data arrives.

test.beforeEach(async () => {
  await emulator.reset();
});

async function chooseAccount(page: Page, email: string) {
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.waitForURL((u) => u.origin === new URL(E2E.emulatorUrl).origin);
  await page.getByRole("button", { name: new RegExp(`(^|\\s)${email.replace(/[.@]/g, "\\$&")}(\\s|$)`) }).click();
}

test.describe("signed out", () => {
  test("a deep link survives sign-in, filters and all", async ({ page }) => {
    const s = await emulator.call<EmuState>("GET", "/state");
    const calc = s.courses.find((c) => c.name === "AP Calculus AB")!;
    const deep = `/invitations?course=${calc.id}&role=STUDENT`;
    await page.goto(deep);
    await expect(page).toHaveURL(/\/signin\?/);
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(deep);
    await chooseAccount(page, USERS.teacher.email);
    await page.waitForURL((u) => u.pathname === "/invitations");
    expect(new URL(page.url()).search).toBe(`?course=${calc.id}&role=STUDENT`);
    await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  });

  test("a return address on another origin is ignored", async ({ page }) => {
    await page.goto("/signin?callbackUrl=%2F%2Fevil.example%2Fphish");
    await chooseAccount(page, USERS.teacher.email);
    await page.waitForURL((u) => u.origin === new URL(E2E.appUrl).origin && !u.pathname.startsWith("/api/"));
    await expect(page).toHaveURL(/\/(home|my-invitations)$/);
  });

  test("an unknown address: the branded page with landmarks and a way in", async ({ page }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Google" })).toBeVisible();
    await expect(page).toHaveTitle(/Page not found/);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });
});

test.describe("as a teacher", () => {
  test.use({ storageState: storageStatePath("teacher") });

  test("an unknown address shows the branded page inside the app, with its navigation", async ({ page }) => {
    const res = await page.goto("/invitations/no/such/page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByRole("main")).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Go to Home" }).click();
    await expect(page).toHaveURL(/\/home$/);
    // The URL changes before Home has streamed in; axe checks Home itself, not its loading placeholder.
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test("the navigation marks the current section", async ({ page }) => {
    const nav = page.getByRole("navigation", { name: "Main" });
    const current = nav.locator('[aria-current="page"]');
    for (const [path, name] of [
      ["/home", "Home"],
      ["/invitations", "Invitations"],
      ["/invitations/bulk", "Invitations"],
      ["/activity", "Activity"],
      ["/my-invitations", "My invitations"],
    ] as const) {
      await page.goto(path);
      await expect(current, path).toHaveCount(1);
      await expect(current, path).toHaveText(new RegExp(`^${name}`));
    }
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("the invitations subtitle speaks of the domain while the list is still loading", async ({ page }) => {
    await emulator.config({ latencyMs: 1_500 });
    try {
      await page.goto("/invitations");
      const subtitle = page
        .getByRole("heading", { level: 1, name: "Invitations" })
        .locator("xpath=following-sibling::p");
      // Read both at once: the wording must be the admin's before any row has arrived.
      const [text, final] = await Promise.all([
        subtitle.textContent(),
        page.getByTestId("invitation-count").getAttribute("data-final"),
      ]);
      expect(final).toBe("false");
      expect(text).toBe("Pending invitations in every class of the domain.");
    } finally {
      await emulator.config({ latencyMs: 0 });
    }
  });
});
