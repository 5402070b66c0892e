import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { DemoBadge } from "@/components/layout/demo-badge";
import { Logo } from "@/components/layout/logo";
import { PermissionList } from "@/components/layout/permission-list";
import { SignInButton } from "@/components/layout/sign-in-button";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getCurrentUser, getSessionIdentity } from "@/lib/auth/session";
import { permissionsNamed } from "@/lib/auth/scopes";

export const metadata: Metadata = { title: "Sign in" };

/** Auth.js error codes and our own, each with what happened and what to do. */
const ERRORS: Record<string, string> = {
  SessionExpired: "Your Google sign-in has expired or was revoked. Sign in again to continue.",
  WrongDomain: "That Google account is not part of this school's domain. Sign in with your school account.",
  AccessDenied:
    "Google did not allow the sign-in. Make sure you use your school account and grant the requested access.",
  OAuthCallbackError: "Google sign-in was cancelled or failed. Please try again.",
  Configuration: "Sign-in is misconfigured on the server. Ask your administrator to check the Google OAuth settings.",
  Verification: "That sign-in link is no longer valid. Please try again.",
  MissingScopes:
    "You signed in but didn't allow every Classroom permission the dashboard needs, so you were not signed in. Grant access again and keep these ticked:",
  OAuthAccountNotLinked:
    "That Google account could not be matched to one dashboard user. Sign in again; if it keeps happening, ask your administrator.",
};
const DEFAULT_ERROR = "Sign-in did not complete. Please try again.";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; callbackUrl?: string; missing?: string }>;
}) {
  const { error, callbackUrl, missing } = await searchParams;
  const missingPerms = error === "MissingScopes" ? permissionsNamed(missing) : [];
  const returnTo = safeReturnPath(callbackUrl);
  if (!error && (await getCurrentUser())) redirect(returnTo ?? "/home");
  const message = error ? (ERRORS[error] ?? DEFAULT_ERROR) : null;
  // A signed-in browser gets no plain sign-in button: the one below signs that account out first.
  const signedIn = error ? await getSessionIdentity() : null;
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4">
      <div className="w-full max-w-md rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between">
          <Logo />
        </div>
        <h1 className="mt-8 text-2xl font-semibold">Sign in</h1>
        <p className="mt-2 text-sm text-slate-600">
          Use your school Google account. The dashboard acts with your own Classroom permissions: teachers manage their
          classes, admins the whole domain, students their own invitations.
        </p>
        {message ? (
          <div role="alert" className="mt-6 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
            <p>{message}</p>
            {missingPerms.length > 0 ? <PermissionList permissions={missingPerms} /> : null}
          </div>
        ) : null}
        {signedIn ? (
          <p className="mt-6 text-sm text-slate-700">
            This browser is signed in as <strong className="font-medium">{signedIn.email}</strong>. Signing in again
            signs that account out first.
          </p>
        ) : null}
        <div className="mt-8">
          <SignInButton
            callbackUrl={returnTo ?? "/start"}
            label={
              missingPerms.length > 0
                ? "Grant access again"
                : signedIn
                  ? "Sign out and sign in again"
                  : "Sign in with Google"
            }
          />
        </div>
        <div className="mt-6">
          <DemoBadge />
        </div>
      </div>
    </main>
  );
}
