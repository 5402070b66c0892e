import "server-only";

import { canManageInvitations } from "@/lib/auth/roles";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { asAccessToken, type AccessToken } from "@/lib/google/client";
import { APP_ERRORS, isAppError, toAppError, toPublicError } from "@/lib/google/errors";

/**
 * Route handlers are public GET endpoints: each one re-reads the session and role here, on
 * the server, whatever the UI shows (issue 3 "Rules that hold everywhere").
 */
export type Viewer = Pick<CurrentUser, "id" | "email" | "role">;

/** A read the viewer may not make (another teacher's course). */
export class ForbiddenError extends Error {
  constructor(message = "You can only see invitations for classes you teach.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

const NO_STORE = { "cache-control": "private, no-store" } as const;

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: NO_STORE });
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

type Authed = { viewer: Viewer; token: AccessToken } | { response: Response };

/** The signed-in user and their Google token, or the error response to send. */
export function requireSignedIn(): Promise<Authed> {
  return requireViewer(false);
}

/** The signed-in teacher or admin and their Google token, or the error response to send. */
export function requireManager(): Promise<Authed> {
  return requireViewer(true);
}

async function requireViewer(managersOnly: boolean): Promise<Authed> {
  const user = await getCurrentUser();
  if (!user) return { response: jsonError(401, "SIGNED_OUT", "You are signed out. Sign in again to continue.") };
  if (managersOnly && !canManageInvitations(user.role)) {
    return { response: jsonError(403, "FORBIDDEN", "Only teachers and administrators can manage invitations.") };
  }
  try {
    const token = asAccessToken(await getGoogleAccessToken(user.id), user.id);
    return { viewer: { id: user.id, email: user.email, role: user.role }, token };
  } catch (e) {
    if (e instanceof ReauthRequiredError) {
      return {
        response: jsonError(
          401,
          "REAUTH_REQUIRED",
          "Your Google sign-in has expired or was revoked. Sign in again to continue.",
        ),
      };
    }
    throw e;
  }
}

/** Maps a failure to a safe JSON error: our own text only, never upstream details. */
export function errorResponse(e: unknown): Response {
  if (e instanceof ForbiddenError) return jsonError(403, "FORBIDDEN", e.message);
  const error = isAppError(e) ? e : toAppError(e);
  const pub = toPublicError(error);
  // Upstream's own status when there was one; otherwise the code's (NETWORK 502, TIMEOUT 504, UNKNOWN 500).
  return jsonError(
    error.httpStatus && error.httpStatus >= 400 ? error.httpStatus : APP_ERRORS[error.code].httpStatus,
    pub.code,
    pub.message,
  );
}
