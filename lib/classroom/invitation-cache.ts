import "server-only";
// Per-course invitation lists cached per user in memory. A domain-wide list is
// 1,000 invitations.list calls: a reload a few seconds later would spend the same again and,
// with the names lookups, wait for the next quota window (~50 s). Entries live a minute and
// are dropped by the user's own writes (lib/actions call `invalidateInvitations`). Never
// shared across users: the key is the viewer, and what Classroom lists depends on who asks.
import type { BatchOptions } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";

import { announceOwnWrite } from "./cache-bus";
import { invalidateCourses } from "./course-cache";
import { listInvitationsForCourses, type CourseInvitations, type Invitation } from "./invitations";
import { viewerCache } from "./viewer-cache";

export const INVITATION_CACHE_TTL_MS = 60_000;
const MAX_VIEWERS = 200;

type Entry = { at: number; invitations: Invitation[] };
type ViewerCache = { courses: Map<string, Entry>; /** Bumped by every invalidation. */ epoch: number };
const caches = viewerCache<ViewerCache>("invitation-cache", MAX_VIEWERS, () => ({ courses: new Map(), epoch: 0 }));

export interface CachedInvitationsOptions extends BatchOptions {
  /** Entries older than this are read again; 0 reads everything fresh (and refills the cache). */
  maxAgeMs?: number;
  now?: () => number;
  /** Called per course as soon as it is known (from memory at once, the rest as Classroom answers). */
  onCourse?: (result: CourseInvitations) => void;
  /** Tests inject the reader. */
  list?: typeof listInvitationsForCourses;
}

/** A course's list and when it was asked of Classroom (ms; absent for a course with no answer). */
export type ListedInvitations = CourseInvitations & { listedAt?: number };

/**
 * listInvitationsForCourses for `viewerId`, answering from memory the courses read less than
 * `maxAgeMs` ago. Results keep the order of `courseIds`. Failed courses are never cached, and
 * a read that overlaps one of the viewer's own writes is not cached either.
 */
export async function listInvitationsForCoursesCached(
  token: AccessToken,
  viewerId: string,
  courseIds: readonly string[],
  opts: CachedInvitationsOptions = {},
): Promise<ListedInvitations[]> {
  const { maxAgeMs = INVITATION_CACHE_TTL_MS, now = Date.now, list = listInvitationsForCourses, ...batch } = opts;
  const cache = caches.for(viewerId);
  const t = now();
  const out = new Map<string, ListedInvitations>();
  const missing: string[] = [];
  for (const id of courseIds) {
    const hit = maxAgeMs > 0 ? cache.courses.get(id) : undefined;
    if (hit && t - hit.at <= maxAgeMs) {
      const result = { courseId: id, invitations: hit.invitations, listedAt: hit.at };
      out.set(id, result);
      opts.onCourse?.(result);
    } else missing.push(id);
  }
  if (missing.length) {
    const epoch = cache.epoch;
    // Taken before asking: a list can't hold what was made after it was asked for, so this is
    // the time it speaks for (lib/db/invitation-meta.ts closes invitations by it).
    const at = now();
    const fresh = await list(token, missing, batch);
    for (const r of fresh) {
      out.set(r.courseId, { ...r, listedAt: at });
      if (!r.error && cache.epoch === epoch) cache.courses.set(r.courseId, { at, invitations: r.invitations });
    }
  }
  return courseIds.map((id) => out.get(id) ?? { courseId: id, invitations: [] });
}

/**
 * After the user's own write (create, revoke, change role, bulk, accept): drops their cached
 * lists of those courses, or all of them. Other users' entries are untouched; they expire.
 */
export function invalidateInvitations(viewerId: string, courseIds?: readonly string[]): void {
  const mine = caches.peek(viewerId);
  if (!mine) return;
  mine.epoch++;
  if (!courseIds) mine.courses.clear();
  else for (const id of courseIds) mine.courses.delete(id);
}

/**
 * Runs one of the user's writes, then forgets their cached lists (invitations and courses:
 * accepting an invitation adds a class), so their next read shows what they just did.
 */
export async function afterOwnWrite<T>(viewerId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    forgetViewerLists(viewerId);
    // The user's next read may land on another instance: tell them too (cache-bus.ts).
    await announceOwnWrite(viewerId);
  }
}

/** Drops a user's cached invitation and course lists on this instance. */
export function forgetViewerLists(viewerId: string): void {
  invalidateInvitations(viewerId);
  invalidateCourses(viewerId);
}

/** Tests. */
export function clearInvitationCache(): void {
  caches.clear();
}
