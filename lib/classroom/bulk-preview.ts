import "server-only";

import {
  planBulkInvite,
  type AccountCheck,
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
import type { BatchOptions } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { env } from "@/lib/env";

import { canInviteOwner, getMyUserId, listManagedCourses, type Caller } from "./access";
import { getCoursesByRef, type Course } from "./courses";
import { domainRefusal, emailDomain, type JoinSetting } from "@/lib/domain-policy";
import { listInvitationsForCourses, type InvitationRole } from "./invitations";
import { getProfiles, type Profile } from "./profiles";
import { listStudents, listTeachers } from "./rosters";

/** Rosters read at once during a preview (each is one or more paged calls). */
const ROSTER_CONCURRENCY = 4;

/**
 * Addresses of the caller's own school that one preview looks up (userProfiles.get by email).
 * 200 is four /batch calls, and a sixth of the user's 1,200 queries a minute
 * (docs/classroom-api.md §6.1): a list of new addresses is checked without starving the pages the
 * teacher has open. Past it, rows are sent unchecked and say so; Classroom still decides on send.
 */
export const ACCOUNT_LOOKUP_CAP = 200;

export interface BulkPreviewOptions {
  joinSetting?: JoinSetting | null;
  /** Default ACCOUNT_LOOKUP_CAP. */
  accountLookupCap?: number;
  /** For the account lookups' /batch calls (tests shorten the retries). */
  lookup?: BatchOptions;
}

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
 * invitations.list and rosters of the classes involved, userProfiles of pending invitees, and
 * userProfiles of the addresses of the caller's own school that none of these named).
 * Nothing is created, changed or deleted.
 */
export async function previewBulkInvite(
  token: AccessToken,
  caller: Caller & { email?: string },
  rows: readonly PlanInputRow[],
  opts: BulkPreviewOptions = {},
): Promise<BulkPreviewRow[]> {
  const joinSetting = opts.joinSetting === undefined ? env().joinSetting : opts.joinSetting;
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
  const ctx = {
    resolveCourse: resolve,
    snapshot: (id: string) => snapshots.get(id),
    domainRefusal: (email: string) => domainRefusal(email, joinSetting),
  };
  const planned = planBulkInvite(rows, ctx);
  const accounts = await checkAccounts(
    token,
    caller.email ? emailDomain(caller.email) : null,
    planned.filter((r) => r.status === "will_invite").map((r) => r.email),
    snapshots,
    opts,
  );
  if (accounts.size === 0) return planned;
  return planBulkInvite(rows, { ...ctx, account: (email) => accounts.get(email) });
}

/**
 * Whether the addresses of the caller's own domain about to be invited have an account. The
 * emails the snapshots hold (members, pending invitees) are known to exist and are not asked
 * again; other domains are not asked at all (their profiles are not visible to this user).
 * Everyone in a domain may read its profiles, so PERMISSION_DENIED here means no such account
 * (userProfiles.get never answers NOT_FOUND, docs/classroom-api.md §5.3). A lookup that fails
 * for a passing reason, or past the cap, leaves the address unchecked: it never fails the preview.
 */
async function checkAccounts(
  token: AccessToken,
  domain: string | null,
  emails: readonly string[],
  snapshots: ReadonlyMap<string, CourseSnapshot>,
  opts: BulkPreviewOptions,
): Promise<Map<string, AccountCheck>> {
  const out = new Map<string, AccountCheck>();
  if (!domain) return out;
  const known = new Set<string>();
  for (const snap of snapshots.values()) {
    for (const email of snap.members.keys()) known.add(email);
    for (const email of snap.invitations.keys()) known.add(email);
  }
  const unknown = [...new Set(emails)].filter((e) => emailDomain(e) === domain && !known.has(e));
  const cap = opts.accountLookupCap ?? ACCOUNT_LOOKUP_CAP;
  const asked = unknown.slice(0, cap);
  for (const email of unknown.slice(cap)) out.set(email, { kind: "not_checked", reason: "cap", cap });
  if (asked.length === 0) return out;
  const profiles = await getProfiles(token, asked, opts.lookup).catch(() => new Map<string, Profile | null>());
  for (const email of asked) {
    const profile = profiles.get(email);
    if (profile === null) out.set(email, { kind: "missing" });
    else if (profile === undefined) out.set(email, { kind: "not_checked", reason: "failed" });
  }
  return out;
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
