import "server-only";

import NextAuth from "next-auth";
import Google from "next-auth/providers/google";

import { db } from "@/lib/db";
import { env, GOOGLE_SCOPES } from "@/lib/env";

import { classroomAdapter } from "./adapter";
import { storeSignInTokens } from "./tokens";

/**
 * next-auth v5 (Auth.js), database sessions: the cookie carries an opaque
 * session id; Google tokens stay in the database (sealed). The same Google
 * provider serves production and the demo emulator; only its endpoints differ
 * (lib/env.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const e = env();
  return {
    secret: e.authSecret,
    trustHost: true,
    adapter: classroomAdapter(db, e.authSecret),
    session: { strategy: "database", maxAge: e.sessionMaxAgeSeconds, updateAge: 24 * 60 * 60 },
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
      signIn({ profile }) {
        const hd = e.google.hostedDomain;
        // `hd` in the request is only a hint to Google's UI; the id_token claim is what counts.
        if (hd && profile?.hd !== hd) return "/signin?error=WrongDomain";
        return profile?.email_verified !== false;
      },
      // Never copy tokens into the session: /api/auth/session is readable by the browser.
      session: ({ session, user }) => ({
        ...session,
        user: { id: user.id, name: user.name, email: user.email, image: user.image },
      }),
    },
    events: {
      async signIn({ user, account, isNewUser }) {
        if (!isNewUser && user.id && account?.provider === "google") await storeSignInTokens(user.id, account);
      },
    },
  };
});
