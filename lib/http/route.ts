import "server-only";

import { canManageInvitations } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { asAccessToken, type AccessToken } from "@/lib/classroom/client";
import { APP_ERRORS, isAppError, toAppError, toPublicError } from "@/lib/classroom/errors";
import { ForbiddenError, type Viewer } from "@/lib/loaders/viewer";

/**
 * Route handlers are public GET endpoints: `withViewer` re-reads the session, the role and the
 * Google token on the server for every request, whatever the UI shows, and turns any failure
 * into a JSON error with our own text.
 */
const NO_STORE = { "cache-control": "private, no-store" } as const;

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: NO_STORE });
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

const REAUTH = "Your Google sign-in has expired or was revoked. Sign in again to continue.";

/** Maps a failure to a safe JSON error: our own text only, never upstream details. */
export function errorResponse(e: unknown): Response {
  if (e instanceof ForbiddenError) return jsonError(403, "FORBIDDEN", e.message);
  if (e instanceof ReauthRequiredError) return jsonError(401, "REAUTH_REQUIRED", REAUTH);
  const error = isAppError(e) ? e : toAppError(e);
  const pub = toPublicError(error);
  // Upstream's own status when there was one; otherwise the code's (NETWORK 502, TIMEOUT 504, UNKNOWN 500).
  return jsonError(
    error.httpStatus && error.httpStatus >= 400 ? error.httpStatus : APP_ERRORS[error.code].httpStatus,
    pub.code,
    pub.message,
  );
}

export type ViewerContext<P> = { viewer: Viewer; token: AccessToken; request: Request; params: P };

/**
 * A GET handler for a signed-in user (`"signed-in"`) or a teacher or admin (`"manager"`): the
 * session, the role check, the Google token and the error answer, once for every route.
 */
export function withViewer<P = Record<string, never>>(
  who: "signed-in" | "manager",
  handler: (ctx: ViewerContext<P>) => Promise<Response>,
) {
  return async (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const user = await getCurrentUser();
    if (!user) return jsonError(401, "SIGNED_OUT", "You are signed out. Sign in again to continue.");
    if (who === "manager" && !canManageInvitations(user.role)) {
      return jsonError(403, "FORBIDDEN", "Only teachers and administrators can manage invitations.");
    }
    try {
      const token = asAccessToken(await getGoogleAccessToken(user.id), user.id);
      const viewer: Viewer = { id: user.id, email: user.email, role: user.role };
      return await handler({ viewer, token, request, params: (await route?.params) as P });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
