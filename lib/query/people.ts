import "server-only";

import { getProfiles } from "@/lib/classroom/profiles";
import { db } from "@/lib/db";
import type { AccessToken } from "@/lib/google/client";

import { takeCalls } from "./call-budget";
import type { PersonSummary } from "./invitations";

/**
 * Names and emails for user ids (issue 3 §1, issue 5 §3). Three tiers, cheapest first:
 * 1. memory, per signed-in user, for a few minutes (never shared between users);
 * 2. the `profile_cache` table, so a second visit needs no profile calls;
 * 3. userProfiles.get through /batch for the rest.
 *
 * The database tier is keyed by profile id only: a listing asks for an id only after the
 * viewer's own Classroom call returned an invitation naming it, so the viewer is already
 * entitled to see that person.
 */
const MEMORY_TTL_MS = 10 * 60_000;
const DB_TTL_MS = 7 * 24 * 60 * 60_000;
const MAX_USERS_IN_MEMORY = 200;
const PROFILES_PER_BATCH = 50;

type Entry = { person: PersonSummary | null; at: number };
const key = Symbol.for("classroom-invitations.people-cache");
type Holder = { [key]?: Map<string, Map<string, Entry>> };

function memoryFor(viewerId: string): Map<string, Entry> {
  const g = globalThis as Holder;
  const all = (g[key] ??= new Map());
  let mine = all.get(viewerId);
  if (!mine) {
    if (all.size >= MAX_USERS_IN_MEMORY) all.delete(all.keys().next().value!);
    mine = new Map();
    all.set(viewerId, mine);
  }
  return mine;
}

/**
 * The free tiers: memory, then the database. Returns the ids still unknown, for
 * `fetchPeople`. Calls `onPeople` with what it found.
 */
export async function resolveCachedPeople(
  viewerId: string,
  ids: Iterable<string>,
  onPeople: (people: PersonSummary[], unknown: string[]) => void,
): Promise<string[]> {
  const now = Date.now();
  const memory = memoryFor(viewerId);
  let pending = [...new Set(ids)].filter((id) => id);
  if (pending.length === 0) return [];

  const fromMemory: PersonSummary[] = [];
  const unknownFromMemory: string[] = [];
  pending = pending.filter((id) => {
    const hit = memory.get(id);
    if (!hit || now - hit.at > MEMORY_TTL_MS) return true;
    if (hit.person) fromMemory.push(hit.person);
    else unknownFromMemory.push(id);
    return false;
  });
  if (fromMemory.length || unknownFromMemory.length) onPeople(fromMemory, unknownFromMemory);
  if (pending.length === 0) return [];

  const rows = await (
    await db()
  ).query<{ user_id: string; email: string | null; name: string | null; fetched_at: Date | string }>(
    "SELECT user_id, email, name, fetched_at FROM profile_cache WHERE user_id = ANY($1::text[])",
    [pending],
  );
  const fromDb: PersonSummary[] = [];
  const fresh = new Set<string>();
  for (const r of rows) {
    if (now - new Date(r.fetched_at).getTime() > DB_TTL_MS || !r.name) continue;
    const person: PersonSummary = { id: r.user_id, name: r.name, ...(r.email ? { email: r.email } : {}) };
    fromDb.push(person);
    fresh.add(r.user_id);
    memory.set(r.user_id, { person, at: now });
  }
  if (fromDb.length) onPeople(fromDb, []);
  return pending.filter((id) => !fresh.has(id));
}

/**
 * userProfiles.get through /batch, 50 at a time, each batch paced by the caller's quota
 * budget; results go to memory and the database. Ids Classroom cannot show come back null.
 */
export async function fetchPeople(
  viewerId: string,
  token: AccessToken,
  ids: readonly string[],
  onPeople: (people: PersonSummary[], unknown: string[]) => void,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  const memory = memoryFor(viewerId);
  const d = await db();
  for (let i = 0; i < ids.length; i += PROFILES_PER_BATCH) {
    if (opts.signal?.aborted) return;
    const chunk = ids.slice(i, i + PROFILES_PER_BATCH);
    await takeCalls(viewerId, chunk.length, opts.signal);
    const profiles = await getProfiles(token, chunk, { concurrency: 1, signal: opts.signal });
    const now = Date.now();
    const found: PersonSummary[] = [];
    const missing: string[] = [];
    for (const id of chunk) {
      const p = profiles.get(id);
      if (p) {
        const person: PersonSummary = { id, name: p.name, ...(p.email ? { email: p.email } : {}) };
        found.push(person);
        memory.set(id, { person, at: now });
      } else {
        missing.push(id);
        memory.set(id, { person: null, at: now });
      }
    }
    onPeople(found, missing);
    if (found.length) {
      await d
        .query(
          `INSERT INTO profile_cache (user_id, email, name, fetched_at)
           SELECT u, e, n, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, e, n)
           ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, fetched_at = now()`,
          [found.map((p) => p.id), found.map((p) => p.email ?? null), found.map((p) => p.name)],
        )
        .catch((e: unknown) => console.error("[people] profile_cache write failed", e instanceof Error ? e.message : e));
    }
  }
}
