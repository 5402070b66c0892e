import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmulator } from "@/emulator/src/server";

/**
 * Token refresh against the emulator's real OAuth endpoints and the embedded
 * database: exactly one refresh grant however many requests need a token at
 * once, and a revoked grant turns into "sign in again", not a loop of retries.
 */
const emu = await startEmulator({ port: 0 });
process.env.EMULATOR_URL = emu.url;
process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "integration-secret-integration-secret-0123";
delete process.env.CLASSROOM_ROOT_URL;

const { db } = await import("@/lib/db");
const { getGoogleAccessToken, ReauthRequiredError, storeSignInTokens } = await import("./tokens");
const { seedGoogleAccount, signInOffline } = await import("@/lib/test/emulator-oauth");

const refreshGrants = async (email: string) =>
  ((await (await fetch(`${emu.url}/emulator/v1/grants`)).json()) as { grant_type: string; email: string }[]).filter(
    (g) => g.grant_type === "refresh_token" && g.email === email,
  ).length;

const seedAccount = (email: string, expiresInSeconds: number) => seedGoogleAccount(emu.url, email, expiresInSeconds);

describe("getGoogleAccessToken", () => {
  beforeAll(async () => {
    await db();
  }, 60_000);
  afterAll(async () => {
    await (await db()).close();
    await emu.close();
  });

  it("returns the stored token while it is fresh, without a grant", async () => {
    const { userId, tokens } = await seedAccount("teacher@northwood.edu", 3600);
    expect(await getGoogleAccessToken(userId)).toBe(tokens.access_token);
    expect(await refreshGrants("teacher@northwood.edu")).toBe(0);
  });

  it("refreshes an expiring token exactly once for ten concurrent requests, and persists it sealed", async () => {
    const { userId, tokens } = await seedAccount("teacher2@northwood.edu", 5);
    const got = await Promise.all(Array.from({ length: 10 }, () => getGoogleAccessToken(userId)));
    expect(new Set(got).size).toBe(1);
    expect(got[0]).not.toBe(tokens.access_token);
    expect(await refreshGrants("teacher2@northwood.edu")).toBe(1);

    const [row] = await (
      await db()
    ).query<{ access_token: string; expires_at: string }>(
      "SELECT access_token, expires_at FROM accounts WHERE user_id = $1",
      [userId],
    );
    expect(row!.access_token).not.toContain("ya29");
    expect(Number(row!.expires_at)).toBeGreaterThan(Date.now() / 1000 + 3000);
    expect(await getGoogleAccessToken(userId)).toBe(got[0]);
    expect(await refreshGrants("teacher2@northwood.edu")).toBe(1);
  });

  it("turns a revoked grant into ReauthRequiredError, remembers it, and a new sign-in clears it", async () => {
    const { userId, tokens } = await seedAccount("student@northwood.edu", 5);
    await fetch(`${emu.url}/revoke`, { method: "POST", body: new URLSearchParams({ token: tokens.refresh_token }) });

    await expect(getGoogleAccessToken(userId)).rejects.toBeInstanceOf(ReauthRequiredError);
    const before = await refreshGrants("student@northwood.edu");
    await expect(getGoogleAccessToken(userId)).rejects.toMatchObject({ reason: "refresh-failed" });
    expect(await refreshGrants("student@northwood.edu")).toBe(before);

    const fresh = await signInOffline(emu.url, "student@northwood.edu");
    await storeSignInTokens(userId, {
      providerAccountId: "sub-student@northwood.edu",
      access_token: fresh.access_token,
      refresh_token: fresh.refresh_token,
      expires_at: Math.floor(Date.now() / 1000) + fresh.expires_in,
    });
    expect(await getGoogleAccessToken(userId)).toBe(fresh.access_token);
  });
});
