/**
 * In-memory store with the indexes every request needs, so that a district of
 * 5,000 courses and ~25k invitations answers in O(1)/O(k) per lookup (no full scans
 * except for an admin's unfiltered courses.list, which walks one cached sorted array).
 */
import { Prng } from "./prng";

export type CourseState = "ACTIVE" | "ARCHIVED" | "PROVISIONED" | "DECLINED" | "SUSPENDED";
export const COURSE_STATES: readonly CourseState[] = ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"];
export type Role = "STUDENT" | "TEACHER" | "OWNER";
export const ROLES: readonly Role[] = ["STUDENT", "TEACHER", "OWNER"];

/** What the account chooser shows under a name; not a Classroom concept. */
export type UserKind = "admin" | "teacher" | "student";

export interface User {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  fullName: string;
  domain: string;
  isAdmin: boolean;
  disabled: boolean;
  /** Simulates Google Groups' per-user cap → `@UserGroupsMembershipLimitReached` (docs/classroom-api.md §4.2). */
  atGroupsLimit: boolean;
  kind: UserKind;
  /** Listed on the account chooser (large districts list only ~30 named accounts). */
  featured: boolean;
  /** A personal Google account (not in a Workspace domain): no `hd` claim, refused by `ANY_WORKSPACE`. */
  consumer?: boolean;
  /**
   * The Workspace organisation's primary domain when the email is in one of its secondary
   * domains: the `hd` claim, and "the domain" for admin and join rules. Absent = `domain`.
   */
  primaryDomain?: string;
  /** Google's `email_verified`; absent = true. */
  emailVerified?: boolean;
  /** `UserProfile.verifiedTeacher`: the domain's admin verified them as a teacher; absent = false. */
  verifiedTeacher?: boolean;
}

/** The user's Workspace organisation (its primary domain), or undefined for a personal account. */
export function hostedDomain(user: User): string | undefined {
  return user.consumer ? undefined : (user.primaryDomain ?? user.domain);
}

export interface Course {
  id: string;
  name: string;
  section?: string;
  descriptionHeading?: string;
  description?: string;
  room?: string;
  ownerId: string;
  creationTime: string;
  updateTime: string;
  enrollmentCode: string;
  courseState: CourseState;
  /** Insertion-ordered; includes the owner (the owner "is … added as a teacher", docs/classroom-api.md §5.1). */
  teacherIds: Set<string>;
  studentIds: Set<string>;
  aliases: string[];
  /** Per-course override of `limits.teachersPerCourse` (A: emulator-only, for demos). */
  teacherLimit?: number;
  guardiansEnabled: boolean;
}

export interface Invitation {
  id: string;
  courseId: string;
  userId: string;
  role: Role;
}

export class Store {
  readonly users = new Map<string, User>();
  private readonly usersByEmail = new Map<string, User>();
  readonly courses = new Map<string, Course>();
  private readonly aliases = new Map<string, string>();
  readonly invitations = new Map<string, Invitation>();

  private readonly teachingByUser = new Map<string, Set<string>>();
  private readonly studyingByUser = new Map<string, Set<string>>();
  private readonly invitationsByCourse = new Map<string, Set<string>>();
  private readonly invitationsByUser = new Map<string, Set<string>>();
  private readonly invitationByUserCourse = new Map<string, string>();
  private readonly ownerInvitationByCourse = new Map<string, string>();
  private sortedCourses: Course[] | null = null;

  /** Continues the seed's PRNG so ids of runtime-created objects are deterministic too. */
  constructor(readonly prng: Prng) {}

  // ---- users -------------------------------------------------------------
  addUser(user: User): void {
    this.users.set(user.id, user);
    this.usersByEmail.set(user.email.toLowerCase(), user);
  }
  userByEmail(email: string): User | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }
  /** Resolves "me", an email (case-insensitive) or a numeric id (docs/classroom-api.md §1). */
  resolveUser(ref: string, me: User | undefined): User | undefined {
    if (ref === "me") return me;
    if (ref.includes("@")) return this.userByEmail(ref);
    return this.users.get(ref);
  }
  newUserId(): string {
    return this.freshId(this.users, () => "1" + this.prng.digits(20));
  }

  // ---- courses -----------------------------------------------------------
  addCourse(course: Course): void {
    this.courses.set(course.id, course);
    for (const a of course.aliases) this.aliases.set(a, course.id);
    for (const t of course.teacherIds) this.indexAdd(this.teachingByUser, t, course.id);
    for (const s of course.studentIds) this.indexAdd(this.studyingByUser, s, course.id);
    this.sortedCourses = null;
  }
  /** Removes a course with its memberships, aliases and pending invitations. */
  removeCourse(course: Course): void {
    for (const inv of this.invitationsOfCourse(course.id)) this.removeInvitation(inv);
    for (const t of course.teacherIds) this.teachingByUser.get(t)?.delete(course.id);
    for (const st of course.studentIds) this.studyingByUser.get(st)?.delete(course.id);
    for (const a of course.aliases) this.aliases.delete(a);
    this.courses.delete(course.id);
    this.invitationsByCourse.delete(course.id);
    this.sortedCourses = null;
  }
  /** Gives a course one more alias (courses.aliases.create); the caller checked it is free. */
  addAlias(course: Course, alias: string): void {
    course.aliases.push(alias);
    this.aliases.set(alias, course.id);
  }
  removeAlias(course: Course, alias: string): void {
    course.aliases = course.aliases.filter((a) => a !== alias);
    this.aliases.delete(alias);
  }
  /** A course id or alias (`d:…`, `p:…`), docs/classroom-api.md §1. */
  resolveCourse(idOrAlias: string): Course | undefined {
    return this.courses.get(idOrAlias) ?? this.courses.get(this.aliases.get(idOrAlias) ?? "");
  }
  newCourseId(): string {
    return this.freshId(this.courses, () => this.prng.digits(12));
  }
  /** All courses, newest `creationTime` first (courses.list order, docs/classroom-api.md §5.1). Cached. */
  coursesNewestFirst(): Course[] {
    if (!this.sortedCourses) {
      this.sortedCourses = [...this.courses.values()].sort(compareNewestFirst);
    }
    return this.sortedCourses;
  }
  courseIdsTaughtBy(userId: string): ReadonlySet<string> {
    return this.teachingByUser.get(userId) ?? EMPTY;
  }
  courseIdsStudiedBy(userId: string): ReadonlySet<string> {
    return this.studyingByUser.get(userId) ?? EMPTY;
  }
  addTeacher(course: Course, userId: string): void {
    course.teacherIds.add(userId);
    this.indexAdd(this.teachingByUser, userId, course.id);
  }
  removeTeacher(course: Course, userId: string): void {
    course.teacherIds.delete(userId);
    this.teachingByUser.get(userId)?.delete(course.id);
  }
  addStudent(course: Course, userId: string): void {
    course.studentIds.add(userId);
    this.indexAdd(this.studyingByUser, userId, course.id);
  }
  removeStudent(course: Course, userId: string): void {
    course.studentIds.delete(userId);
    this.studyingByUser.get(userId)?.delete(course.id);
  }
  touch(course: Course, now = new Date()): void {
    course.updateTime = now.toISOString();
  }

  // ---- invitations -------------------------------------------------------
  newInvitationId(): string {
    return this.freshId(this.invitations, () => this.prng.digits(12));
  }
  addInvitation(inv: Invitation): void {
    this.invitations.set(inv.id, inv);
    this.indexAdd(this.invitationsByCourse, inv.courseId, inv.id);
    this.indexAdd(this.invitationsByUser, inv.userId, inv.id);
    this.invitationByUserCourse.set(pairKey(inv.userId, inv.courseId), inv.id);
    if (inv.role === "OWNER") this.ownerInvitationByCourse.set(inv.courseId, inv.id);
  }
  removeInvitation(inv: Invitation): void {
    this.invitations.delete(inv.id);
    this.invitationsByCourse.get(inv.courseId)?.delete(inv.id);
    this.invitationsByUser.get(inv.userId)?.delete(inv.id);
    this.invitationByUserCourse.delete(pairKey(inv.userId, inv.courseId));
    if (this.ownerInvitationByCourse.get(inv.courseId) === inv.id) this.ownerInvitationByCourse.delete(inv.courseId);
  }
  invitationFor(userId: string, courseId: string): Invitation | undefined {
    const id = this.invitationByUserCourse.get(pairKey(userId, courseId));
    return id === undefined ? undefined : this.invitations.get(id);
  }
  ownerInvitation(courseId: string): Invitation | undefined {
    const id = this.ownerInvitationByCourse.get(courseId);
    return id === undefined ? undefined : this.invitations.get(id);
  }
  invitationsOfCourse(courseId: string): Invitation[] {
    return this.collect(this.invitationsByCourse.get(courseId));
  }
  invitationsOfUser(userId: string): Invitation[] {
    return this.collect(this.invitationsByUser.get(userId));
  }

  /** Draws ids from the seed's PRNG until one is not yet taken. */
  private freshId(taken: ReadonlyMap<string, unknown>, draw: () => string): string {
    for (;;) {
      const id = draw();
      if (!taken.has(id)) return id;
    }
  }
  private collect(ids: Set<string> | undefined): Invitation[] {
    const out: Invitation[] = [];
    if (!ids) return out;
    for (const id of ids) {
      const inv = this.invitations.get(id);
      if (inv) out.push(inv);
    }
    return out;
  }
  private indexAdd(index: Map<string, Set<string>>, key: string, value: string): void {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(value);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function pairKey(userId: string, courseId: string): string {
  return `${userId}|${courseId}`;
}

export function compareNewestFirst(a: Course, b: Course): number {
  if (a.creationTime === b.creationTime) return a.id < b.id ? 1 : -1;
  return a.creationTime < b.creationTime ? 1 : -1;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}
