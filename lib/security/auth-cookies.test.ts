// Session cookie flags. Auth.js derives them from the URL scheme: over https
// (AUTH_URL=https://…, i.e. production) every auth cookie is `__Secure-`/`__Host-` prefixed and
// Secure; always HttpOnly and SameSite=Lax. Our config tightens the session cookie to `__Host-`
// over https (lib/auth/cookies.ts); the e2e suite checks the plain-http flags on the live app.
import fs from "node:fs";

// Not in @auth/core's export map; the file is the one Auth.js itself uses at run time.
import { defaultCookies } from "../../node_modules/@auth/core/lib/utils/cookie.js";
import { describe, expect, it } from "vitest";

import { sessionCookie } from "@/lib/auth/cookies";

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
  it("our session cookie: __Host- over https (no Domain, Path=/, Secure), Auth.js's defaults over http", () => {
    expect(sessionCookie("https://invites.example.edu")).toEqual({
      name: "__Host-authjs.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
    expect(sessionCookie("http://localhost:3000")).toBeUndefined();
    expect(sessionCookie(undefined)).toBeUndefined();
  });
  it("sessions live in the database: the cookie is an opaque id, never a JWT with tokens", () => {
    expect(fs.readFileSync("lib/auth/auth.ts", "utf8")).toMatch(/strategy:\s*"database"/);
  });
});
