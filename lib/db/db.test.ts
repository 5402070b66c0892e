import { afterAll, describe, expect, it } from "vitest";

import { MIGRATIONS } from "./migrations";
import { migrate, openDatabase, splitStatements, type Db } from "./open";

/**
 * The same schema must run on the embedded default (PGlite) and on a real
 * Postgres. CI sets TEST_DATABASE_URL to a throw-away Postgres database.
 */
const targets: { name: string; open: () => Promise<Db> }[] = [
  { name: "pglite", open: () => openDatabase({ kind: "pglite", dataDir: "memory://" }) },
];
if (process.env.TEST_DATABASE_URL) {
  targets.push({
    name: "postgres",
    open: () => openDatabase({ kind: "postgres", url: process.env.TEST_DATABASE_URL! }),
  });
}

describe("splitStatements", () => {
  it("splits on semicolons at line ends and drops comments", () => {
    expect(splitStatements("-- hi\nCREATE TABLE a (x int);\nCREATE INDEX b ON a (x);\n")).toEqual([
      "CREATE TABLE a (x int)",
      "CREATE INDEX b ON a (x)",
    ]);
  });
});

describe.each(targets)("database on $name", ({ name, open }) => {
  let d: Db;
  // The Postgres target is a throw-away database; leave it clean for the next run.
  afterAll(async () => {
    if (name === "postgres" && d) {
      await d.query(
        "DROP TABLE IF EXISTS sessions, accounts, users, activity_log, invitation_meta, profile_cache, identity_repairs, jobs, job_items, invitation_ledger, quota_leases, roster_profiles, roster_runs, schema_migrations CASCADE",
      );
    }
    await d?.close();
  });

  it("applies every migration on open, and none twice", async () => {
    d = await open();
    const ids = (await d.query<{ id: number }>("SELECT id FROM schema_migrations ORDER BY id")).map((r) => r.id);
    expect(ids).toEqual(MIGRATIONS.map((m) => m.id).sort((a, b) => a - b));
    expect(await migrate(d)).toEqual([]);
  });

  it("creates the tables the app uses", async () => {
    const tables = (
      await d.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
      )
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining(["accounts", "activity_log", "invitation_meta", "profile_cache", "sessions", "users"]),
    );
  });

  it("rolls a failed transaction back", async () => {
    await expect(
      d.transaction(async (tx) => {
        await tx.query("INSERT INTO users (email, name) VALUES ('rollback@example.com', 'R')");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await d.query("SELECT 1 FROM users WHERE email = 'rollback@example.com'")).toEqual([]);
  });

  it("cascades a user's accounts and sessions on delete", async () => {
    const [u] = await d.query<{ id: string }>(
      "INSERT INTO users (email, name) VALUES ('cascade@example.com', 'C') RETURNING id",
    );
    await d.query(
      "INSERT INTO accounts (user_id, type, provider, provider_account_id) VALUES ($1, 'oidc', 'google', '42')",
      [u!.id],
    );
    await d.query("INSERT INTO sessions (session_hash, user_id, expires) VALUES ('h', $1, now() + interval '1 day')", [
      u!.id,
    ]);
    await d.query("DELETE FROM users WHERE id = $1", [u!.id]);
    expect(await d.query("SELECT 1 FROM accounts WHERE user_id = $1", [u!.id])).toEqual([]);
    expect(await d.query("SELECT 1 FROM sessions WHERE user_id = $1", [u!.id])).toEqual([]);
  });

  it("serialises concurrent migrations (several app instances starting at once)", async () => {
    const results = await Promise.all([migrate(d), migrate(d), migrate(d)]);
    expect(results.flat()).toEqual([]);
  });
});
