import { expect, test, type APIRequestContext, type APIResponse } from "../test";

import { E2E } from "../env";
import { emulator } from "../helpers";

import { callAction, clientFor, storageFor, upstream } from "./actions";
import { ROLES } from "./authz-matrix";

// Security headers on every kind of response, a fresh nonce
// per request that Next stamps on its scripts, no CSP violation in a real browser, and server
// actions refused when posted from another origin.

const PAGES = ["/home", "/invitations", "/invitations/bulk", "/my-invitations", "/activity"];
const APIS = ["/api/invitations", "/api/my-invitations", "/api/activity", "/api/auth/session"];

let teacher: APIRequestContext;
let anon: APIRequestContext;

test.beforeAll(async ({ browser }) => {
  await emulator.reset({ profile: "hostile" });
  teacher = await clientFor(browser, ROLES.teacherA);
  anon = await clientFor(browser, null);
});
test.afterAll(async () => {
  await teacher.dispose();
  await anon.dispose();
});

function directives(res: APIResponse): Map<string, string[]> {
  const csp = res.headers()["content-security-policy"] ?? "";
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectCommonHeaders(res: APIResponse, where: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], where).toBe("DENY");
  // `next start` is a production server: HSTS, one year at least, subdomains included.
  const hsts = h["strict-transport-security"] ?? "";
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${where} HSTS`).toBeGreaterThanOrEqual(31_536_000);
  expect(hsts, where).toContain("includeSubDomains");
  expect(h["x-powered-by"], where).toBeUndefined();
}

test("pages: nonce CSP, frame-ancestors 'none', no-store, and the nonce reaches Next's own scripts", async () => {
  const nonces = new Set<string>();
  for (const path of ["/", "/signin", ...PAGES]) {
    const client = path === "/" || path === "/signin" ? anon : teacher;
    const res = await client.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expectCommonHeaders(res, path);
    const d = directives(res);
    const script = d.get("script-src") ?? [];
    const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce, `${path} script-src has a nonce`).toBeTruthy();
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    // The sign-in form posts to us, and we redirect to the authorization endpoint.
    expect(d.get("form-action")).toEqual(["'self'", new URL(E2E.emulatorUrl).origin]);
    expect(res.headers()["cache-control"], path).toMatch(/no-store/);

    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, `${path} has scripts`).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, `${path}: every script carries the nonce`).toContain(`nonce="${nonce}"`);
    nonces.add(nonce!);
  }
  // A fresh nonce for every response.
  expect(nonces.size).toBe(PAGES.length + 2);
});

test("API answers: a deny-all CSP, nosniff, no-store, including errors", async () => {
  for (const path of APIS) {
    for (const [who, client] of [
      ["teacher", teacher],
      ["anonymous", anon],
    ] as const) {
      const res = await client.get(path);
      expectCommonHeaders(res, `${who} ${path}`);
      expect(directives(res).get("default-src"), `${who} ${path}`).toEqual(["'none'"]);
      expect(directives(res).get("frame-ancestors")).toEqual(["'none'"]);
      expect(res.headers()["cache-control"], `${who} ${path}`).toMatch(/no-store/);
    }
  }
});

test("build assets keep nosniff and HSTS (they skip the proxy)", async () => {
  const html = await (await anon.get("/signin")).text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const res = await anon.get(asset!);
  expect(res.status()).toBe(200);
  expectCommonHeaders(res, asset!);
});

test("a real browser runs the app under the policy: no CSP violation, hydration and sign-in work", async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: E2E.appUrl,
    storageState: await storageFor(browser, ROLES.teacherA),
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Refused to execute (CSP): ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // Next's client runtime ran: the scripts were allowed.
    expect(await page.evaluate(() => typeof (window as unknown as { next?: unknown }).next), path).toBe("object");
  }
  // Client-side navigation and a client read (route handler over fetch) under connect-src 'self'.
  await page.goto("/home");
  await page
    .getByRole("link", { name: /invitations/i })
    .first()
    .click();
  await page.waitForLoadState("networkidle");
  // Lazily loaded client code (the invite form, with validation as you type) runs under the policy too.
  await page.goto("/invitations");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Email").blur();
  await page.waitForLoadState("networkidle");

  // Sign-out and sign-in again through the emulator (form-action must allow the redirect).
  const fresh = await browser.newContext({ baseURL: E2E.appUrl });
  const p2 = await fresh.newPage();
  p2.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await p2.goto("/signin");
  await p2.getByRole("button", { name: "Sign in with Google" }).click();
  await p2.waitForURL((u) => u.origin === new URL(E2E.emulatorUrl).origin);
  await p2.getByRole("button", { name: /(^|\s)teacher@northwood\.edu(\s|$)/ }).click();
  await p2.waitForURL((u) => u.pathname === "/home");
  await expect(p2.getByRole("button", { name: "Sign out" })).toBeVisible();

  // (zod's `new Function` probe is off: components/providers.tsx sets `z.config({ jitless: true })`.)
  expect(violations).toEqual([]);
  await fresh.close();
  await context.close();
});

test("a server action posted from another origin is refused, with no Classroom call", async ({ browser }) => {
  const api = await clientFor(browser, ROLES.teacherA);
  const s = await emulator.call<{ courses: { id: string; name: string; section: string }[]; invitations: unknown[] }>(
    "GET",
    "/state",
  );
  const courseId = s.courses.find((c) => c.name === "Algebra I" && c.section === "Period 1")!.id;
  const input = [{ email: "noah.silva@northwood.edu", courseId, role: "STUDENT" }];
  const ref = { file: "lib/actions/invitations.ts", name: "createInvitationAction" };

  for (const headers of [
    { origin: "https://evil.example" },
    { origin: "null" },
    { origin: E2E.appUrl, headers: { "x-forwarded-host": "evil.example" } },
  ]) {
    await upstream.clear();
    const res = await callAction(api, ref, input, headers);
    expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
    expect(res.result, "no action result").toBeUndefined();
    expect(await upstream.log(), "no Classroom call").toEqual([]);
  }
  const after = await emulator.call<{ invitations: { courseId: string }[] }>("GET", "/state");
  expect(after.invitations.length, "nothing was created").toBe(s.invitations.length);
  await api.dispose();
});

test("framework headers cannot skip the checks (x-middleware-subrequest, x-nextjs-data)", async () => {
  const variants: Record<string, string>[] = [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-nextjs-data": "1" },
  ];
  for (const headers of variants) {
    const page = await anon.get("/home", { headers, maxRedirects: 0 });
    expect([307, 308, 303], JSON.stringify(headers)).toContain(page.status());
    expect(page.headers()["location"]).toContain("/signin");
    const api = await anon.get("/api/invitations", { headers });
    expect(api.status()).toBe(401);
    // The proxy still ran: its per-request policy is there.
    expect(page.headers()["content-security-policy"] ?? "").toContain("nonce-");
  }
});
