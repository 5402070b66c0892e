import "server-only";

import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { bindTokenRenewal } from "@/lib/google/client";
import { AppError, parseRetryAfter } from "@/lib/google/errors";
import { withRetry } from "@/lib/google/retry";

import { lifetimeOf } from "./adapter";
import { tokenCipher } from "./crypto";
import { endUserSessions } from "./identity";

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

/**
 * One refresh per user per process, however many requests arrive at once: kept on globalThis
 * because Next may load this module in several bundles of one process (pages, route handlers,
 * actions). Across processes the row lock in `refreshLocked` does the same.
 */
const inflightKey = Symbol.for("classroom-invitations.token-refreshes");
function inflightRefreshes(): Map<string, Promise<string>> {
  const g = globalThis as { [inflightKey]?: Map<string, Promise<string>> };
  return (g[inflightKey] ??= new Map());
}

/**
 * The signed-in user's Google access token, refreshed if it is about to expire.
 * Server only: the token never leaves the server. Across several app instances
 * the row lock (`FOR UPDATE`) makes the second instance reuse the first one's
 * refreshed token instead of refreshing again.
 */
export async function getGoogleAccessToken(userId: string): Promise<string> {
  try {
    return await accessTokenOf(userId);
  } catch (e) {
    // No usable grant (revoked, or the account deleted or disabled): the user must sign in
    // again, so none of their sessions may go on, on this browser or any other.
    if (e instanceof ReauthRequiredError) await endUserSessions(await db(), userId);
    throw e;
  }
}

/** (user_id, provider) is unique (migration 3): the lookup below finds the user's one Google account. */
async function accessTokenOf(userId: string): Promise<string> {
  const d = await db();
  const cipher = tokenCipher(env().authSecret);
  const [row] = await d.query<AccountRow>(
    "SELECT provider_account_id, access_token, refresh_token, expires_at, token_lifetime, refresh_error FROM accounts WHERE user_id = $1 AND provider = 'google'",
    [userId],
  );
  if (!row?.access_token) throw new ReauthRequiredError("no-account");
  if (row.refresh_error) throw new ReauthRequiredError("refresh-failed");
  if (!needsRefresh(row, Date.now() / 1000)) return renewable(userId, cipher.decrypt(row.access_token));
  return renewable(userId, await refreshOnce(userId));
}

/**
 * Classroom may refuse a token that looked valid (revoked early, a clock off, a restarted
 * server): the client (lib/google/client.ts) then asks for one renewal and retries once. If
 * the renewed token is refused too, the grant is marked failed, and the next request sends
 * the user to sign in again with the reason.
 */
function renewable(userId: string, token: string): string {
  bindTokenRenewal(token, {
    renew: () => refreshOnce(userId, token),
    refused: () => markGrantRefused(userId, "classroom_401"),
  });
  return token;
}

/**
 * The one way a token is renewed, whether it is about to expire or Classroom refused it: joins
 * the refresh already under way for the user in this process, else starts one.
 */
function refreshOnce(userId: string, rejected?: string): Promise<string> {
  const inflight = inflightRefreshes();
  let pending = inflight.get(userId);
  if (!pending) {
    pending = refreshLocked(userId, rejected).finally(() => inflight.delete(userId));
    inflight.set(userId, pending);
  }
  return pending;
}

async function markGrantRefused(userId: string, reason: string): Promise<void> {
  await (
    await db()
  ).query("UPDATE accounts SET refresh_error = $2, updated_at = now() WHERE user_id = $1 AND provider = 'google'", [
    userId,
    reason,
  ]);
}

/** `rejected`: a token Classroom refused, renewed even if it has not expired yet. */
async function refreshLocked(userId: string, rejected?: string): Promise<string> {
  const d = await db();
  const e = env();
  const cipher = tokenCipher(e.authSecret);
  return d.transaction(async (tx) => {
    const [row] = await tx.query<AccountRow>(
      "SELECT provider_account_id, access_token, refresh_token, expires_at, token_lifetime, refresh_error FROM accounts WHERE user_id = $1 AND provider = 'google' FOR UPDATE",
      [userId],
    );
    if (!row?.access_token) throw new ReauthRequiredError("no-account");
    const stored = cipher.decrypt(row.access_token);
    // Another request or instance may have refreshed while we waited for the lock.
    if (rejected ? stored !== rejected : !needsRefresh(row, Date.now() / 1000)) return stored;
    if (!row.refresh_token) throw new ReauthRequiredError("no-refresh-token");

    const grant = await postRefreshGrant(cipher.decrypt(row.refresh_token));
    if ("refused" in grant) {
      await tx.query("UPDATE accounts SET refresh_error = $2, updated_at = now() WHERE user_id = $1", [
        userId,
        grant.refused,
      ]);
      throw new ReauthRequiredError("refresh-failed");
    }
    const body = grant;
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

type RefreshGrant = { access_token: string; expires_in?: number; refresh_token?: string; scope?: string };

/** Attempts at the token endpoint for one refresh: the first, and two retries after a transient failure. */
export const REFRESH_ATTEMPTS = 3;

/** Google's sign-in service failed for every attempt: a typed "try again", never a bare 500. */
export const TOKEN_ENDPOINT_UNAVAILABLE =
  "Google sign-in is temporarily unavailable, so your access could not be renewed. Try again in a moment.";

/**
 * The refresh-token grant. invalid_grant (or any 400/401) is permanent: the grant was revoked
 * or expired, so `{ refused }` and the user signs in again. A 5xx, 429, timeout or network
 * failure is transient: retried with jittered backoff (Google's OAuth guide asks clients to
 * back off on 5xx), then a typed UNAVAILABLE, leaving the row alone so a later request tries again.
 */
async function postRefreshGrant(refreshToken: string): Promise<RefreshGrant | { refused: string }> {
  const e = env();
  try {
    return await withRetry(
      async () => {
        const res = await fetch(e.google.tokenUrl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: refreshToken,
            client_id: e.google.clientId,
            client_secret: e.google.clientSecret,
          }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json().catch(() => ({}))) as Partial<RefreshGrant> & { error?: string };
        if (res.ok && body.access_token) return body as RefreshGrant;
        if (body.error === "invalid_grant" || res.status === 400 || res.status === 401) {
          return { refused: body.error ?? `http_${res.status}` };
        }
        throw new AppError({
          code: "UNAVAILABLE",
          httpStatus: res.status,
          retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
        });
      },
      { maxAttempts: REFRESH_ATTEMPTS, baseDelayMs: 300, maxRetryAfterMs: 5_000 },
    );
  } catch (cause) {
    console.warn(`[auth] token refresh failed after retries: ${cause instanceof Error ? cause.message : "error"}`);
    throw new AppError({ code: "UNAVAILABLE", userMessage: TOKEN_ENDPOINT_UNAVAILABLE });
  }
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
