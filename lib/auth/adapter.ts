import "server-only";

import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";

import type { Db } from "@/lib/db";

import { hashSessionToken, tokenCipher } from "./crypto";

/** A Google account that is already some dashboard user's, or a user that already has one. */
export class AccountConflictError extends Error {
  override name = "AccountConflictError";
  constructor() {
    super("This Google account or dashboard user is already linked");
  }
}

type UserRow = { id: string; name: string | null; email: string; email_verified: Date | null; image: string | null };

/** Google's expires_in is not kept by Auth.js; the lifetime sets how early we refresh. */
export const lifetimeOf = (expiresAt: number | undefined) =>
  expiresAt ? Math.max(1, expiresAt - Math.floor(Date.now() / 1000)) : null;

const toUser = (r: UserRow): AdapterUser => ({
  id: r.id,
  name: r.name,
  email: r.email,
  emailVerified: r.email_verified,
  image: r.image,
});

/**
 * Auth.js database adapter over our own `Db` (PGlite or Postgres). Only what a
 * Google-only, database-session setup calls is implemented. Tokens are sealed
 * before they are written; sessions are stored by hash.
 */
export function classroomAdapter(getDb: () => Promise<Db>, secret: string): Adapter {
  const cipher = tokenCipher(secret);
  const seal = (v: string | undefined | null) => (v ? cipher.encrypt(v) : null);

  return {
    async createUser(user) {
      const d = await getDb();
      const [row] = await d.query<UserRow>(
        // No ON CONFLICT: an address already in use means the sign-in did not go through
        // claimEmail (lib/auth/identity.ts), and failing beats handing over someone else's user.
        `INSERT INTO users (name, email, email_verified, image) VALUES ($1, lower($2), $3, $4)
         RETURNING id, name, email, email_verified, image`,
        [user.name ?? null, user.email, user.emailVerified ?? null, user.image ?? null],
      );
      return toUser(row!);
    },
    async getUser(id) {
      const [row] = await (
        await getDb()
      ).query<UserRow>("SELECT id, name, email, email_verified, image FROM users WHERE id = $1", [id]);
      return row ? toUser(row) : null;
    },
    async getUserByEmail(email) {
      const [row] = await (
        await getDb()
      ).query<UserRow>("SELECT id, name, email, email_verified, image FROM users WHERE email = lower($1)", [email]);
      return row ? toUser(row) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const [row] = await (
        await getDb()
      ).query<UserRow>(
        `SELECT u.id, u.name, u.email, u.email_verified, u.image FROM users u
         JOIN accounts a ON a.user_id = u.id WHERE a.provider = $1 AND a.provider_account_id = $2`,
        [provider, providerAccountId],
      );
      return row ? toUser(row) : null;
    },
    async updateUser(user) {
      const [row] = await (
        await getDb()
      ).query<UserRow>(
        `UPDATE users SET name = COALESCE($2, name), image = COALESCE($3, image)
         WHERE id = $1 RETURNING id, name, email, email_verified, image`,
        [user.id, user.name ?? null, user.image ?? null],
      );
      return toUser(row!);
    },
    async deleteUser(id) {
      await (await getDb()).query("DELETE FROM users WHERE id = $1", [id]);
    },
    async linkAccount(account: AdapterAccount) {
      // Auth.js links only an account it found no user for. A conflict here (the account belongs
      // to another user, or this user already has a Google account) must fail the sign-in:
      // never move an account between users or give a user a second one. Later sign-ins store
      // their tokens through storeSignInTokens. The id_token is deliberately not stored.
      const rows = await (
        await getDb()
      ).query(
        `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token, refresh_token,
                               expires_at, token_lifetime, token_type, scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [
          account.userId,
          account.type,
          account.provider,
          account.providerAccountId,
          seal(account.access_token),
          seal(account.refresh_token),
          account.expires_at ?? null,
          lifetimeOf(account.expires_at),
          account.token_type ?? null,
          account.scope ?? null,
        ],
      );
      if (rows.length === 0) throw new AccountConflictError();
    },
    async unlinkAccount({ provider, providerAccountId }) {
      await (
        await getDb()
      ).query("DELETE FROM accounts WHERE provider = $1 AND provider_account_id = $2", [provider, providerAccountId]);
    },
    async createSession(session) {
      await (
        await getDb()
      ).query("INSERT INTO sessions (session_hash, user_id, expires) VALUES ($1, $2, $3)", [
        hashSessionToken(session.sessionToken),
        session.userId,
        session.expires,
      ]);
      return session;
    },
    async getSessionAndUser(sessionToken) {
      const [row] = await (
        await getDb()
      ).query<UserRow & { user_id: string; expires: Date }>(
        `SELECT s.user_id, s.expires, u.id, u.name, u.email, u.email_verified, u.image
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.session_hash = $1`,
        [hashSessionToken(sessionToken)],
      );
      if (!row) return null;
      const session: AdapterSession = { sessionToken, userId: row.user_id, expires: new Date(row.expires) };
      return { session, user: toUser(row) };
    },
    async updateSession(session) {
      if (!session.expires) return null;
      await (
        await getDb()
      ).query("UPDATE sessions SET expires = $2 WHERE session_hash = $1", [
        hashSessionToken(session.sessionToken),
        session.expires,
      ]);
      return null;
    },
    async deleteSession(sessionToken) {
      await (await getDb()).query("DELETE FROM sessions WHERE session_hash = $1", [hashSessionToken(sessionToken)]);
    },
  };
}
