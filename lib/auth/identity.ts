import "server-only";

import type { Db } from "@/lib/db";

import { hashSessionToken } from "./crypto";

/**
 * Who a sign-in is, decided before Auth.js looks anything up (the `signIn` callback runs first).
 *
 * The rule: a Google account is its `sub` (the id_token's subject), never its email address.
 * - One dashboard user per Google account and one Google account per dashboard user (the
 *   accounts table's primary key and its unique (user_id, provider) index).
 * - A sign-in never adds a Google account to the user who is signed in: the browser's current
 *   session ends first (`endSessions`), so Auth.js never sees a signed-in user to link to.
 * - An email address belongs to the Google account that last signed in with it. A new `sub`
 *   with a known address (a Workspace account deleted and re-created) becomes a new dashboard
 *   user; the old user's sessions end, its tokens are dropped, its address moves to
 *   `former_email`, and its activity history stays with it (`claimEmail`).
 */

/** Ends the sessions whose cookie values are given (the browser that is starting a sign-in). */
export async function endSessions(database: Pick<Db, "query">, sessionTokens: readonly string[]): Promise<void> {
  if (sessionTokens.length === 0) return;
  await database.query("DELETE FROM sessions WHERE session_hash = ANY($1::text[])", [
    sessionTokens.map(hashSessionToken),
  ]);
}

/** Ends every session of a user: their Google grant is gone, so nothing may go on in their name. */
export async function endUserSessions(database: Pick<Db, "query">, userId: string): Promise<void> {
  await database.query("DELETE FROM sessions WHERE user_id = $1", [userId]);
}

export type SignInIdentity = {
  provider: string;
  providerAccountId: string;
  email: string;
  name?: string | null;
  image?: string | null;
};

/**
 * Gives `identity.email` to the dashboard user of `identity`'s Google account (if it has one
 * yet), taking it from any other user first. Returns the ids of the users it was taken from.
 */
export async function claimEmail(database: Pick<Db, "transaction">, identity: SignInIdentity): Promise<string[]> {
  const email = identity.email.toLowerCase();
  return database.transaction(async (tx) => {
    const [owner] = await tx.query<{ user_id: string }>(
      "SELECT user_id FROM accounts WHERE provider = $1 AND provider_account_id = $2",
      [identity.provider, identity.providerAccountId],
    );
    const released = (
      await tx.query<{ id: string }>(
        `UPDATE users SET former_email = email, email = NULL, role = NULL, role_checked_at = NULL
         WHERE email = $1 AND id IS DISTINCT FROM $2 RETURNING id`,
        [email, owner?.user_id ?? null],
      )
    ).map((r) => r.id);
    if (released.length > 0) {
      await tx.query("DELETE FROM sessions WHERE user_id = ANY($1::text[])", [released]);
      // That Google account is gone: nothing may act with its grant again.
      await tx.query(
        `UPDATE accounts SET access_token = NULL, refresh_token = NULL, refresh_error = 'account_replaced',
           updated_at = now() WHERE user_id = ANY($1::text[])`,
        [released],
      );
    }
    if (owner) {
      // A sign-in is fresh evidence to collect (a re-consent may have dropped a scope): the role
      // is derived again on the next request.
      await tx.query("UPDATE users SET role_checked_at = NULL WHERE id = $1", [owner.user_id]);
      // The same Google account under a new address (renamed in Workspace): follow it.
      await tx.query(
        `UPDATE users SET email = $2, former_email = NULL, name = COALESCE($3, name), image = COALESCE($4, image)
         WHERE id = $1 AND email IS DISTINCT FROM $2`,
        [owner.user_id, email, identity.name ?? null, identity.image ?? null],
      );
    }
    return released;
  });
}
