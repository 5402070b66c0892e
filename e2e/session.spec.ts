import { expect, test } from "./test";

import { E2E, USERS } from "./env";
import { emulator, signInAs } from "./helpers";

test.describe("session lifecycle", () => {
  test.afterEach(async () => {
    await emulator.config({ tokenLifetimeSeconds: 3600 });
  });

  test("pages keep working past a 10-second token lifetime, with one refresh", async ({ page }) => {
    await emulator.config({ tokenLifetimeSeconds: 10 });
    await signInAs(page, USERS.teacher.email);
    await expect(page.getByRole("heading", { level: 1, name: USERS.teacher.name })).toBeVisible();
    const before = (await emulator.grants()).filter((g) => g.grant_type === "refresh_token").length;

    await page.waitForTimeout(11_000);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: USERS.teacher.name })).toBeVisible();
    await expect(
      page
        .getByRole("region", { name: /Classes I teach/ })
        .getByRole("listitem")
        .first(),
    ).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: USERS.teacher.name })).toBeVisible();

    const refreshes = (await emulator.grants()).filter((g) => g.grant_type === "refresh_token");
    expect(refreshes.length - before).toBe(1);
    expect(refreshes.at(-1)?.email).toBe(USERS.teacher.email);
  });

  test("the session cookie is opaque, HttpOnly, SameSite=Lax and small; tokens never reach the browser", async ({
    page,
  }) => {
    await signInAs(page, USERS.student.email);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("authjs.session-token"));
    expect(session).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    expect(session!.value.length).toBeLessThan(4096);
    expect(session!.value).not.toMatch(/^ey/); // not a JWT: a database session id

    const res = await page.request.get("/api/auth/session");
    const body = await res.text();
    expect(JSON.parse(body).user.email).toBe(USERS.student.email);
    expect(body).not.toMatch(/ya29\.|1\/\/|access_token|refresh_token/);
    const html = await (await page.request.get("/home")).text();
    expect(html).not.toMatch(/ya29\.|1\/\/emu/);
  });

  test("after sign-out the old cookie is refused", async ({ page, browser }) => {
    await signInAs(page, USERS.student.email);
    const stolen = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You have been signed out.")).toBeVisible();

    const replay = await browser.newContext({ baseURL: E2E.appUrl });
    await replay.addCookies(stolen);
    const p2 = await replay.newPage();
    await p2.goto("/home");
    await expect(p2).toHaveURL(/\/signin/);
    await replay.close();
  });
});
