import "server-only";
// Cross-instance invalidation of the per-user caches (course-cache.ts, invitation-cache.ts).
// A user's write through one instance drops their cached lists there at once; instances on the
// same Postgres hear of it over LISTEN/NOTIFY and drop theirs within the notification's delivery
// time (milliseconds). If the listening connection is down, entries still expire by their own
// TTL (60 s), and the listener reconnects. With PGlite there is one process and nothing to tell.
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const CHANNEL = "classroom_invitations_own_write";

/** Tells every instance (this one included) that `viewerId` just wrote. */
export async function announceOwnWrite(viewerId: string): Promise<void> {
  try {
    if (env().database.kind !== "postgres") return;
    const d = await db();
    await d.query("SELECT pg_notify($1, $2)", [CHANNEL, viewerId]);
  } catch (e) {
    // The write itself succeeded; other instances' entries still expire by their TTL.
    console.error("[cache] notify failed:", e instanceof Error ? e.message : e);
  }
}

const listenerKey = Symbol.for("classroom-invitations.cache-listener");
type Holder = { [listenerKey]?: { stop: () => Promise<void> } };

/**
 * Listens for other instances' announcements on a connection of its own (a pooled one would be
 * handed to other queries), reconnecting a second after it drops. Returns a stop function.
 */
export async function listenForOwnWrites(
  url: string,
  onWrite: (viewerId: string) => void,
): Promise<() => Promise<void>> {
  const { Client } = (await import("pg")).default;
  let stopped = false;
  let client: InstanceType<typeof Client> | undefined;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new Client({ connectionString: url });
    client = c;
    const retry = () => {
      if (client !== c || stopped) return;
      client = undefined;
      c.end().catch(() => undefined);
      setTimeout(() => void connect(), 1_000).unref();
    };
    c.on("error", retry);
    c.on("end", retry);
    c.on("notification", (n) => {
      if (n.channel === CHANNEL && n.payload) onWrite(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      console.error("[cache] listen failed; retrying:", e instanceof Error ? e.message : e);
      retry();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

/** Server start: the process-wide listener, when the database is Postgres. */
export async function startCacheListener(onWrite: (viewerId: string) => void): Promise<void> {
  const database = env().database;
  const g = globalThis as Holder;
  if (database.kind !== "postgres" || g[listenerKey]) return;
  g[listenerKey] = { stop: await listenForOwnWrites(database.url, onWrite) };
}

export async function stopCacheListener(): Promise<void> {
  const g = globalThis as Holder;
  const l = g[listenerKey];
  delete g[listenerKey];
  await l?.stop();
}
