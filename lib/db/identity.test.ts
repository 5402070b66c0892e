import { afterAll, describe, expect, it } from "vitest";

import { claimEmail, endSessions } from "@/lib/auth/identity";
import { hashSessionToken } from "@/lib/auth/crypto";

import { MIGRATIONS } from "./migrations";
import { migrate, openDatabase, type Db } from "./open";

/**
 * Migration 3 repairs databases written before one Google account per dashboard user was
 * enforced: a merged user (two Google accounts) is split, one user per Google account.
 */
const REPAIR = MIGRATIONS.find((m) => m.name === "one-google-account-per-user")!;

describe("migration: one Google account per dashboard user", () => {
  let d: Db;
  afterAll(async () => {
    await d?.close();
  });

  it("splits a merged user, ends its sessions, keeps its history, and then refuses a second account", async () => {
    // The database as it was before the repair: only the earlier migrations.
    d = await openRaw();
    await migrate(
      d,
      MIGRATIONS.filter((m) => m.id < REPAIR.id),
    );
    await d.query(
      "INSERT INTO users (id, name, email, role, role_checked_at) VALUES ('u-t2', 'Jonah', 'teacher2@northwood.edu', 'teacher', now()), ('u-ok', 'Ana', 'ana@northwood.edu', 'student', now())",
    );
    await d.query(
      `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token) VALUES
         ('u-t2', 'oidc', 'google', 'sub-teacher2', 'sealed-t2'),
         ('u-t2', 'oidc', 'google', 'sub-student', 'sealed-student'),
         ('u-ok', 'oidc', 'google', 'sub-ana', 'sealed-ana')`,
    );
    await d.query(
      "INSERT INTO sessions (session_hash, user_id, expires) VALUES ('h1', 'u-t2', now() + interval '1 day'), ('h2', 'u-ok', now() + interval '1 day')",
    );
    await d.query(
      "INSERT INTO activity_log (actor_id, actor_email, action, outcome) VALUES ('u-t2', 'teacher2@northwood.edu', 'revoke', 'ok')",
    );

    expect(await migrate(d)).toContain(REPAIR.id);

    const accounts = await d.query<{ user_id: string; provider_account_id: string; access_token: string }>(
      "SELECT user_id, provider_account_id, access_token FROM accounts ORDER BY provider_account_id",
    );
    const bySub = Object.fromEntries(accounts.map((a) => [a.provider_account_id, a]));
    // Each Google account of the merged user has a user of its own, with its own tokens.
    expect(bySub["sub-teacher2"]!.user_id).not.toBe("u-t2");
    expect(bySub["sub-student"]!.user_id).not.toBe("u-t2");
    expect(bySub["sub-teacher2"]!.user_id).not.toBe(bySub["sub-student"]!.user_id);
    expect(bySub["sub-student"]!.access_token).toBe("sealed-student");
    // An unaffected user is untouched.
    expect(bySub["sub-ana"]!.user_id).toBe("u-ok");

    const sessions = await d.query<{ user_id: string }>("SELECT user_id FROM sessions");
    expect(sessions.map((s) => s.user_id)).toEqual(["u-ok"]);
    const [merged] = await d.query<{ email: string; role: string | null }>(
      "SELECT email, role FROM users WHERE id = 'u-t2'",
    );
    expect(merged).toEqual({ email: "teacher2@northwood.edu", role: null });
    const [history] = await d.query<{ actor_id: string }>("SELECT actor_id FROM activity_log");
    expect(history!.actor_id).toBe("u-t2");
    const repairs = await d.query<{ old_user_id: string }>("SELECT old_user_id FROM identity_repairs");
    expect(repairs.map((r) => r.old_user_id)).toEqual(["u-t2", "u-t2"]);

    // From now on the schema itself refuses a second Google account for a user.
    await expect(
      d.query(
        "INSERT INTO accounts (user_id, type, provider, provider_account_id) VALUES ('u-ok', 'oidc', 'google', 'sub-other')",
      ),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});

describe("claimEmail: the sub is the identity", () => {
  let d: Db;
  afterAll(async () => {
    await d?.close();
  });

  it("gives a known address to a new sub: the old user's sessions end, its tokens go, its history stays", async () => {
    d = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await d.query(
      "INSERT INTO users (id, name, email, role, role_checked_at) VALUES ('old', 'Dana', 'admin@x.edu', 'admin', now())",
    );
    await d.query(
      "INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token, refresh_token) VALUES ('old', 'oidc', 'google', 'sub-1', 'a', 'r')",
    );
    await d.query(
      "INSERT INTO sessions (session_hash, user_id, expires) VALUES ($1, 'old', now() + interval '1 day')",
      [hashSessionToken("cookie-1")],
    );
    await d.query(
      "INSERT INTO activity_log (actor_id, actor_email, action, outcome) VALUES ('old', 'admin@x.edu', 'revoke', 'ok')",
    );

    const identity = { provider: "google", providerAccountId: "sub-2", email: "Admin@x.edu" };
    expect(await claimEmail(d, identity)).toEqual(["old"]);
    const [old] = await d.query("SELECT email, former_email, role FROM users WHERE id = 'old'");
    expect(old).toEqual({ email: null, former_email: "admin@x.edu", role: null });
    expect(await d.query("SELECT 1 FROM sessions WHERE user_id = 'old'")).toEqual([]);
    expect(await d.query("SELECT access_token, refresh_token FROM accounts WHERE user_id = 'old'")).toEqual([
      { access_token: null, refresh_token: null },
    ]);
    expect(await d.query("SELECT actor_id FROM activity_log")).toEqual([{ actor_id: "old" }]);
    // Auth.js now creates the new user with the address, and links sub-2 to it.
    await d.query("INSERT INTO users (id, email) VALUES ('new', 'admin@x.edu')");
    await d.query(
      "INSERT INTO accounts (user_id, type, provider, provider_account_id) VALUES ('new', 'oidc', 'google', 'sub-2')",
    );

    // Signing in again as sub-2 changes nothing; the old sub coming back takes its address back.
    expect(await claimEmail(d, identity)).toEqual([]);
    expect(await claimEmail(d, { ...identity, providerAccountId: "sub-1" })).toEqual(["new"]);
    const rows = await d.query("SELECT id, email FROM users ORDER BY id");
    expect(rows).toEqual([
      { id: "new", email: null },
      { id: "old", email: "admin@x.edu" },
    ]);
  });

  it("endSessions ends exactly the sessions whose cookies are given", async () => {
    await d.query(
      "INSERT INTO sessions (session_hash, user_id, expires) VALUES ($1, 'old', now() + interval '1 day'), ($2, 'old', now() + interval '1 day')",
      [hashSessionToken("a"), hashSessionToken("b")],
    );
    await endSessions(d, ["a"]);
    expect(await d.query("SELECT session_hash FROM sessions")).toEqual([{ session_hash: hashSessionToken("b") }]);
  });
});

/** An empty PGlite, without the automatic migration of openDatabase. */
async function openRaw(): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = await PGlite.create("memory://");
  return {
    kind: "pglite",
    query: async (t, p) => (await pg.query(t, p)).rows as never,
    transaction: (fn) => pg.transaction((tx) => fn({ query: async (t, p) => (await tx.query(t, p)).rows as never })),
    close: () => pg.close(),
  };
}
