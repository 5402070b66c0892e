import "server-only";

import { cache } from "react";

import type { CallOptions } from "@/lib/google/call";
import { callWithRetry } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { AppError, isAppError, toAppError } from "@/lib/google/errors";
import type { InvitationRole } from "@/lib/concepts";
import { NOT_YOURS, OWNER_ONLY, STUDENTS_CANT } from "@/lib/invitation-messages";
import { mapLimit } from "@/lib/map-limit";

import { listCoursesCached, quotaAwareMaxAge } from "./course-cache";
import { getCourse, type Course } from "./courses";

/** The dashboard's role for the caller (lib/auth/roles), passed in so this module needs no session. */
export type CallerRole = "admin" | "teacher" | "student";

/** Who is asking: the app's user id (cache key) and their role. */
export type Caller = { id: string; role: CallerRole };

/** courses.list page size: a 1,000-course domain in one call. */
const MAX_COURSES_PAGE = 1000;

export type CourseAccess =
  | {
      allowed: true;
      course: Course;
      /** The caller owns the class, or is a domain admin: may invite a new owner. */
      canInviteOwner: boolean;
      asAdmin: boolean;
    }
  | { allowed: false; reason: "STUDENT" | "NOT_TEACHER" | "NOT_FOUND"; course?: Course };

/**
 * May the caller manage invitations of this class? Teachers of the class (owner or co-teacher)
 * and domain admins may; a student is refused without any Classroom call; a teacher is checked
 * with one teachers.get("me") (plus courses.get for the name and owner, in parallel).
 * Classroom still enforces its own rules on every write; this check is ours, so a hidden button
 * is never the only thing standing between a teacher and someone else's class.
 *
 * React cache(): deduplicated per request only; nothing is shared across users.
 */
export const getCourseAccess = cache(
  async (token: AccessToken, role: CallerRole, courseId: string): Promise<CourseAccess> => {
    if (role === "student") return { allowed: false, reason: "STUDENT" };
    if (role === "admin") {
      const course = await orNull(() => getCourse(token, courseId));
      if (!course) return { allowed: false, reason: "NOT_FOUND" };
      // Admins manage classes of their own domain; Classroom refuses the others on write.
      return { allowed: true, course, canInviteOwner: canInviteOwner(role, course, ""), asAdmin: true };
    }
    const client = classroomFor(token);
    const [teacher, course] = await Promise.all([
      orNull(() => callWithRetry(() => client.courses.teachers.get({ courseId, userId: "me" }))),
      orNull(() => getCourse(token, courseId)),
    ]);
    if (!teacher)
      return course ? { allowed: false, reason: "NOT_TEACHER", course } : { allowed: false, reason: "NOT_FOUND" };
    if (!course) return { allowed: false, reason: "NOT_FOUND" };
    const myId = teacher.data.userId ?? teacher.data.profile?.id ?? "";
    return { allowed: true, course, canInviteOwner: canInviteOwner(role, course, myId), asAdmin: false };
  },
);

/** Classes read at once while authorizing a run (each is one or two calls). */
const ACCESS_CONCURRENCY = 4;

/**
 * `getCourseAccess` for each distinct class of a run, a few at a time; a class that can't be
 * read counts as not found, so one bad row never fails the others.
 */
export async function getCoursesAccess(
  token: AccessToken,
  role: CallerRole,
  courseIds: Iterable<string>,
): Promise<Map<string, CourseAccess>> {
  const access = new Map<string, CourseAccess>();
  await mapLimit([...new Set(courseIds)], ACCESS_CONCURRENCY, async (id) => {
    access.set(
      id,
      await getCourseAccess(token, role, id).catch(() => ({ allowed: false, reason: "NOT_FOUND" }) as const),
    );
  });
  return access;
}

/**
 * Who may invite a new owner to a class they manage: a domain admin, or the class's owner
 * (Classroom makes the same rule; checking it first keeps the refusal ours and explained).
 */
export function canInviteOwner(role: CallerRole, course: Pick<Course, "ownerId">, myId: string): boolean {
  return role === "admin" || (myId !== "" && course.ownerId === myId);
}

/**
 * Our own refusal, before Classroom is asked to write: the caller may not manage this class's
 * invitations (or may not touch an owner invitation in it). Server actions answer FORBIDDEN.
 */
export class AccessDeniedError extends Error {
  readonly code = "FORBIDDEN" as const;
  readonly retryable = false;
  constructor(readonly userMessage: string = NOT_YOURS) {
    super("FORBIDDEN");
    this.name = "AccessDeniedError";
  }
}

export function isAccessDenied(e: unknown): e is AccessDeniedError {
  return e instanceof AccessDeniedError;
}

/** Why a refused access is refused, as the error a write reports. */
export function refusalOf(
  role: CallerRole,
  access: Extract<CourseAccess, { allowed: false }>,
): AppError | AccessDeniedError {
  if (role === "student" || access.reason === "STUDENT") return new AccessDeniedError(STUDENTS_CANT);
  // An admin sees every class of the domain, so a missing one really is missing.
  if (role === "admin" && access.reason === "NOT_FOUND") return new AppError({ code: "COURSE_NOT_FOUND" });
  return new AccessDeniedError(NOT_YOURS);
}

/** The owner rule: a new owner (or a change to or from OWNER) needs the owner or an admin. */
export function ownerRefusal(access: Extract<CourseAccess, { allowed: true }>, roles: readonly InvitationRole[]) {
  return roles.includes("OWNER") && !access.canInviteOwner ? new AccessDeniedError(OWNER_ONLY) : null;
}

/**
 * The class, when the caller may write invitations for `roles` in it; otherwise the refusal is
 * thrown. Every invitation write of a dashboard user starts here.
 */
export async function requireWriteAccess(
  token: AccessToken,
  role: CallerRole,
  courseId: string,
  roles: readonly InvitationRole[],
): Promise<Extract<CourseAccess, { allowed: true }>> {
  const access = await getCourseAccess(token, role, courseId);
  if (!access.allowed) throw refusalOf(role, access);
  const owner = ownerRefusal(access, roles);
  if (owner) throw owner;
  return access;
}

/** The caller's own Classroom user id (for "am I the owner" checks over many classes). */
export const getMyUserId = cache(async (token: AccessToken): Promise<string> => {
  const client = classroomFor(token);
  const res = await callWithRetry(() => client.userProfiles.get({ userId: "me" }));
  return res.data.id ?? "";
});

/**
 * Every class whose invitations the caller manages (lists, invites to, revokes in): every class
 * of the domain for an admin, the classes they teach for a teacher, none for a student. One
 * paged courses.list, cached per user (course-cache) and fresh unless the user's quota is short
 * (`quotaAwareMaxAge`). Classroom still enforces its own rules on every write.
 */
export async function listManagedCourses(token: AccessToken, caller: Caller, signal?: AbortSignal): Promise<Course[]> {
  if (caller.role === "student") return [];
  const filter =
    caller.role === "admin" ? { pageSize: MAX_COURSES_PAGE } : { teacherId: "me", pageSize: MAX_COURSES_PAGE };
  return listCoursesCached(token, caller.id, filter, { signal, ttlMs: quotaAwareMaxAge(token, 2) });
}

/** NOT_FOUND and PERMISSION_DENIED mean "not yours to see" here; other failures stand. */
async function orNull<T>(fn: () => Promise<T>, opts: CallOptions = {}): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    const error: AppError = isAppError(e) ? e : toAppError(e, opts);
    if (error.code === "NOT_FOUND" || error.code === "PERMISSION_DENIED" || error.code === "COURSE_NOT_FOUND")
      return null;
    throw error;
  }
}
