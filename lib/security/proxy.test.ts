// The security headers at unit level: the proxy's policy and headers, directive by directive.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { API_CSP, buildCsp, config, newNonce, proxy } from "@/proxy";

const parse = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("buildCsp", () => {
  const csp = parse(buildCsp({ nonce: "abc", dev: false, authorizationOrigin: "https://accounts.google.com" }));
  it("scripts only by nonce, strict-dynamic, no inline and no eval", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
  });
  it("locks down objects, base, framing and connections", () => {
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });
  it("lets forms post to us and sign-in redirect to the authorization origin only", () => {
    expect(csp.get("form-action")).toEqual(["'self'", "https://accounts.google.com"]);
  });
  it("adds eval only in development and upgrade-insecure-requests only over https", () => {
    expect(parse(buildCsp({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(buildCsp({ nonce: "n", dev: false })).not.toContain("upgrade-insecure-requests");
    expect(buildCsp({ nonce: "n", dev: false, upgradeInsecureRequests: true })).toContain("upgrade-insecure-requests");
  });
  it("API answers get a deny-all policy", () => {
    expect(parse(API_CSP).get("default-src")).toEqual(["'none'"]);
    expect(parse(API_CSP).get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("newNonce", () => {
  it("is 128 random bits, base64, different every time", () => {
    const seen = new Set(Array.from({ length: 1000 }, newNonce));
    expect(seen.size).toBe(1000);
    for (const n of seen) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("proxy()", () => {
  it("puts the same fresh nonce on the response and on the request Next renders from", () => {
    const a = proxy(new NextRequest("http://localhost:3000/home"));
    const b = proxy(new NextRequest("http://localhost:3000/home"));
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    const na = nonceOf(a.headers.get("content-security-policy"));
    expect(na).toBeTruthy();
    expect(na).not.toBe(nonceOf(b.headers.get("content-security-policy")));
    // NextResponse.next({ request: { headers } }) forwards overridden request headers like this.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toContain(`'nonce-${na}'`);
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(na);
    expect(a.headers.get("cache-control")).toMatch(/no-store/);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
  it("API routes: deny-all CSP, no-store, no nonce forwarded", () => {
    const r = proxy(new NextRequest("http://localhost:3000/api/invitations"));
    expect(r.headers.get("content-security-policy")).toBe(API_CSP);
    expect(r.headers.get("cache-control")).toMatch(/no-store/);
    expect(r.headers.get("x-middleware-request-x-nonce")).toBeNull();
  });
  it("runs on pages and API routes, not on build assets", () => {
    const re = new RegExp(`^${config.matcher[0]!.replace("/((?!", "/(?!(?:").replace(").*)", ")).*")}$`);
    for (const p of ["/", "/home", "/api/auth/session", "/courses/1"]) expect(re.test(p), p).toBe(true);
    for (const p of ["/_next/static/chunks/a.js", "/favicon.ico"]) expect(re.test(p), p).toBe(false);
  });
});
