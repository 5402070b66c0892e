import "server-only";

import {
  planBulkInvite,
  resolveCourseRef,
  type BulkPreviewRow,
  type CourseResolution,
  type CourseSnapshot,
  type MemberRole,
  type PlanCourse,
  type PlanInputRow,
} from "@/lib/bulk/plan";
import { executeBatch, mapLimit } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { AppError, type AppErrorCode } from "@/lib/google/errors";

import { getMyUserId, listManagedCourses, type Caller } from "./access";
import { toCourse, type ApiCourse, type Course } from "./courses";
import {
  isDailyInvitationLimit,
  isOutcomeUnknown,
  listInvitations,
  listInvitationsForCourses,
  toInvitation,
  type ApiInvitation,
  type Invitation,
  type InvitationRole,
} from "./invitations";
import { getProfiles } from "./profiles";
import { getMembership, listStudents, listTeachers } from "./rosters";

/** Rosters read at once during a preview (each is one or more paged calls). */
const ROSTER_CONCURRENCY = 4;

function toPlanCourse(course: Course, canInvite: boolean, canInviteOwner: boolean): PlanCourse {
  return {
    id: course.id,
    name: course.name,
    ...(course.section ? { section: course.section } : {}),
    canInvite,
    canInviteOwner,
  };
}

/**
 * The dry run: reads only (courses.list, courses.get for ids and aliases not in the list,
 * invitations.list and rosters of the classes involved, userProfiles of pending invitees).
 * Nothing is created, changed or deleted.
 */
export async function previewBulkInvite(
  token: AccessToken,
  caller: Caller,
  rows: readonly PlanInputRow[],
): Promise<BulkPreviewRow[]> {
  const [courses, myId] = await Promise.all([
    listManagedCourses(token, caller),
    caller.role === "student" ? "" : getMyUserId(token),
  ]);
  const isAdmin = caller.role === "admin";
  const known = courses.map((c) => toPlanCourse(c, true, isAdmin || (myId !== "" && c.ownerId === myId)));
  const ownerOf = new Map(courses.map((c) => [c.id, c.ownerId]));

  // Ids and aliases that the list doesn't hold: ask courses.get, in one /batch round.
  const refs = [...new Set(rows.map((r) => r.course.trim()).filter((r) => r !== ""))];
  const unresolved = refs.filter(
    (ref) => resolveCourseRef(ref, known).kind === "unknown" && /^[A-Za-z0-9:_.\-]+$/.test(ref),
  );
  const extra = new Map<string, CourseResolution>();
  if (unresolved.length > 0) {
    const answers = await executeBatch<ApiCourse>(
      token,
      unresolved.map((ref) => ({ method: "GET" as const, path: `/v1/courses/${encodeURIComponent(ref)}` })),
    );
    answers.forEach((answer, i) => {
      const ref = unresolved[i]!;
      const course = answer.ok ? toCourse(answer.data) : null;
      if (!course) return;
      ownerOf.set(course.id, course.ownerId);
      const listed = known.find((k) => k.id === course.id);
      if (listed) extra.set(ref, { kind: "ok", course: listed });
      else if (isAdmin) extra.set(ref, { kind: "ok", course: toPlanCourse(course, true, true) });
      else extra.set(ref, { kind: "not_allowed", course: toPlanCourse(course, false, false) });
    });
  }
  const resolve = (ref: string): CourseResolution => extra.get(ref.trim()) ?? resolveCourseRef(ref, known);

  // Read the state of the classes that at least one row may be sent to.
  const first = planBulkInvite(rows, { resolveCourse: resolve, snapshot: () => undefined });
  const courseIds = [...new Set(first.filter((r) => r.status === "will_invite" && r.courseId).map((r) => r.courseId!))];
  const snapshots = await readSnapshots(token, courseIds, ownerOf);
  return planBulkInvite(rows, { resolveCourse: resolve, snapshot: (id) => snapshots.get(id) });
}

async function readSnapshots(
  token: AccessToken,
  courseIds: readonly string[],
  ownerOf: ReadonlyMap<string, string>,
): Promise<Map<string, CourseSnapshot>> {
  const out = new Map<string, CourseSnapshot>();
  if (courseIds.length === 0) return out;
  const [invitationLists, rosters] = await Promise.all([
    listInvitationsForCourses(token, courseIds),
    mapLimit(courseIds, ROSTER_CONCURRENCY, async (courseId) => {
      try {
        const [teachers, students] = await Promise.all([listTeachers(token, courseId), listStudents(token, courseId)]);
        return { teachers, students };
      } catch {
        return null; // unreadable roster: the row is still offered; Classroom decides on send
      }
    }),
  ]);

  const inviteeIds = invitationLists.flatMap((l) => l.invitations.map((i) => i.userId));
  const profiles = await getProfiles(token, inviteeIds).catch(() => new Map<string, { email?: string } | null>());

  courseIds.forEach((courseId, i) => {
    const list = invitationLists[i]!;
    const roster = rosters[i];
    if (list.error || !roster) return;
    const members = new Map<string, MemberRole>();
    for (const s of roster.students) if (s.profile.email) members.set(s.profile.email.toLowerCase(), "STUDENT");
    // The owner is listed among the teachers (docs/classroom-api.md §5.1).
    for (const t of roster.teachers) {
      if (t.profile.email)
        members.set(t.profile.email.toLowerCase(), t.userId === ownerOf.get(courseId) ? "OWNER" : "TEACHER");
    }
    const invitations = new Map<string, { id: string; role: InvitationRole }>();
    for (const inv of list.invitations) {
      const email = profiles.get(inv.userId)?.email?.toLowerCase();
      if (email) invitations.set(email, { id: inv.id, role: inv.role });
    }
    out.set(courseId, {
      members,
      invitations,
      pendingOwnerInvitation: list.invitations.some((inv) => inv.role === "OWNER"),
    });
  });
  return out;
}

// ---------------------------------------------------------------------------
// Send

export type SendRow = { line: number; email: string; courseId: string; role: InvitationRole };

export type SendOutcome =
  | { ok: true; invitation: Invitation; alreadyInvited: boolean; reconciled: boolean }
  | { ok: false; error: AppError; existing?: Invitation };

/**
 * invitations.create for up to 50 rows in one /batch request. Creates are never re-posted
 * (executeBatch re-sends POST parts only when the whole batch was refused with 429). Lost
 * answers are reconciled by listing, and ALREADY_EXISTS with the same role counts as done,
 * which makes "Retry failed rows" safe after a dropped response.
 */
export async function sendInvitations(token: AccessToken, rows: readonly SendRow[]): Promise<SendOutcome[]> {
  if (rows.length === 0) return [];
  const answers = await executeBatch<ApiInvitation>(
    token,
    rows.map((r) => ({
      method: "POST" as const,
      path: "/v1/invitations",
      body: { courseId: r.courseId, userId: r.email, role: r.role },
    })),
  );
  return mapLimit(rows, 4, async (row, i): Promise<SendOutcome> => {
    const answer = answers[i]!;
    if (answer.ok) {
      const invitation = toInvitation(answer.data);
      if (invitation) return { ok: true, invitation, alreadyInvited: false, reconciled: false };
      return { ok: false, error: new AppError({ code: "UNKNOWN" }) };
    }
    return explain(token, row, answer.error);
  });
}

async function explain(token: AccessToken, row: SendRow, error: AppError): Promise<SendOutcome> {
  const lookup = () =>
    listInvitations(token, { courseId: row.courseId, userId: row.email })
      .then((found) => found.find((inv) => inv.courseId === row.courseId) ?? found[0])
      .catch(() => undefined);

  if (isOutcomeUnknown(error) || error.code === "ALREADY_EXISTS") {
    const existing = await lookup();
    if (existing && existing.role === row.role) {
      return { ok: true, invitation: existing, alreadyInvited: error.code === "ALREADY_EXISTS", reconciled: true };
    }
    if (existing) return { ok: false, error: rewrap(error, "ALREADY_EXISTS"), existing };
    return { ok: false, error };
  }
  // The class was checked before sending, so an unknown "course or user" is the user.
  if (error.code === "NOT_FOUND") return { ok: false, error: rewrap(error, "USER_NOT_FOUND") };
  if (error.code === "FAILED_PRECONDITION" && !error.reason) {
    const membership = await getMembership(token, row.courseId, row.email).catch(() => undefined);
    if (membership === undefined) return { ok: false, error };
    return { ok: false, error: rewrap(error, membership ? "ALREADY_MEMBER" : "ACCOUNT_DISABLED") };
  }
  if (isDailyInvitationLimit(error)) return { ok: false, error: rewrap(error, "INVITATION_QUOTA_REACHED") };
  return { ok: false, error };
}

function rewrap(error: AppError, code: AppErrorCode): AppError {
  return new AppError({
    code,
    httpStatus: error.httpStatus,
    status: error.status,
    reason: error.reason,
    correlationId: error.correlationId,
  });
}
