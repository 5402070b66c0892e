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
const { tokenCipher } = await import("./crypto");
const { getGoogleAccessToken, ReauthRequiredError, storeSignInTokens } = await import("./tokens");

const CLIENT = { id: "demo-client.apps.googleusercontent.com", secret: "demo-secret" };
const REDIRECT = "http://localhost:3000/api/auth/callback/google";

/** The browser part of sign-in, done over HTTP: pick the account in the chooser, trade the code. */
async function signInOffline(email: string) {
  const params = {
    client_id: CLIENT.id,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid email profile https://www.googleapis.com/auth/classroom.rosters",
    access_type: "offline",
    state: "s",
  };
  const chosen = await fetch(`${emu.url}/o/oauth2/v2/auth`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...params, account: email }),
    redirect: "manual",
  });
  const code = new URL(chosen.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${emu.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
    }),
  });
  return (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

const refreshGrants = async (email: string) =>
  ((await (await fetch(`${emu.url}/emulator/v1/grants`)).json()) as { grant_type: string; email: string }[]).filter(
    (g) => g.grant_type === "refresh_token" && g.email === email,
  ).length;

async function seedAccount(email: string, expiresInSeconds: number) {
  const tokens = await signInOffline(email);
  const seal = tokenCipher(process.env.AUTH_SECRET!);
  const d = await db();
  const [user] = await d.query<{ id: string }>("INSERT INTO users (email, name) VALUES ($1, $1) RETURNING id", [email]);
  await d.query(
    `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token, refresh_token, expires_at, token_lifetime)
     VALUES ($1, 'oidc', 'google', $2, $3, $4, $5, 3600)`,
    [
      user!.id,
      `sub-${email}`,
      seal.encrypt(tokens.access_token),
      seal.encrypt(tokens.refresh_token),
      Math.floor(Date.now() / 1000) + expiresInSeconds,
    ],
  );
  return { userId: user!.id, tokens };
}

describe("getGoogleAccessToken", () => {
  beforeAll(async () => {
    await db();
  });
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

    const fresh = await signInOffline("student@northwood.edu");
    await storeSignInTokens(userId, {
      providerAccountId: "sub-student@northwood.edu",
      access_token: fresh.access_token,
      refresh_token: fresh.refresh_token,
      expires_at: Math.floor(Date.now() / 1000) + fresh.expires_in,
    });
    expect(await getGoogleAccessToken(userId)).toBe(fresh.access_token);
  });
});
