import { describe, expect, it } from "vitest";

import { safeReturnPath, signInPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a same-origin path with its filters", () => {
    expect(safeReturnPath("/invitations?course=123&role=STUDENT&q=ada+l%C3%B3pez")).toBe(
      "/invitations?course=123&role=STUDENT&q=ada+l%C3%B3pez",
    );
    expect(safeReturnPath("/courses/42#pending")).toBe("/courses/42#pending");
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "invitations",
    "/ok\r\nSet-Cookie: x=1",
    "/signin?callbackUrl=/home",
    "/api/auth/signout",
    `/${"a".repeat(2001)}`,
    undefined,
    42,
  ])("refuses %j", (raw) => {
    expect(safeReturnPath(raw)).toBeNull();
  });

  it("drops the router's _rsc parameter", () => {
    expect(safeReturnPath("/invitations?course=1&_rsc=abc")).toBe("/invitations?course=1");
  });

  it("normalises dot segments so the path stays on this origin", () => {
    expect(safeReturnPath("/a/../../invitations")).toBe("/invitations");
  });
});

describe("signInPath", () => {
  it("carries the destination and the error", () => {
    expect(signInPath("/invitations?course=1")).toBe("/signin?callbackUrl=%2Finvitations%3Fcourse%3D1");
    expect(signInPath("/home", "SessionExpired")).toBe("/signin?error=SessionExpired&callbackUrl=%2Fhome");
  });

  it("drops an unsafe destination", () => {
    expect(signInPath("//evil.example")).toBe("/signin");
    expect(signInPath(null)).toBe("/signin");
  });
});
