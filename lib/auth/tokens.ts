import "server-only";

import { db } from "@/lib/db";
import { env } from "@/lib/env";

import { lifetimeOf } from "./adapter";
import { tokenCipher } from "./crypto";

/** The user's Google grant is gone or unusable: they must sign in again. */
export class ReauthRequiredError extends Error {
  override name = "ReauthRequiredError";
  constructor(readonly reason: "no-account" | "refresh-failed" | "no-refresh-token") {
    super(`Google sign-in must be renewed (${reason})`);
  }
}

type AccountRow = {
  provider_account_id: string;
  access_token: string | null;
  refresh_token: string | null;
  expires_at: string | number | null;
  token_lifetime: number | null;
  refresh_error: string | null;
};

/**
 * Refresh early enough that a request started now still has a valid token when
 * Google sees it, but never so early that a short-lived token (10 s in the
 * refresh test) refreshes on every request: a quarter of the lifetime, at most 60 s.
 */
export function refreshSkewSeconds(lifetime: number | null): number {
  return Math.min(60, Math.max(1, Math.floor((lifetime ?? 3600) / 4)));
}

export function needsRefresh(row: Pick<AccountRow, "expires_at" | "token_lifetime">, nowSeconds: number): boolean {
  if (row.expires_at == null) return false;
  return Number(row.expires_at) - refreshSkewSeconds(row.token_lifetime) <= nowSeconds;
}

/** One refresh per user per process, however many requests arrive at once. */
const inflight = new Map<string, Promise<string>>();

/**
 * The signed-in user's Google access token, refreshed if it is about to expire.
 * Server only: the token never leaves the server. Across several app instances
 * the row lock (`FOR UPDATE`) makes the second instance reuse the first one's
 * refreshed token instead of refreshing again.
 */
export async function getGoogleAccessToken(userId: string): Promise<string> {
  const d = await db();
  const cipher = tokenCipher(env().authSecret);
  const [row] = await d.query<AccountRow>(
    "SELECT provider_account_id, access_token, refresh_token, expires_at, token_lifetime, refresh_error FROM accounts WHERE user_id = $1 AND provider = 'google'",
    [userId],
  );
  if (!row?.access_token) throw new ReauthRequiredError("no-account");
  if (row.refresh_error) throw new ReauthRequiredError("refresh-failed");
  if (!needsRefresh(row, Date.now() / 1000)) return cipher.decrypt(row.access_token);

  let pending = inflight.get(userId);
  if (!pending) {
    pending = refreshLocked(userId).finally(() => inflight.delete(userId));
    inflight.set(userId, pending);
  }
  return pending;
}

async function refreshLocked(userId: string): Promise<string> {
  const d = await db();
  const e = env();
  const cipher = tokenCipher(e.authSecret);
  return d.transaction(async (tx) => {
    const [row] = await tx.query<AccountRow>(
      "SELECT provider_account_id, access_token, refresh_token, expires_at, token_lifetime, refresh_error FROM accounts WHERE user_id = $1 AND provider = 'google' FOR UPDATE",
      [userId],
    );
    if (!row?.access_token) throw new ReauthRequiredError("no-account");
    // Another instance may have refreshed while we waited for the lock.
    if (!needsRefresh(row, Date.now() / 1000)) return cipher.decrypt(row.access_token);
    if (!row.refresh_token) throw new ReauthRequiredError("no-refresh-token");

    const res = await fetch(e.google.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: cipher.decrypt(row.refresh_token),
        client_id: e.google.clientId,
        client_secret: e.google.clientSecret,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      refresh_token?: string;
      scope?: string;
      error?: string;
    };
    if (!res.ok || !body.access_token) {
      // invalid_grant = revoked or expired grant: permanent. Anything else (5xx, network) is
      // transient: leave the row alone so the next request tries again.
      if (body.error === "invalid_grant" || res.status === 400 || res.status === 401) {
        await tx.query("UPDATE accounts SET refresh_error = $2, updated_at = now() WHERE user_id = $1", [
          userId,
          body.error ?? `http_${res.status}`,
        ]);
        throw new ReauthRequiredError("refresh-failed");
      }
      throw new Error(`Google token refresh failed with HTTP ${res.status}`);
    }
    const expiresAt = Math.floor(Date.now() / 1000) + (body.expires_in ?? 3600);
    await tx.query(
      `UPDATE accounts SET access_token = $2, expires_at = $3, token_lifetime = $4,
         refresh_token = COALESCE($5, refresh_token), scope = COALESCE($6, scope), updated_at = now()
       WHERE user_id = $1 AND provider = 'google'`,
      [
        userId,
        cipher.encrypt(body.access_token),
        expiresAt,
        lifetimeOf(expiresAt),
        // Google does not rotate refresh tokens, but keep a new one if it ever sends one.
        body.refresh_token ? cipher.encrypt(body.refresh_token) : null,
        body.scope ?? null,
      ],
    );
    return body.access_token;
  });
}

/**
 * Auth.js links an account only the first time; on every later sign-in the new
 * tokens from Google would be dropped. Store them, and clear a previous refresh failure.
 */
export async function storeSignInTokens(
  userId: string,
  account: {
    providerAccountId: string;
    access_token?: string;
    refresh_token?: string;
    expires_at?: number;
    scope?: string;
  },
): Promise<void> {
  if (!account.access_token) return;
  const cipher = tokenCipher(env().authSecret);
  await (
    await db()
  ).query(
    `UPDATE accounts SET access_token = $3, refresh_token = COALESCE($4, refresh_token), expires_at = $5,
       token_lifetime = $6, scope = COALESCE($7, scope), refresh_error = NULL, updated_at = now()
     WHERE user_id = $1 AND provider = 'google' AND provider_account_id = $2`,
    [
      userId,
      account.providerAccountId,
      cipher.encrypt(account.access_token),
      account.refresh_token ? cipher.encrypt(account.refresh_token) : null,
      account.expires_at ?? null,
      lifetimeOf(account.expires_at),
      account.scope ?? null,
    ],
  );
}
