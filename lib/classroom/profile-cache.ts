import "server-only";
// Cached profile lookups: memory per viewer → the `profile_cache` table →
// userProfiles.get through /batch. A second visit needs no profile calls.
//
// Never shared across users: the memory tier is per viewer (and also remembers who Classroom
// would not show that viewer). The table is keyed by profile id only and holds what any
// viewer entitled to that id sees (name, email, photo); so callers must pass only ids that
// came back from the viewer's own Classroom calls (an invitation's userId, a course's
// ownerId), never ids from the browser.
import type { BatchOptions } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { db } from "@/lib/db";

import { getProfiles, type Profile } from "./profiles";
import { viewerCache } from "./viewer-cache";

export const PROFILE_MEMORY_TTL_MS = 10 * 60_000;
/** Names and emails change rarely; a week-old name is fine for a list (the row shows the id otherwise). */
export const PROFILE_DB_TTL_MS = 7 * 24 * 60 * 60_000;
const MAX_VIEWERS = 500;
const MAX_ENTRIES_PER_VIEWER = 50_000;

type Entry = { profile: Profile | null; at: number };
const memories = viewerCache<Map<string, Entry>>("profile-cache", MAX_VIEWERS, () => new Map());

/** Drops one viewer's memory tier (sign-out), or everyone's (tests). */
export function clearProfileMemory(viewerId?: string): void {
  memories.clear(viewerId);
}

export interface CachedProfilesOptions extends BatchOptions {
  now?: () => number;
  /** Answer from memory and the database only: ids they don't know are left out of the result. */
  cachedOnly?: boolean;
  /** Called per tier as profiles resolve, for streaming UIs. */
  onProfiles?: (profiles: Map<string, Profile | null>, source: "memory" | "database" | "classroom") => void;
}

export interface CachedProfilesResult {
  profiles: Map<string, Profile | null>;
  /** How many ids each tier answered. */
  hits: { memory: number; database: number; classroom: number };
}

/**
 * Profiles by numeric id for `viewerId`, cheapest tier first. Ids Classroom won't show come
 * back null (cached in the viewer's memory only: visibility is per viewer).
 */
export async function getProfilesCached(
  token: AccessToken,
  viewerId: string,
  userIds: readonly string[],
  opts: CachedProfilesOptions = {},
): Promise<CachedProfilesResult> {
  const now = (opts.now ?? Date.now)();
  const memory = memories.for(viewerId);
  const out = new Map<string, Profile | null>();
  const hits = { memory: 0, database: 0, classroom: 0 };
  let pending = [...new Set(userIds.filter(Boolean))];

  const fromMemory = new Map<string, Profile | null>();
  pending = pending.filter((id) => {
    const hit = memory.get(id);
    if (!hit || now - hit.at > PROFILE_MEMORY_TTL_MS) return true;
    fromMemory.set(id, hit.profile);
    return false;
  });
  if (fromMemory.size) {
    hits.memory = fromMemory.size;
    fromMemory.forEach((p, id) => out.set(id, p));
    opts.onProfiles?.(fromMemory, "memory");
  }
  if (pending.length === 0) return { profiles: out, hits };

  const database = await db().catch(() => undefined);
  if (database) {
    const rows = await database
      .query<{
        user_id: string;
        email: string | null;
        name: string | null;
        photo_url: string | null;
        fetched_at: Date | string;
      }>("SELECT user_id, email, name, photo_url, fetched_at FROM profile_cache WHERE user_id = ANY($1::text[])", [
        pending,
      ])
      .catch(() => []);
    const fromDb = new Map<string, Profile | null>();
    for (const r of rows) {
      if (!r.name || now - new Date(r.fetched_at).getTime() > PROFILE_DB_TTL_MS) continue;
      const profile: Profile = { id: r.user_id, name: r.name };
      if (r.email) profile.email = r.email;
      if (r.photo_url) profile.photoUrl = r.photo_url;
      fromDb.set(r.user_id, profile);
      remember(memory, r.user_id, profile, now);
    }
    if (fromDb.size) {
      hits.database = fromDb.size;
      fromDb.forEach((p, id) => out.set(id, p));
      opts.onProfiles?.(fromDb, "database");
      pending = pending.filter((id) => !fromDb.has(id));
    }
  }
  if (pending.length === 0 || opts.cachedOnly) return { profiles: out, hits };

  const fetched = await getProfiles(token, pending, opts);
  hits.classroom = fetched.size;
  const found: Profile[] = [];
  fetched.forEach((profile, id) => {
    out.set(id, profile);
    remember(memory, id, profile, now);
    if (profile) found.push(profile);
  });
  opts.onProfiles?.(fetched, "classroom");
  if (database && found.length) {
    await database
      .query(
        `INSERT INTO profile_cache (user_id, email, name, photo_url, fetched_at)
         SELECT u, e, n, p, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(u, e, n, p)
         ON CONFLICT (user_id) DO UPDATE
           SET email = EXCLUDED.email, name = EXCLUDED.name, photo_url = EXCLUDED.photo_url, fetched_at = now()`,
        [
          found.map((p) => p.id),
          found.map((p) => p.email ?? null),
          found.map((p) => p.name),
          found.map((p) => p.photoUrl ?? null),
        ],
      )
      // The cache is an optimisation: a write failure must not fail the lookup.
      .catch((e: unknown) => console.error("[profile-cache] write failed", e instanceof Error ? e.message : e));
  }
  return { profiles: out, hits };
}

function remember(memory: Map<string, Entry>, id: string, profile: Profile | null, at: number): void {
  memory.delete(id);
  memory.set(id, { profile, at });
  if (memory.size > MAX_ENTRIES_PER_VIEWER) memory.delete(memory.keys().next().value!);
}

/**
 * Classroom names people by numeric id; the activity log names them by email (best effort).
 * Through the viewer's profile cache, which the list they acted from has just filled: a revoke of
 * 500 then reads no profile again.
 */
export async function emailsOf(
  token: AccessToken,
  viewerId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((v) => /^\d+$/.test(v)))];
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  try {
    const { profiles } = await getProfilesCached(token, viewerId, ids);
    for (const id of ids) {
      const email = profiles.get(id)?.email;
      if (email) out.set(id, email.toLowerCase());
    }
  } catch {
    // keep the numeric ids
  }
  return out;
}
