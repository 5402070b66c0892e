// Quota bookkeeping: whose budget a token spends, and the one path that answers a quota
// refusal (give the refused cost back to the window, then hold the user back). The plain
// client (scheduled-fetch.ts) and /batch (batch.ts) both come through here.
//
// No `server-only` import: the bench and the unit tests drive it from plain Node.
import { createHash } from "node:crypto";
import { isQuotaRefusal, type AppError, type QuotaScope } from "./errors";
import type { QuotaScheduler } from "./scheduler";
import type { Lease } from "./scheduler-config";

const ownersKey = Symbol.for("classroom-invitations.quota-owners");
type Holder = { [ownersKey]?: Map<string, string> };

const MAX_OWNERS = 10_000;

/**
 * Records whose token this is, so that every request made with it is charged to that user.
 * The session layer knows the user when it hands out a token (`asAccessToken(token, userId)`).
 */
export function bindQuotaKey(token: string, owner: string): void {
  const g = globalThis as Holder;
  const owners = (g[ownersKey] ??= new Map());
  owners.delete(token);
  owners.set(token, owner);
  if (owners.size > MAX_OWNERS) owners.delete(owners.keys().next().value!);
}

/**
 * The quota key of a token: its bound owner, else a fingerprint of the token. The app keeps
 * one Google token per user, so the fingerprint is the user in practice; it changes when the
 * token is refreshed (hourly), which at worst splits one user's budget across two keys for
 * one window. The token itself is never kept as a key.
 */
export function quotaKeyFor(token: string): string {
  const owner = (globalThis as Holder)[ownersKey]?.get(token);
  if (owner) return `user:${owner}`;
  return `token:${createHash("sha256").update(token).digest("base64url").slice(0, 22)}`;
}

/**
 * The server refused `refusals` for the per-minute quota (other errors in the list are
 * ignored). Google did not count them, so `cost` units go back to the lease's windows (default:
 * one per refusal); then the user, or everyone for the project quota, is held back, and a
 * refusal Google named teaches the scheduler the real limit. Returns how many were refunded.
 */
export function refundAndBackOff(
  scheduler: QuotaScheduler,
  key: string,
  lease: Pick<Lease, "refund">,
  refusals: readonly AppError[],
  cost?: number,
): number {
  const quota = refusals.filter(isQuotaRefusal);
  if (quota.length === 0) return 0;
  const scope: QuotaScope = quota.some((e) => e.quota!.scope === "client") ? "client" : "user";
  const learn = quota.some((e) => e.quota!.named);
  let retryAfterMs: number | undefined;
  for (const e of quota) {
    if (e.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, e.retryAfterMs);
  }
  const refunded = cost ?? quota.length;
  lease.refund(refunded);
  scheduler.penalize(key, retryAfterMs, scope, learn);
  return refunded;
}
