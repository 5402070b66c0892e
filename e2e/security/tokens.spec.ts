import { expect, test } from "../test";

import { E2E } from "../env";
import { emulator } from "../helpers";

import { storageFor } from "./actions";
import { ROLES, type RoleName } from "./authz-matrix";

// Token hygiene. For every role, a tour of the app records every same-origin
// response (HTML, RSC payloads, route handlers, action results, /api/auth/session) and its
// headers; no Google access or refresh token may appear anywhere. Cookies: HttpOnly,
// SameSite=Lax, small, unchunked. (Sign-out + cookie replay: e2e/session.spec.ts.)

const TOKEN = /ya29\.|1\/\/emu\.|\b1\/\/0[\w-]{6,}/;
const TOUR = [
  "/home",
  "/my-invitations",
  "/invitations",
  "/invitations/bulk",
  "/activity",
  "/api/auth/session",
  "/api/my-invitations",
  "/api/invitations",
  "/api/activity",
];

test.beforeAll(async () => {
  await emulator.reset({ profile: "hostile" });
});

for (const role of (Object.keys(ROLES) as RoleName[]).filter((r) => ROLES[r])) {
  test(`${role}: no token in any response of a tour of the app; cookies are HttpOnly, Lax, small`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({
      baseURL: E2E.appUrl,
      storageState: await storageFor(browser, ROLES[role]!),
    });
    const page = await context.newPage();
    const seen: { url: string; leak: boolean }[] = [];
    const pending: Promise<void>[] = [];
    page.on("response", (res) => {
      const url = new URL(res.url());
      if (url.origin !== E2E.appUrl || url.pathname.startsWith("/_next/static")) return;
      pending.push(
        (async () => {
          const headers = JSON.stringify(await res.allHeaders());
          const body = await res.text().catch(() => "");
          seen.push({
            url: `${res.request().method()} ${url.pathname}${url.search}`,
            leak: TOKEN.test(body) || TOKEN.test(headers),
          });
        })(),
      );
    });

    for (const path of TOUR) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    // Client navigation (RSC payloads) and a course page.
    await page.goto("/home");
    for (const link of await page
      .locator('a[href^="/courses/"]')
      .all()
      .then((l) => l.slice(0, 2))) {
      await link.click();
      await page.waitForLoadState("networkidle");
      await page.goBack();
    }
    await Promise.all(pending);
    expect(seen.length, "responses were captured").toBeGreaterThan(TOUR.length);
    expect(seen.filter((s) => s.leak).map((s) => s.url)).toEqual([]);

    // /api/auth/session: who you are, nothing else.
    const session = await (await context.request.get("/api/auth/session")).json();
    expect(session.user.email).toBe(ROLES[role]);
    // Not the session id (the HttpOnly cookie's value), not the database user id, no tokens.
    expect(Object.keys(session).sort()).toEqual(["expires", "user"]);
    expect(Object.keys(session.user).sort()).toEqual(["email", "id", "image", "name"]);
    const keys = JSON.stringify(session).match(/"(\w+)":/g) ?? [];
    expect(keys.filter((k) => /token|secret|account|refresh|access/i.test(k))).toEqual([]);

    // Cookies.
    const cookies = await context.cookies();
    const sessionCookie = cookies.find((c) => /authjs\.session-token$/.test(c.name));
    expect(sessionCookie, "one unchunked session cookie").toBeTruthy();
    expect(cookies.filter((c) => /session-token\.\d+$/.test(c.name))).toEqual([]);
    for (const c of cookies.filter((c) => c.name.includes("authjs"))) {
      expect(c.httpOnly, c.name).toBe(true);
      expect(c.sameSite, c.name).toBe("Lax");
      expect(c.name.length + c.value.length, c.name).toBeLessThan(4096);
      expect(TOKEN.test(c.value), c.name).toBe(false);
    }
    expect(sessionCookie!.httpOnly).toBe(true);
    await context.close();
  });
}
