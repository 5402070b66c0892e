import "server-only";
import { auth, classroom, type classroom_v1 } from "@googleapis/classroom";
import { classroomRootUrl, DEFAULT_TIMEOUT_MS } from "./config";

export { redact } from "./redact";

/** A user's OAuth access token. Branded so a random string can't be passed where a token is meant. */
export type AccessToken = string & { readonly __brand: "AccessToken" };

export function asAccessToken(value: string): AccessToken {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error("An access token is required.");
  }
  return value as AccessToken;
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
 * The only place a Classroom client is built (STYLE.md item 3).
 *
 * - The OAuth2 client only holds the caller's access token: no refresh token, so a 401 surfaces
 *   at once (stack-notes §3) and token refresh stays the session layer's job.
 * - `rootUrl` at API level: the global `google.options({rootUrl})` is ignored (notes §9).
 * - `retry: false`: gaxios would retry GET/DELETE 3 times with no jitter and no Retry-After
 *   (notes §6.3). We retry ourselves in retry.ts, and reconcile POSTs instead.
 */
export function classroomFor(token: AccessToken, options: ClientOptions = {}): ClassroomClient {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: token });
  return classroom({
    version: "v1",
    auth: oauth,
    rootUrl: getClassroomRootUrl(),
    retry: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
