import "server-only";

import { getProfilesCached } from "@/lib/classroom/profile-cache";
import type { Profile } from "@/lib/classroom/profiles";
import { runInBackground, type AccessToken } from "@/lib/classroom/client";

import type { PersonSummary } from "@/lib/view/invitations";

/**
 * Names and emails for user ids, through the per-viewer profile
 * cache (lib/classroom/profile-cache.ts: memory → `profile_cache` table → userProfiles.get).
 * Callers pass only ids that came back from the viewer's own Classroom calls.
 */
type OnPeople = (people: PersonSummary[], unknown: string[]) => void;

/** Ids per getProfilesCached call: 2 /batch requests, so names arrive in steady steps. */
const IDS_PER_STEP = 100;

function report(onPeople: OnPeople) {
  return (profiles: Map<string, Profile | null>) => {
    const people: PersonSummary[] = [];
    const unknown: string[] = [];
    profiles.forEach((p, id) => {
      if (p) people.push({ id, name: p.name, ...(p.email ? { email: p.email } : {}) });
      else unknown.push(id);
    });
    if (people.length || unknown.length) onPeople(people, unknown);
  };
}

/** The free tiers only (memory, database). Returns the ids still unknown, for `fetchPeople`. */
export async function resolveCachedPeople(
  token: AccessToken,
  viewerId: string,
  ids: readonly string[],
  onPeople: OnPeople,
): Promise<string[]> {
  const { profiles } = await getProfilesCached(token, viewerId, ids, {
    cachedOnly: true,
    onProfiles: report(onPeople),
  });
  return [...new Set(ids)].filter((id) => id && !profiles.has(id));
}

/**
 * userProfiles.get for the rest, in the scheduler's background lane: the lookups (thousands
 * for a district) yield to the same user's clicks and leave part of their quota free for them.
 */
export async function fetchPeople(
  token: AccessToken,
  viewerId: string,
  ids: readonly string[],
  onPeople: OnPeople,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  await runInBackground(async () => {
    for (let i = 0; i < ids.length; i += IDS_PER_STEP) {
      if (opts.signal?.aborted) return;
      await getProfilesCached(token, viewerId, ids.slice(i, i + IDS_PER_STEP), {
        signal: opts.signal,
        concurrency: 2,
        onProfiles: report(onPeople),
      });
    }
  });
}
