import { chmod, mkdir } from "node:fs/promises";

import type { PGlite } from "@electric-sql/pglite";

import { MIGRATIONS, type Migration } from "./migrations";

export type Row = Record<string, unknown>;

/** The small surface the app needs; both PGlite and node-postgres sit behind it. */
export interface Db {
  readonly kind: "pglite" | "postgres";
  /**
   * The embedded instance itself, for the job queue (lib/jobs/queue.ts): a PGlite data
   * directory can be opened only once per process, so the queue shares this one.
   */
  readonly pglite?: PGlite;
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; rolled back if it throws. */
  transaction<T>(fn: (tx: Pick<Db, "query">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DbConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export async function openDatabase(config: DbConfig): Promise<Db> {
  const database = config.kind === "postgres" ? await openPostgres(config.url) : await openPglite(config.dataDir);
  await migrate(database);
  return database;
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (!dataDir.startsWith("memory://")) await ownerOnlyDir(dataDir);
  const pg = await PGlite.create(dataDir);
  return {
    kind: "pglite",
    pglite: pg,
    async query<T extends Row>(text: string, params?: unknown[]) {
      return (await pg.query<T>(text, params)).rows;
    },
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({ query: async <T extends Row>(t: string, p?: unknown[]) => (await tx.query<T>(t, p)).rows }),
      ),
    close: () => pg.close(),
  };
}

/**
 * The data directory holds users' sealed Google tokens and sessions: readable by its owner
 * only, like Postgres' own (initdb refuses a group- or world-readable one). A directory left
 * by an older version with the umask's mode is tightened too.
 */
export async function ownerOnlyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

async function openPostgres(url: string): Promise<Db> {
  const { Pool } = (await import("pg")).default;
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection that Postgres ends (a restart, a failover, an administrator) emits an
  // error on the pool; unheard, it would end the process. The pool opens a new one when needed.
  pool.on("error", (e) => console.error("[db] idle Postgres connection lost:", e.message));
  return {
    kind: "postgres",
    async query<T extends Row>(text: string, params?: unknown[]) {
      return (await pool.query<T>(text, params)).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <T extends Row>(t: string, p?: unknown[]) => (await client.query<T>(t, p)).rows,
        });
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Arbitrary but fixed: serialises migrations across app instances sharing one Postgres. */
const MIGRATION_LOCK = 7_240_117;

export async function migrate(database: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return database.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set((await tx.query<{ id: number }>("SELECT id FROM schema_migrations")).map((r) => r.id));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      // Statements are split because node-postgres' extended protocol takes one at a time.
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}

/** Migrations hold no procedural code, so splitting on `;` at line ends is safe. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}
