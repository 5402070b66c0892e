import { NextResponse } from "next/server";

import { getCurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { asAccessToken } from "@/lib/google/client";
import { isAppError, toAppError, toPublicError } from "@/lib/google/errors";
import { loadMyInvitations } from "@/lib/query/my-invitations";

// Per-user Classroom data: never cached by the browser, a proxy or Next (STYLE 14).
const NO_STORE = { "Cache-Control": "no-store" };

function fail(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status, headers: NO_STORE });
}

/** The client read behind TanStack Query's `myInvitationsQueryOptions` (STYLE 7). */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return fail(401, "SIGNED_OUT", "You are signed out. Sign in again to continue.");
  let token;
  try {
    token = asAccessToken(await getGoogleAccessToken(user.id), user.id);
  } catch (e) {
    if (e instanceof ReauthRequiredError) {
      return fail(401, "REAUTH_REQUIRED", "Your Google sign-in has expired or was revoked. Sign in again to continue.");
    }
    throw e;
  }
  try {
    return NextResponse.json(await loadMyInvitations(token), { headers: NO_STORE });
  } catch (e) {
    const error = isAppError(e) ? e : toAppError(e);
    const { code, message } = toPublicError(error);
    return fail(error.httpStatus && error.httpStatus >= 400 ? error.httpStatus : 502, code, message);
  }
}
