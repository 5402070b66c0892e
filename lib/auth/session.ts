import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";

import { detectRole } from "@/lib/classroom/me";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { asAccessToken, type AccessToken } from "@/lib/google/client";

import { auth } from "./auth";
import { getGoogleAccessToken, ReauthRequiredError } from "./tokens";

export type { Role } from "./roles";
import type { Role } from "./roles";
export type CurrentUser = { id: string; name: string; email: string; image: string | null; role: Role };

/** Roles change rarely (a teacher gets a class, an admin is appointed); re-derive every 10 minutes. */
const ROLE_TTL_MS = 10 * 60 * 1000;

/**
 * The data-access entry point for "who is asking". Deduplicated per request
 * with React `cache()`; nothing is shared across requests or users.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session.user?.email) return null;
  const role = await roleOf(id, session.user.email);
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
  if (!user) redirect("/signin");
  return user;
}

/** For pages: the user's Google token; an unusable grant sends them to sign in again. */
export async function requireToken(user: Pick<CurrentUser, "id">): Promise<AccessToken> {
  try {
    return asAccessToken(await getGoogleAccessToken(user.id), user.id);
  } catch (e) {
    if (e instanceof ReauthRequiredError) redirect("/signin?error=SessionExpired");
    throw e;
  }
}

async function roleOf(userId: string, email: string): Promise<Role> {
  const d = await db();
  const [row] = await d.query<{ role: Role | null; role_checked_at: Date | null }>(
    "SELECT role, role_checked_at FROM users WHERE id = $1",
    [userId],
  );
  if (row?.role && row.role_checked_at && Date.now() - new Date(row.role_checked_at).getTime() < ROLE_TTL_MS) {
    return row.role;
  }
  let role: Role;
  if (env().adminEmails.includes(email.toLowerCase())) role = "admin";
  else {
    try {
      role = (await detectRole(asAccessToken(await getGoogleAccessToken(userId), userId))).role;
    } catch (e) {
      if (e instanceof ReauthRequiredError) redirect("/signin?error=SessionExpired");
      // Classroom unavailable: keep the last known role rather than locking the user out.
      if (row?.role) return row.role;
      throw e;
    }
  }
  await d.query("UPDATE users SET role = $2, role_checked_at = now() WHERE id = $1", [userId, role]);
  return role;
}
