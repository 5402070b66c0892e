/**
 * The invitations list as data: the wire format of the NDJSON stream served by
 * `GET /api/invitations/stream`, and the pure reducer that folds it into one snapshot. The
 * server loader (lib/loaders/invitations.ts) builds its snapshot with the same reducer the
 * browser uses (lib/query/invitations.ts), so both always agree.
 */
export type { InvitationRole } from "@/lib/concepts";
import type { InvitationRole } from "@/lib/concepts";

export type CourseSummary = {
  id: string;
  name: string;
  section?: string;
  state: string;
  ownerId: string;
};

export type PersonSummary = { id: string; name: string; email?: string };

export type InvitationItem = {
  id: string;
  courseId: string;
  /** Classroom's numeric user id of the invitee. */
  userId: string;
  role: InvitationRole;
  /** Set when the invitation was created through the dashboard. */
  inviterEmail: string | null;
  /** When the dashboard created it or first listed it (RFC 3339). */
  firstSeenAt: string | null;
};

export type PublicErrorInfo = { code: string; message: string };

export type CourseFailure = { courseId: string } & PublicErrorInfo;

export type InvitationsSnapshot = {
  scope: "admin" | "teacher";
  courses: Record<string, CourseSummary>;
  /** Null until courses.list has answered. */
  coursesTotal: number | null;
  coursesLoaded: number;
  invitations: InvitationItem[];
  /** Resolved people by user id; null = Classroom has no visible profile for that id. */
  people: Record<string, PersonSummary | null>;
  failures: CourseFailure[];
  /** Every course's invitations have been listed: the count is final. */
  listed: boolean;
  /** Names and emails have been resolved as far as they can be. */
  complete: boolean;
  error: PublicErrorInfo | null;
};

export type InvitationsEvent =
  | { t: "courses"; scope: "admin" | "teacher"; courses: CourseSummary[] }
  | { t: "invitations"; courseIds: string[]; invitations: InvitationItem[]; failures: CourseFailure[] }
  | { t: "people"; people: PersonSummary[]; unknown: string[] }
  | { t: "listed" }
  | { t: "done" }
  | { t: "error"; error: PublicErrorInfo };

export const emptySnapshot = (): InvitationsSnapshot => ({
  scope: "teacher",
  courses: {},
  coursesTotal: null,
  coursesLoaded: 0,
  invitations: [],
  people: {},
  failures: [],
  listed: false,
  complete: false,
  error: null,
});

/** Pure and immutable: TanStack Query compares snapshots by identity. */
export function applyInvitationsEvent(state: InvitationsSnapshot, event: InvitationsEvent): InvitationsSnapshot {
  switch (event.t) {
    case "courses": {
      const courses: Record<string, CourseSummary> = {};
      for (const c of event.courses) courses[c.id] = c;
      return { ...state, scope: event.scope, courses, coursesTotal: event.courses.length, coursesLoaded: 0 };
    }
    case "invitations": {
      const replaced = new Set(event.courseIds);
      const kept = state.invitations.filter((i) => !replaced.has(i.courseId));
      return {
        ...state,
        invitations:
          kept.length === state.invitations.length && event.invitations.length === 0
            ? state.invitations
            : [...kept, ...event.invitations],
        failures: [...state.failures.filter((f) => !replaced.has(f.courseId)), ...event.failures],
        coursesLoaded: Math.min(state.coursesLoaded + event.courseIds.length, state.coursesTotal ?? Infinity),
      };
    }
    case "people": {
      if (event.people.length === 0 && event.unknown.length === 0) return state;
      const people = { ...state.people };
      for (const p of event.people) people[p.id] = p;
      for (const id of event.unknown) people[id] ??= null;
      return { ...state, people };
    }
    case "listed":
      return { ...state, listed: true, coursesLoaded: state.coursesTotal ?? state.coursesLoaded };
    case "done":
      return { ...state, listed: true, complete: true };
    case "error":
      return { ...state, error: event.error, listed: true, complete: true };
  }
}

/** Removes invitations (optimistic revoke); returns the new snapshot and what was removed. */
export function withoutInvitations(state: InvitationsSnapshot, ids: ReadonlySet<string>) {
  const removed: InvitationItem[] = [];
  const invitations = state.invitations.filter((i) => {
    if (!ids.has(i.id)) return true;
    removed.push(i);
    return false;
  });
  return { snapshot: { ...state, invitations }, removed };
}

/** Puts invitations back (a failed revoke), skipping any the list already has again. */
export function withInvitations(state: InvitationsSnapshot, items: readonly InvitationItem[]): InvitationsSnapshot {
  const have = new Set(state.invitations.map((i) => i.id));
  const add = items.filter((i) => !have.has(i.id));
  return add.length ? { ...state, invitations: [...state.invitations, ...add] } : state;
}

/** Replaces the invitations of some courses with a fresh read of just those courses. */
export function mergeCourseSnapshot(state: InvitationsSnapshot, fresh: InvitationsSnapshot): InvitationsSnapshot {
  const courseIds = Object.keys(fresh.courses);
  let next = applyInvitationsEvent(state, {
    t: "invitations",
    courseIds,
    invitations: fresh.invitations,
    failures: fresh.failures,
  });
  next = { ...next, courses: { ...next.courses, ...fresh.courses }, coursesLoaded: state.coursesLoaded };
  return applyInvitationsEvent(next, {
    t: "people",
    people: Object.values(fresh.people).filter((p): p is PersonSummary => p !== null),
    unknown: Object.entries(fresh.people)
      .filter(([, p]) => p === null)
      .map(([id]) => id),
  });
}
