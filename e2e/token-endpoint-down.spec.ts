import { expect, test, type Page } from "./test";

import { USERS } from "./env";
import { emulator, signInAs } from "./helpers";

// Google's token endpoint down for longer than the refresh retries last: every page that needs
// the user's Google token says so in our own words, with a reference, inside the app's frame,
// and never shows a token, a stack trace or what the endpoint answered.

const TOKEN_DOWN = /Google sign-in is temporarily unavailable, so your access could not be renewed\./;
/** A token, a refresh token, a stack frame, a source path, or the emulator's own error text. */
const LEAK = /ya29\.|1\/\/emu|\bat \w+ \(|node_modules|\.tsx?:\d+|server_error|Injected fault|Application error/;

async function expectTypedErrorPage(page: Page, path: string, title: RegExp) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  const alert = page.getByRole("alert").filter({ hasText: TOKEN_DOWN });
  await expect(alert, path).toBeVisible();
  await expect(alert.getByRole("heading", { level: 1 })).toHaveText(title);
  // A reference support can find in the server log, and a way out.
  await expect(alert.locator("code")).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();
  // The app's frame stays: the user can still navigate and sign out.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(await page.content(), path).not.toMatch(LEAK);
}

test.describe("Google's token endpoint stays down", () => {
  test.afterEach(async () => {
    await emulator.call("DELETE", "/faults");
    await emulator.config({ tokenLifetimeSeconds: 3600 });
  });

  test("pages show a typed error page, and recover once it is back", async ({ page }) => {
    test.setTimeout(120_000);
    await emulator.config({ tokenLifetimeSeconds: 10 });
    await signInAs(page, USERS.teacher.email);
    await emulator.config({ tokenLifetimeSeconds: 3600 });
    await emulator.call("POST", "/faults", { rules: [{ path: "^/token", status: 503 }] });
    // Past the token's lifetime: the next page has to refresh it, and every refresh fails.
    await page.waitForTimeout(11_000);

    await expectTypedErrorPage(page, "/home", /Something went wrong loading this page/);
    await expectTypedErrorPage(page, "/invitations", /The invitations could not be loaded/);
    await expectTypedErrorPage(page, "/my-invitations", /We couldn.t load your invitations/);
    await expectTypedErrorPage(page, "/activity", /The activity log could not be loaded/);

    // The JSON API says the same, typed.
    const api = await page.request.get("/api/invitations");
    expect(api.status()).toBe(503);
    const body = await api.text();
    expect(JSON.parse(body)).toMatchObject({
      error: { code: "UNAVAILABLE", message: expect.stringMatching(TOKEN_DOWN) },
    });
    expect(body).not.toMatch(LEAK);

    // Back up: "Try again" renders the page again, now with a fresh token.
    await expectTypedErrorPage(page, "/invitations", /The invitations could not be loaded/);
    await emulator.call("DELETE", "/faults");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: TOKEN_DOWN })).toHaveCount(0);
  });
});
