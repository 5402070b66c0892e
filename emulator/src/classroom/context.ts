/** What every Classroom handler receives, and the permission rules they share. */
import type { EmulatorConfig } from "../config";
import type { Emulator } from "../emulator";
import { badRequest, failedPrecondition, notFound, permissionDenied } from "../errors";
import { hostedDomain, type Course, type Store, type User } from "../state";

export interface Ctx {
  emu: Emulator;
  store: Store;
  config: EmulatorConfig;
  me: User;
  scopes: ReadonlySet<string>;
  query: URLSearchParams;
  /** Path parameters, already percent-decoded. */
  params: string[];
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
  now: Date;
}

export type Handler = (ctx: Ctx) => unknown;

export const SCOPE = (s: string) => `https://www.googleapis.com/auth/classroom.${s}`;

export function param(ctx: Ctx, i: number): string {
  const v = ctx.params[i];
  if (v === undefined) throw new Error(`missing path parameter ${i}`);
  return v;
}

export function bodyObject(ctx: Ctx, what: string): Record<string, unknown> {
  const b = ctx.body;
  if (b === undefined) return {};
  if (typeof b !== "object" || b === null || Array.isArray(b)) {
    throw badRequest(`Invalid JSON payload received. Expected an object for '${what}'.`);
  }
  return b as Record<string, unknown>;
}

export function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") {
    throw badRequest(`Invalid value at '${where}.${key}' (TYPE_STRING), ${JSON.stringify(v)}`);
  }
  return v;
}

export function courseOr404(store: Store, idOrAlias: string): Course {
  const c = store.resolveCourse(idOrAlias);
  if (!c) throw notFound();
  return c;
}

export function domainOfCourse(store: Store, course: Course): string {
  return store.users.get(course.ownerId)?.domain ?? "";
}

/** Domain admins manage courses whose owner is in their domain (docs/classroom-api.md §3). */
export function isAdminFor(store: Store, me: User, course: Course): boolean {
  return me.isAdmin && domainOfCourse(store, course) === me.domain;
}

export function isTeacher(me: User, course: Course): boolean {
  return course.teacherIds.has(me.id);
}

/** Owner, co-teachers and domain admins manage a course's invitations and rosters. */
export function canManage(store: Store, me: User, course: Course): boolean {
  return isTeacher(me, course) || isAdminFor(store, me, course);
}

/**
 * Who can see a course (courses.get / courses.list), per the courseState descriptions (docs/classroom-api.md §5.1):
 * SUSPENDED → only the owner (and admins, A); teachers see every other state (A: co-teachers
 * of PROVISIONED/DECLINED courses too); students see ACTIVE and ARCHIVED; a user with a
 * pending invitation sees ACTIVE, ARCHIVED and PROVISIONED courses (A: the docs are silent,
 * and the dashboard needs the course name to show an invitation).
 */
export function canView(store: Store, me: User, course: Course): boolean {
  if (isAdminFor(store, me, course) || course.ownerId === me.id) return true;
  const state = course.courseState;
  if (state === "SUSPENDED") return false;
  if (isTeacher(me, course)) return true;
  if (state === "ACTIVE" || state === "ARCHIVED") {
    if (course.studentIds.has(me.id)) return true;
  }
  if (state === "ACTIVE" || state === "ARCHIVED" || state === "PROVISIONED") {
    return store.invitationFor(me.id, course.id) !== undefined;
  }
  return false;
}

/** Teachers, students and admins may read a course's roster (A: invitees may not). */
export function canReadRoster(store: Store, me: User, course: Course): boolean {
  return canManage(store, me, course) || course.studentIds.has(me.id);
}

/** ARCHIVED, DECLINED and SUSPENDED courses refuse membership changes (A). */
export function isModifiable(course: Course): boolean {
  return course.courseState === "ACTIVE" || course.courseState === "PROVISIONED";
}

/** Whether the class owner's domain setting lets `user` be invited to or join `course`. */
export function joinAllowed(store: Store, config: EmulatorConfig, course: Course, user: User): boolean {
  const owner = store.users.get(course.ownerId);
  const home = owner ? hostedDomain(owner) : undefined;
  const org = hostedDomain(user);
  if (org !== undefined && org === home) return true;
  switch (config.joinPolicy) {
    case "DOMAIN_ONLY":
      return false;
    case "ALLOWLISTED_DOMAINS":
      return config.allowlistedDomains.includes(user.domain);
    case "ANY_WORKSPACE":
      return org !== undefined;
    case "ANYONE":
      return true;
  }
}

/** invitations.create, invitations.accept and roster adds all answer the domain's refusal the same way. */
export function checkJoinPolicy(store: Store, config: EmulatorConfig, course: Course, user: User): void {
  if (!joinAllowed(store, config, course, user)) {
    throw permissionDenied(
      "The user's domain is not allowed to join classes of this domain by its Classroom settings.",
      "UserInIllegalDomain",
    );
  }
}

/**
 * What must hold for `user` to join `course` as a student or teacher (invitations.accept,
 * students.create, teachers.create): a modifiable course, room under the user's groups cap,
 * and room under the course's teacher and member limits (a current member takes no new seat).
 */
export function checkCanJoin(config: EmulatorConfig, course: Course, user: User, asTeacher: boolean): void {
  if (!isModifiable(course)) {
    throw failedPrecondition(
      `The course is in the ${course.courseState} state and cannot be modified.`,
      "CourseNotModifiable",
    );
  }
  if (user.atGroupsLimit) {
    throw failedPrecondition(
      "The user is already a member of the maximum allowed number of groups and can't join any courses.",
      "UserGroupsMembershipLimitReached",
    );
  }
  const alreadyTeacher = course.teacherIds.has(user.id);
  if (asTeacher && !alreadyTeacher) {
    const limit = course.teacherLimit ?? config.limits.teachersPerCourse;
    if (course.teacherIds.size >= limit) {
      throw failedPrecondition(
        `The action would exceed the maximum allowed number of course teachers (${limit}).`,
        "CourseTeacherLimitReached",
      );
    }
  }
  const alreadyMember = alreadyTeacher || course.studentIds.has(user.id);
  if (!alreadyMember && course.teacherIds.size + course.studentIds.size >= config.limits.membersPerCourse) {
    throw failedPrecondition(
      `The action would exceed the maximum allowed number of course members (${config.limits.membersPerCourse}).`,
      "CourseMemberLimitReached",
    );
  }
}
