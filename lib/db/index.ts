import "server-only";

import { env } from "@/lib/env";

import { openDatabase, type Db } from "./open";

export type { Db, Row } from "./open";

/**
 * One database per server process, shared across Next's module graphs through
 * globalThis (route handlers, server actions and RSC may load separate copies
 * of this module). Migrations run on first use.
 */
const key = Symbol.for("classroom-invitations.db");
type Holder = { [key]?: Promise<Db> };

export function db(): Promise<Db> {
  const g = globalThis as Holder;
  g[key] ??= openDatabase(env().database).catch((e: unknown) => {
    delete g[key];
    throw e;
  });
  return g[key];
}
