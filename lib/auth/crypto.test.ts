import { describe, expect, it } from "vitest";

import { hashSessionToken, tokenCipher } from "./crypto";

describe("tokenCipher", () => {
  const cipher = tokenCipher("a-secret-that-is-at-least-32-characters-long");

  it("round-trips and never stores the plaintext", () => {
    const sealed = cipher.encrypt("ya29.secret-access-token");
    expect(sealed).not.toContain("ya29");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(cipher.decrypt(sealed)).toBe("ya29.secret-access-token");
  });

  it("uses a fresh IV each time", () => {
    expect(cipher.encrypt("same")).not.toBe(cipher.encrypt("same"));
  });

  it("rejects tampering and a different secret", () => {
    const sealed = cipher.encrypt("token");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => cipher.decrypt(parts.join("."))).toThrow();
    expect(() => tokenCipher("another-secret-that-is-32-characters-long!").decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt("garbage")).toThrow("Malformed");
  });
});

describe("hashSessionToken", () => {
  it("is stable and does not reveal the token", () => {
    expect(hashSessionToken("abc")).toBe(hashSessionToken("abc"));
    expect(hashSessionToken("abc")).not.toContain("abc");
    expect(hashSessionToken("abc")).not.toBe(hashSessionToken("abd"));
  });
});
