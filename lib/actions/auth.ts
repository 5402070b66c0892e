"use server";

import { cookies } from "next/headers";
import { z } from "zod";

import { signIn, signOut } from "@/lib/auth/auth";
import { sessionTokensIn } from "@/lib/auth/cookies";
import { safeReturnPath } from "@/lib/auth/return-path";

/**
 * Only same-origin paths: an open redirect after sign-in would be a phishing aid. The default,
 * /start, sends invitees with pending invitations to them and everyone else home.
 */
const callbackSchema = z.unknown().transform((raw) => safeReturnPath(raw) ?? "/start");

export async function signInAction(formData: FormData) {
  // A public endpoint: anything may arrive, not only the form's FormData.
  const raw = formData instanceof FormData ? formData.get("callbackUrl") : null;
  const redirectTo = callbackSchema.parse(raw);
  // Signing in while signed in starts as a different person: end the current session first (the
  // sign-in callback ends it again if the browser still carries it; lib/auth/identity.ts). Same
  // redirectTo: Auth.js keeps sign-out's target in a cookie that the sign-in would land on.
  if (sessionTokensIn((await cookies()).getAll()).length > 0) await signOut({ redirect: false, redirectTo });
  await signIn("google", { redirectTo });
}

export async function signOutAction() {
  // Deletes the database session: the old cookie is worthless from here on.
  await signOut({ redirectTo: "/?signedOut=1" });
}
