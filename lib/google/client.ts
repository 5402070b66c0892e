import "server-only";
import { auth, classroom, type classroom_v1 } from "@googleapis/classroom";
import { hostname } from "node:os";

import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { classroomRootUrl, DEFAULT_TIMEOUT_MS } from "./config";
import { bindQuotaKey, quotaKeyFor } from "./quota";
import { SharedBudget } from "./quota-leases";
import { scheduledFetch } from "./scheduled-fetch";
import { setSchedulerConfigSource } from "./scheduler-instance";

export { redact } from "./redact";

/** A user's OAuth access token. Branded so a random string can't be passed where a token is meant. */
export type AccessToken = string & { readonly __brand: "AccessToken" };

/**
 * `owner` (the app's user id) charges every request made with this token to that user's
 * quota budget (lib/google/quota.ts); without it the token's fingerprint is the key.
 */
export function asAccessToken(value: string, owner?: string): AccessToken {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error("An access token is required.");
  }
  if (owner) bindQuotaKey(value, owner);
  return value as AccessToken;
}

setSchedulerConfigSource(
  () => {
    const q = env().classroomQuota;
    return {
      perUserPerWindow: q.perUserPerMinute,
      perClientPerWindow: q.perClientPerMinute,
      headroom: q.headroom,
      maxConcurrency: q.maxConcurrency,
    };
  },
  // On Postgres several instances may share the database, and with it Google's quotas: they
  // lease slices of each budget (quota-leases.ts). PGlite is one process: its own windows do.
  (windowMs) =>
    env().database.kind === "postgres"
      ? new SharedBudget(
          {
            query: async (text, params) => (await db()).query(text, params),
            transaction: async (fn) => (await db()).transaction(fn),
          },
          windowMs,
          {
            instanceId: `${hostname()}:${process.pid}`,
            onError: (e) => console.error("[quota] lease query failed:", e instanceof Error ? e.message : e),
          },
        )
      : undefined,
);

/** How the session layer renews a token Classroom refused (lib/auth/tokens.ts binds it). */
export type TokenRenewal = {
  /** A fresh token for the same grant; rejects when the grant itself is gone. */
  renew: () => Promise<string>;
  /** The renewed token was refused too: the grant is unusable, so the user must sign in again. */
  refused: () => Promise<void>;
};

const renewalsKey = Symbol.for("classroom-invitations.token-renewals");
/** Tokens live an hour; the map only needs the ones in use, like the scheduler's owner map. */
const MAX_RENEWALS = 10_000;

function renewals(): Map<string, TokenRenewal> {
  // Shared through globalThis: Next may load this module in several bundles of one process.
  const g = globalThis as { [renewalsKey]?: Map<string, TokenRenewal> };
  return (g[renewalsKey] ??= new Map());
}

export function bindTokenRenewal(token: string, renewal: TokenRenewal): void {
  const map = renewals();
  map.delete(token);
  map.set(token, renewal);
  if (map.size > MAX_RENEWALS) map.delete(map.keys().next().value!);
}

/** The token a use of the client holds, and the one way it is renewed after Classroom's 401. */
export interface TokenRenewer {
  /** The token to send now: the original, or the one a renewal gave. */
  readonly current: string;
  /**
   * After a 401 for `sent`: asks the session layer (lib/auth/tokens.ts) for a fresh token once
   * and holds it as `current`. Undefined when there is none (no renewal bound, the grant is gone,
   * Google sign-in is down, or it gave the same token back).
   */
  renew(sent: string): Promise<string | undefined>;
  /** The renewed token was refused too: the grant is unusable, so the user must sign in again. */
  refused(): Promise<void>;
}

/**
 * The one renewal mechanism, shared by the generated client's fetch (renewingFetch) and the
 * /batch sender (batch.ts), so a 401 is handled the same way whichever path met it.
 */
export function tokenRenewer(token: string): TokenRenewer {
  let current = token;
  return {
    get current() {
      return current;
    },
    async renew(sent) {
      const renewal = renewals().get(token);
      if (!renewal) return undefined;
      const fresh = await renewal.renew().catch(() => undefined);
      // No fresh token: the grant is gone (recorded by the refresh) or Google sign-in is down.
      if (!fresh || fresh === sent) return undefined;
      current = fresh;
      return fresh;
    },
    async refused() {
      await renewals()
        .get(token)
        ?.refused()
        .catch(() => undefined);
    },
  };
}

/**
 * A 401 for a token that looked valid gets one renewal and one retry of the same request
 * (a 401 means Classroom applied nothing, so even a POST is safe to send again). Later
 * requests through this client use the renewed token. A second 401 is returned as it is, and
 * the grant is marked unusable.
 */
export function renewingFetch(token: string, inner: typeof fetch): typeof fetch {
  const renewer = tokenRenewer(token);
  const withToken = (init: RequestInit | undefined, t: string): RequestInit | undefined => {
    if (t === token) return init;
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${t}`);
    return { ...init, headers };
  };
  return async (input, init) => {
    const sent = renewer.current;
    const first = await inner(input, withToken(init, sent));
    if (first.status !== 401) return first;
    const fresh = await renewer.renew(sent);
    if (!fresh) return first;
    await first.body?.cancel();
    const second = await inner(input, withToken(init, fresh));
    if (second.status === 401) await renewer.refused();
    return second;
  };
}

/** The generated client's type. Only lib/google may name it; lib/classroom just calls methods on it. */
export type ClassroomClient = classroom_v1.Classroom;

export interface ClientOptions {
  /** Per-request timeout. gaxios has none by default, so a hung upstream would hang the action. */
  timeoutMs?: number;
}

export function getClassroomRootUrl(): string {
  return classroomRootUrl();
}

/**
 * The only place a Classroom client is built.
 *
 * - The OAuth2 client only holds the caller's access token: no refresh token, so a 401 surfaces
 *   at once and token refresh stays the session layer's job.
 * - `rootUrl` at API level: the global `google.options({rootUrl})` is ignored (docs/classroom-api.md §9).
 * - `retry: false`: gaxios would retry GET/DELETE 3 times with no jitter and no Retry-After
 *   (docs/classroom-api.md §6.3). We retry ourselves in retry.ts, and reconcile POSTs instead.
 * - Every request goes through the quota scheduler (`fetchImplementation`). The timeout is
 *   applied there, from admission: gaxios would start its own `timeout` before the request
 *   waits for a slot, and a paced request would then time out in the queue.
 */
export function classroomFor(token: AccessToken, options: ClientOptions = {}): ClassroomClient {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: token });
  return classroom({
    version: "v1",
    auth: oauth,
    rootUrl: getClassroomRootUrl(),
    retry: false,
    fetchImplementation: renewingFetch(
      token,
      scheduledFetch(quotaKeyFor(token), { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }),
    ),
  });
}
