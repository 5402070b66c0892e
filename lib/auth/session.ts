import "server-only";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { detectRole } from "@/lib/classroom/me";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { asAccessToken, type AccessToken } from "@/lib/google/client";
import { describeForLog, isAppError, toPublicError } from "@/lib/google/errors";
import { toPageErrorDigest } from "@/lib/view/page-error";

import { auth } from "./auth";
import { endUserSessions } from "./identity";
import { RETURN_PATH_HEADER, signInPath } from "./return-path";
import { getGoogleAccessToken, ReauthRequiredError } from "./tokens";

export type { Role } from "./roles";
import type { Role } from "./roles";
export type CurrentUser = { id: string; name: string; email: string; image: string | null; role: Role };

/**
 * Roles change rarely (a teacher gets a class, an admin is appointed): re-derive every 10 minutes,
 * and after every sign-in (lib/auth/identity.ts).
 */
const ROLE_TTL_MS = 10 * 60 * 1000;

/*
 * Admin-only views (the domain-wide activity log) trust a stored admin role for at most 30 s
 * (ADMIN_VIEW_ROLE_MAX_AGE_SECONDS, shorter in e2e) and re-derive it from Google past that, on
 * every request: a demoted, deleted or disabled admin loses them within 30 s rather than within
 * ROLE_TTL_MS.
 */

/**
 * The data-access entry point for "who is asking". Deduplicated per request
 * with React `cache()`; nothing is shared across requests or users.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session.user?.email) return null;
  const role = await roleOf(id, session.user.email, ROLE_TTL_MS).catch(toSignIn);
  return {
    id,
    name: session.user.name ?? session.user.email,
    email: session.user.email,
    image: session.user.image ?? null,
    role,
  };
});

/**
 * Who the session belongs to, without asking Google anything (no role): for the sign-in page,
 * which must not send a user whose grant is dead back to itself.
 */
export const getSessionIdentity = cache(async (): Promise<{ id: string; email: string } | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const email = session?.user?.email;
  return id && email ? { id, email } : null;
});

/** For pages and layouts: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(await signInHere());
  return user;
}

/** Sign-in, then back to the page being rendered (the proxy passes its path along). */
async function signInHere(error?: string): Promise<string> {
  return signInPath((await headers()).get(RETURN_PATH_HEADER), error);
}

/** For pages: the user's Google token; an unusable grant sends them to sign in again. */
export async function requireToken(user: Pick<CurrentUser, "id">): Promise<AccessToken> {
  return asAccessToken(await getGoogleAccessToken(user.id).catch(toSignIn), user.id);
}

/**
 * A grant found gone (its sessions have ended, tokens.ts) sends the user to sign in again. Any
 * other typed failure (Google's token endpoint down, after its retries) goes on to the error
 * page carrying its public form, so the page can say what happened instead of a generic line.
 */
async function toSignIn(e: unknown): Promise<never> {
  if (e instanceof ReauthRequiredError) redirect(await signInHere("SessionExpired"));
  if (isAppError(e)) throw Object.assign(e, { digest: toPageErrorDigest(toPublicError(e), e.correlationId) });
  throw e;
}

/** For admin-only pages: the signed-in user, their role re-checked as `recheckedRole` does. */
export async function requireRecheckedUser(): Promise<CurrentUser> {
  const user = await requireUser();
  return { ...user, role: await recheckedRole(user).catch(toSignIn) };
}

/**
 * For admin-only views, on every request: the user's role, derived again from Google when the
 * stored admin role is older than ADMIN_VIEW_ROLE_MAX_AGE_SECONDS. Other roles get nothing more
 * there. Throws ReauthRequiredError when the grant is gone.
 */
export async function recheckedRole(user: Pick<CurrentUser, "id" | "email" | "role">): Promise<Role> {
  return user.role === "admin" ? roleOf(user.id, user.email, env().adminViewRoleMaxAgeMs) : user.role;
}

async function roleOf(userId: string, email: string, maxAgeMs: number): Promise<Role> {
  const d = await db();
  const [row] = await d.query<{ role: Role | null; role_checked_at: Date | null }>(
    "SELECT role, role_checked_at FROM users WHERE id = $1",
    [userId],
  );
  if (row?.role && row.role_checked_at && Date.now() - new Date(row.role_checked_at).getTime() < maxAgeMs) {
    return row.role;
  }
  let role: Role;
  try {
    role = env().adminEmails.includes(email.toLowerCase()) ? "admin" : await detect(userId);
  } catch (e) {
    // The grant is gone, and tokens.ts has ended every session of the user.
    if (e instanceof ReauthRequiredError) throw e;
    // Fail closed: with no fresh evidence no earlier role is kept (an admin who re-consented
    // without the courses scope, then was demoted, stayed admin). The least privilege for now;
    // the next request detects again.
    await d.query("UPDATE users SET role = NULL, role_checked_at = NULL WHERE id = $1", [userId]);
    console.warn(`[auth] role detection failed; least privilege until it succeeds: ${describeForLog(e)}`);
    return "student";
  }
  await d.query("UPDATE users SET role = $2, role_checked_at = now() WHERE id = $1", [userId, role]);
  return role;
}

/** detectRole with the user's token; a refusal that means the grant is gone ends the sessions. */
async function detect(userId: string): Promise<Role> {
  try {
    return (await detectRole(asAccessToken(await getGoogleAccessToken(userId), userId))).role;
  } catch (e) {
    if (!(isAppError(e) && e.code === "UNAUTHENTICATED")) throw e;
    // lib/google has renewed the token once already: a 401 now means the grant is unusable (a
    // deleted or disabled account, revoked access), so every session of the user ends.
    await endUserSessions(await db(), userId);
    throw new ReauthRequiredError("refresh-failed");
  }
}
