import "server-only";

import { db } from "@/lib/db";
import { MIGRATIONS } from "@/lib/db/migrations";

import { isDraining } from "./shutdown";

export type Readiness =
  | { ready: true; database: "pglite" | "postgres"; migrations: number }
  | { ready: false; reason: "draining" | "database-unreachable" | "migrations-pending" };

/** How long the database may take to answer before the instance counts as not ready. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether this instance should get traffic: not shutting down, its database answers, and every
 * migration this build knows is applied (an instance of a newer build waits for its migrations;
 * one of an older build is still ready, since migrations only add).
 */
export async function readiness(): Promise<Readiness> {
  if (isDraining()) return { ready: false, reason: "draining" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), CHECK_TIMEOUT_MS);
  });
  try {
    const check = (async () => {
      const d = await db();
      const rows = await d.query<{ id: number }>("SELECT id FROM schema_migrations");
      return { kind: d.kind, applied: new Set(rows.map((r) => Number(r.id))) };
    })();
    const result = await Promise.race([check, timeout]);
    if (result === "timeout") return { ready: false, reason: "database-unreachable" };
    if (!MIGRATIONS.every((m) => result.applied.has(m.id))) return { ready: false, reason: "migrations-pending" };
    return { ready: true, database: result.kind, migrations: result.applied.size };
  } catch {
    return { ready: false, reason: "database-unreachable" };
  } finally {
    clearTimeout(timer);
  }
}
