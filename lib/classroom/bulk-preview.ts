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
import { COURSE_REF_PATTERN } from "@/lib/concepts";
import { mapLimit } from "@/lib/map-limit";
import type { AccessToken } from "@/lib/google/client";
import { env } from "@/lib/env";

import { canInviteOwner, getMyUserId, listManagedCourses, type Caller } from "./access";
import { getCoursesByRef, type Course } from "./courses";
import { domainRefusal, type JoinSetting } from "@/lib/domain-policy";
import { listInvitationsForCourses, type InvitationRole } from "./invitations";
import { getProfiles } from "./profiles";
import { listStudents, listTeachers } from "./rosters";

/** Rosters read at once during a preview (each is one or more paged calls). */
const ROSTER_CONCURRENCY = 4;

/** A class as the bulk and roster plans see it. */
export function toPlanCourse(course: Course, canInvite: boolean, canInviteOwner: boolean): PlanCourse {
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
  joinSetting: JoinSetting | null = env().joinSetting,
): Promise<BulkPreviewRow[]> {
  const [courses, myId] = await Promise.all([
    listManagedCourses(token, caller),
    caller.role === "student" ? "" : getMyUserId(token),
  ]);
  const isAdmin = caller.role === "admin";
  const known = courses.map((c) => toPlanCourse(c, true, canInviteOwner(caller.role, c, myId)));
  const ownerOf = new Map(courses.map((c) => [c.id, c.ownerId]));

  // Ids and aliases that the list doesn't hold: ask courses.get, in one /batch round.
  const refs = [...new Set(rows.map((r) => r.course.trim()).filter((r) => r !== ""))];
  const unresolved = refs.filter(
    (ref) => resolveCourseRef(ref, known).kind === "unknown" && COURSE_REF_PATTERN.test(ref),
  );
  const extra = new Map<string, CourseResolution>();
  for (const [ref, course] of await getCoursesByRef(token, unresolved)) {
    ownerOf.set(course.id, course.ownerId);
    const listed = known.find((k) => k.id === course.id);
    if (listed) extra.set(ref, { kind: "ok", course: listed });
    else if (isAdmin) extra.set(ref, { kind: "ok", course: toPlanCourse(course, true, true) });
    else extra.set(ref, { kind: "not_allowed", course: toPlanCourse(course, false, false) });
  }
  const resolve = (ref: string): CourseResolution => extra.get(ref.trim()) ?? resolveCourseRef(ref, known);

  // Read the state of the classes that at least one row may be sent to.
  const first = planBulkInvite(rows, { resolveCourse: resolve, snapshot: () => undefined });
  const courseIds = [...new Set(first.filter((r) => r.status === "will_invite" && r.courseId).map((r) => r.courseId!))];
  const snapshots = await readSnapshots(token, courseIds, ownerOf);
  return planBulkInvite(rows, {
    resolveCourse: resolve,
    snapshot: (id) => snapshots.get(id),
    domainRefusal: (email) => domainRefusal(email, joinSetting),
  });
}

/**
 * What Classroom holds for each class, by email: members (the owner as OWNER) and pending
 * invitations. A class whose roster or invitations could not be read is left out of the map.
 * Shared by the bulk preview and the roster sync's preview.
 */
export async function readSnapshots(
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
