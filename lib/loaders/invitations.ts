import "server-only";

import { listManagedCourses } from "@/lib/classroom/access";
import { quotaAwareMaxAge } from "@/lib/classroom/course-cache";
import { getCourse, type Course } from "@/lib/classroom/courses";
import { listInvitationsForCoursesCached } from "@/lib/classroom/invitation-cache";
import type { AccessToken } from "@/lib/classroom/client";
import { mapLimit } from "@/lib/map-limit";
import { isAppError, toAppError, toPublicError } from "@/lib/classroom/errors";

import { recordListing } from "@/lib/db/invitation-meta";
import {
  applyInvitationsEvent,
  emptySnapshot,
  type CourseSummary,
  type InvitationItem,
  type PersonSummary,
  type InvitationsEvent,
  type InvitationsSnapshot,
} from "@/lib/view/invitations";

import { fetchPeople, resolveCachedPeople } from "./people";
import { ForbiddenError, type Viewer } from "./viewer";

/** Classroom's batch limit (50 calls per request): one batch call per chunk of courses. */
const COURSES_PER_CHUNK = 50;
/**
 * Batch calls in flight at once. 1,000 courses are 20 chunks, so 4 at a time is 5 waves:
 * fast, while 200 calls in flight stay far inside the 1,200 per user per minute quota.
 */
const CHUNKS_IN_FLIGHT = 4;

export function toCourseSummary(c: Course): CourseSummary {
  return { id: c.id, name: c.name, ...(c.section ? { section: c.section } : {}), state: c.state, ownerId: c.ownerId };
}

/**
 * The courses named by `courseIds`, after checking on the server that the viewer may read
 * them. A teacher may read only courses they teach (hiding them in the UI is not a check);
 * an admin any course in the domain.
 */
export async function authorizeCourses(
  viewer: Viewer,
  token: AccessToken,
  courseIds: readonly string[],
  signal?: AbortSignal,
): Promise<Course[]> {
  const unique = [...new Set(courseIds)];
  if (viewer.role === "admin") return Promise.all(unique.map((id) => getCourse(token, id, { signal })));
  const mine = new Map((await listManagedCourses(token, viewer, signal)).map((c) => [c.id, c]));
  return unique.map((id) => {
    const course = mine.get(id);
    if (!course) throw new ForbiddenError();
    return course;
  });
}

type ListOptions = { signal?: AbortSignal; courses?: Course[] };

/**
 * Lists every pending invitation of the viewer's courses, emitting events as Classroom
 * answers: the courses first, then each chunk of 50 courses' invitations (one /batch call
 * each, a few in flight), then names and emails as they resolve. The final count is known at
 * "listed", before the names finish, so the page states it as early as possible.
 */
async function listInto(
  viewer: Viewer,
  token: AccessToken,
  emit: (event: InvitationsEvent) => void,
  opts: ListOptions,
): Promise<void> {
  const { signal } = opts;
  const courses = opts.courses ?? (await listManagedCourses(token, viewer, signal));
  emit({ t: "courses", scope: viewer.role === "admin" ? "admin" : "teacher", courses: courses.map(toCourseSummary) });

  const people = peopleQueue(viewer, token, emit, signal);
  people.add(courses.map((c) => c.ownerId));

  const chunks: string[][] = [];
  for (let i = 0; i < courses.length; i += COURSES_PER_CHUNK) {
    chunks.push(courses.slice(i, i + COURSES_PER_CHUNK).map((c) => c.id));
  }
  // A read of chosen courses (after a write, "Retry these classes") is always fresh.
  const maxAgeMs = opts.courses ? 0 : quotaAwareMaxAge(token, courses.length);
  await mapLimit(chunks, CHUNKS_IN_FLIGHT, async (courseIds) => {
    const results = await listInvitationsForCoursesCached(token, viewer.id, courseIds, {
      concurrency: 1,
      signal,
      maxAgeMs,
    });
    const found = results.flatMap((r) => r.invitations);
    // Every course read whole is also a look at what left its list (accepted, revoked…): the
    // lifecycle is observed from reads the list makes anyway, never with calls of its own.
    const listed = results.flatMap((r) =>
      !r.error && r.listedAt !== undefined ? [{ courseId: r.courseId, at: r.listedAt }] : [],
    );
    // The history table is a bonus: a database hiccup must not hide the invitations.
    const meta = await recordListing(found, listed).catch((e: unknown) => {
      console.error("[invitations] invitation_meta write failed", e instanceof Error ? e.message : e);
      return new Map<string, never>();
    });
    const invitations: InvitationItem[] = found.map((i) => ({
      id: i.id,
      courseId: i.courseId,
      userId: i.userId,
      role: i.role,
      inviterEmail: meta.get(i.id)?.inviterEmail ?? null,
      firstSeenAt: meta.get(i.id)?.firstSeenAt ?? null,
    }));
    const failures = results.filter((r) => r.error).map((r) => ({ courseId: r.courseId, ...toPublicError(r.error!) }));
    emit({ t: "invitations", courseIds, invitations, failures });
    people.add(found.map((i) => i.userId));
  });
  emit({ t: "listed" });
  await people.fetchRest();
  emit({ t: "done" });
}

/**
 * The same listing as a stream (GET /api/invitations/stream): a failure becomes the stream's
 * last event, with our own text, since the answer's status is long sent by then.
 */
export async function streamInvitations(
  viewer: Viewer,
  token: AccessToken,
  emit: (event: InvitationsEvent) => void,
  opts: ListOptions = {},
): Promise<void> {
  try {
    await listInto(viewer, token, emit, opts);
  } catch (e) {
    if (opts.signal?.aborted) return;
    if (e instanceof ForbiddenError) {
      emit({ t: "error", error: { code: "FORBIDDEN", message: e.message } });
      return;
    }
    const error = isAppError(e) ? e : toAppError(e, { signal: opts.signal });
    emit({ t: "error", error: toPublicError(error) });
  }
}

/**
 * The same listing, collected into one snapshot (server prefetch, JSON reads, export). A
 * failure throws, so a route answers with the failure's own status (401 for a grant Google no
 * longer accepts, 403, 429…) rather than a blanket 502.
 */
export async function loadInvitationsSnapshot(
  viewer: Viewer,
  token: AccessToken,
  opts: ListOptions = {},
): Promise<InvitationsSnapshot> {
  let snapshot = emptySnapshot();
  await listInto(viewer, token, (e) => (snapshot = applyInvitationsEvent(snapshot, e)), opts);
  return snapshot;
}

/**
 * Names and emails. Cached people (memory, database) are filled in as each chunk of courses
 * arrives; Classroom lookups for the rest wait until every course is listed, so they never
 * delay the count or compete with the listing for the user's quota, and then go owners
 * first, in the scheduler's background lane.
 */
function peopleQueue(viewer: Viewer, token: AccessToken, emit: (e: InvitationsEvent) => void, signal?: AbortSignal) {
  const seen = new Set<string>();
  const misses: string[] = [];
  let cached: Promise<void> = Promise.resolve();
  const onPeople = (people: PersonSummary[], unknown: string[]) => {
    if (people.length || unknown.length) emit({ t: "people", people, unknown });
  };
  return {
    add(ids: readonly string[]) {
      const fresh = ids.filter((id) => id && !seen.has(id));
      for (const id of fresh) seen.add(id);
      if (fresh.length === 0) return;
      cached = cached
        .then(() => resolveCachedPeople(token, viewer.id, fresh, onPeople))
        .then((missing) => void misses.push(...missing))
        .catch((e: unknown) => {
          console.error("[invitations] profile cache read failed", e instanceof Error ? e.message : e);
          misses.push(...fresh);
        });
    },
    async fetchRest() {
      await cached;
      try {
        await fetchPeople(token, viewer.id, misses, onPeople, { signal });
      } catch (e) {
        // Names are decoration: the rows stay, showing the user id.
        if (!signal?.aborted) console.error("[invitations] profile lookup failed", e instanceof Error ? e.message : e);
      }
    },
  };
}
