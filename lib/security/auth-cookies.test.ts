// Issue 6 §2: session cookie flags. Auth.js derives them from the URL scheme: over https
// (AUTH_URL=https://…, i.e. production) every auth cookie is `__Secure-`/`__Host-` prefixed and
// Secure; always HttpOnly and SameSite=Lax. This pins Auth.js's defaults and that our config
// doesn't override them (the e2e suite checks the plain-http flags on the live app).
import fs from "node:fs";

// Not in @auth/core's export map; the file is the one Auth.js itself uses at run time.
import { defaultCookies } from "../../node_modules/@auth/core/lib/utils/cookie.js";
import { describe, expect, it } from "vitest";

describe("Auth.js cookies", () => {
  it("over https: prefixed, Secure, HttpOnly, SameSite=Lax", () => {
    const c = defaultCookies(true);
    expect(c.sessionToken.name).toBe("__Secure-authjs.session-token");
    expect(c.csrfToken.name).toBe("__Host-authjs.csrf-token");
    for (const [key, cookie] of Object.entries(c)) {
      expect(cookie.options.secure, key).toBe(true);
      expect(cookie.options.httpOnly, key).toBe(true);
      expect(cookie.options.sameSite, key).toBe("lax");
      expect(cookie.options.path, key).toBe("/");
    }
  });
  it("over plain http (local demo) only Secure and the prefixes are dropped", () => {
    const c = defaultCookies(false);
    expect(c.sessionToken.name).toBe("authjs.session-token");
    expect(c.sessionToken.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
  });
  it("our config keeps those defaults and database sessions (an opaque id, never a JWT with tokens)", () => {
    const src = fs.readFileSync("lib/auth/auth.ts", "utf8");
    expect(src).not.toMatch(/useSecureCookies\s*:/);
    expect(src).not.toMatch(/\bcookies\s*:/);
    expect(src).toMatch(/strategy:\s*"database"/);
  });
});
