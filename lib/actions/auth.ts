"use server";

import { z } from "zod";

import { signIn, signOut } from "@/lib/auth/auth";

/**
 * Only same-site paths: an open redirect after sign-in would be a phishing aid. The default,
 * /start, sends invitees with pending invitations to them and everyone else home.
 */
const callbackSchema = z
  .string()
  .regex(/^\/(?!\/)[\w\-./?=&%]*$/)
  .catch("/start");

export async function signInAction(formData: FormData) {
  // A public endpoint: anything may arrive, not only the form's FormData.
  const raw = formData instanceof FormData ? formData.get("callbackUrl") : null;
  const redirectTo = callbackSchema.parse(raw ?? "/start");
  await signIn("google", { redirectTo });
}

export async function signOutAction() {
  // Deletes the database session: the old cookie is worthless from here on.
  await signOut({ redirectTo: "/?signedOut=1" });
}
