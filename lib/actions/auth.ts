"use server";

import { cookies } from "next/headers";
import { z } from "zod";

import { signIn, signOut } from "@/lib/auth/auth";
import { sessionTokensIn } from "@/lib/auth/cookies";
import { dismissPermissionNotice } from "@/lib/auth/permission-notice";
import { getMissingPermissions } from "@/lib/auth/permissions";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getCurrentUser } from "@/lib/auth/session";

import { sessionAction } from "./safe-action";

/**
 * The sign-in form's data. Only same-origin paths: an open redirect after sign-in would be a
 * phishing aid. The default, /start, sends invitees with pending invitations to them and
 * everyone else home. A public endpoint: anything but the form's FormData is a typed refusal.
 */
const signInForm = z
  .instanceof(FormData, { message: "Sign in from the sign-in button." })
  .transform((form) => safeReturnPath(form.get("callbackUrl")) ?? "/start");

export const signInAction = sessionAction({ schema: signInForm }, async (redirectTo): Promise<never> => {
  // Signing in while signed in starts as a different person: end the current session first (the
  // sign-in callback ends it again if the browser still carries it; lib/auth/identity.ts). Same
  // redirectTo: Auth.js keeps sign-out's target in a cookie that the sign-in would land on.
  if (sessionTokensIn((await cookies()).getAll()).length > 0) await signOut({ redirect: false, redirectTo });
  // Redirects to Google's account chooser: the wrapper passes the redirect on.
  return signIn("google", { redirectTo });
});

/** The sign-out and dismiss forms: they send nothing the action reads. */
const emptyForm = z.union([z.instanceof(FormData), z.undefined()]);

export const signOutAction = sessionAction({ schema: emptyForm }, async (): Promise<never> => {
  // Deletes the database session: the old cookie is worthless from here on.
  return signOut({ redirectTo: "/?signedOut=1" });
});

/**
 * The permission notice's Dismiss button. Who is asking and what they lack are the server's own
 * reads (nothing comes from the form); a signed-out caller has no notice to dismiss.
 */
export const dismissPermissionNoticeAction = sessionAction({ schema: emptyForm }, async (): Promise<void> => {
  const user = await getCurrentUser();
  if (user) await dismissPermissionNotice(user.id, await getMissingPermissions(user.id));
});
