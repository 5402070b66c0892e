import "server-only";

import NextAuth from "next-auth";
import Google from "next-auth/providers/google";

import { db } from "@/lib/db";
import { env, GOOGLE_SCOPES } from "@/lib/env";
import { missingPermissions } from "./scopes";

import { classroomAdapter } from "./adapter";
import { sessionCookie, sessionTokensIn } from "./cookies";
import { verifyIdToken } from "./id-token";
import { claimEmail, endSessions } from "./identity";
import { storeSignInTokens } from "./tokens";

/**
 * next-auth v5 (Auth.js), database sessions: the cookie carries an opaque
 * session id; Google tokens stay in the database (sealed). The same Google
 * provider serves production and the demo emulator; only its endpoints differ
 * (lib/env.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth((req) => {
  const e = env();
  return {
    secret: e.authSecret,
    trustHost: true,
    adapter: classroomAdapter(db, e.authSecret),
    session: { strategy: "database", maxAge: e.sessionMaxAgeSeconds, updateAge: 24 * 60 * 60 },
    ...(sessionCookie(e.publicUrl) ? { cookies: { sessionToken: sessionCookie(e.publicUrl) } } : {}),
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      Google({
        clientId: e.google.clientId,
        clientSecret: e.google.clientSecret,
        issuer: e.google.issuer,
        authorization: {
          url: e.google.authorizationUrl,
          params: {
            scope: GOOGLE_SCOPES.join(" "),
            // offline + consent: Google returns a refresh token only on a consented offline grant.
            access_type: "offline",
            prompt: "consent",
            include_granted_scopes: "true",
            ...(e.google.hostedDomain ? { hd: e.google.hostedDomain } : {}),
          },
        },
        token: e.google.tokenUrl,
        userinfo: e.google.userinfoUrl,
        // Google's own accounts are the identity; one Google account = one dashboard user.
        allowDangerousEmailAccountLinking: false,
      }),
    ],
    callbacks: {
      // Runs after Google answered and before Auth.js looks the account up (lib/auth/identity.ts).
      async signIn({ profile, account }) {
        // Auth.js checks the id_token's claims, not its signature: the profile below is only
        // trusted once the issuer's own keys vouch for it.
        if (!(await verifyIdToken(account?.id_token, profile?.sub ?? undefined))) return false;
        const d = await db();
        // Whoever is signed in on this browser is signed out first, so Auth.js never links the
        // new Google account to them: on a shared computer that merged two people into one user.
        if (req) await endSessions(d, sessionTokensIn(req.cookies.getAll()));
        const hd = e.google.hostedDomain;
        // `hd` in the request is only a hint to Google's UI; the id_token claim is what counts.
        if (hd && profile?.hd !== hd) return "/signin?error=WrongDomain";
        if (profile?.email_verified === false || !profile?.email || !account?.providerAccountId) return false;
        // Google's consent screen lets the user untick a Classroom permission. Without an essential
        // one the dashboard can't work: turn the sign-in back, naming every missing one and why.
        const missing = missingPermissions(account.scope);
        if (missing.some((p) => p.essential))
          return `/signin?error=MissingScopes&missing=${missing.map((p) => p.name).join(",")}`;
        await claimEmail(d, {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: profile.email,
          name: profile.name,
          image: typeof profile.picture === "string" ? profile.picture : null,
        });
        return true;
      },
      // /api/auth/session is readable by any script on the origin: it carries who the user is
      // and nothing else. With database sessions `session` also holds `sessionToken` (the
      // HttpOnly cookie's value) and `userId`; spreading it would hand the session to any XSS.
      session: ({ session, user }) =>
        ({
          expires: session.expires,
          user: { id: user.id, name: user.name, email: user.email, image: user.image },
        }) as typeof session,
    },
    events: {
      async signIn({ user, account, isNewUser }) {
        if (!isNewUser && user.id && account?.provider === "google") await storeSignInTokens(user.id, account);
      },
    },
  };
});
