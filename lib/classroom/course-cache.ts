import "server-only";
// Course lists cached per user in memory. A domain's course list is the first
// call of every invitations view and changes rarely (a new class, an archive), so one read
// serves a user's page, its stream and its export for a short while. Concurrent callers share
// one request. Never shared across users: the key is the viewer, and what courses.list
// returns depends on who asks.
import type { CallOptions } from "@/lib/google/call";
import type { AccessToken } from "@/lib/google/client";
import { quotaKeyFor } from "@/lib/google/quota";
import { getScheduler } from "@/lib/google/scheduler-instance";

import { listCourses, type Course, type ListCoursesFilter } from "./courses";
import { viewerCache } from "./viewer-cache";

/** Fresh for a minute: long enough for one visit's reads, short enough that a new class shows up soon. */
export const COURSE_CACHE_TTL_MS = 60_000;
const MAX_VIEWERS = 500;

type Entry = { at: number; value: Promise<Course[]> };
const caches = viewerCache<Map<string, Entry>>("course-cache", MAX_VIEWERS, () => new Map());

/**
 * How old a cached read (courses or invitations) may be, for a read of `calls` requests.
 * Fresh whenever the user's quota has room for the whole read now; a recent (≤ 60 s) cached
 * one only when a fresh read would have to wait for the quota window, e.g. a reload right
 * after a domain-wide listing (1,000 calls) and its name lookups. So the cache never trades
 * freshness for nothing, and never makes anyone wait ~a minute.
 */
export function quotaAwareMaxAge(token: AccessToken, calls: number): number {
  return getScheduler().remaining(quotaKeyFor(token)) >= calls ? 0 : COURSE_CACHE_TTL_MS;
}

/** listCourses for `viewerId`, from memory when read less than `ttlMs` ago. */
export async function listCoursesCached(
  token: AccessToken,
  viewerId: string,
  filter: ListCoursesFilter = {},
  opts: CallOptions & { ttlMs?: number; now?: () => number } = {},
): Promise<Course[]> {
  const now = (opts.now ?? Date.now)();
  const cache = caches.for(viewerId);
  const id = JSON.stringify([filter.teacherId, filter.studentId, filter.states, filter.maxPages, filter.pageSize]);
  const hit = cache.get(id);
  const ttl = opts.ttlMs ?? COURSE_CACHE_TTL_MS;
  // ttl 0: read fresh, and keep that read for the next caller.
  if (hit && ttl > 0 && now - hit.at <= ttl) return opts.signal ? raceAbort(hit.value, opts.signal) : hit.value;
  // The signal belongs to one caller; a shared read must not be cancelled by it.
  const value = listCourses(token, filter, { retry: opts.retry });
  const entry = { at: now, value };
  cache.set(id, entry);
  value.catch(() => cache.get(id) === entry && cache.delete(id)); // never cache a failure
  return opts.signal ? raceAbort(value, opts.signal) : value;
}

/** After a change the user made (a class created, archived…), or at sign-out. */
export function invalidateCourses(viewerId?: string): void {
  caches.clear(viewerId);
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
