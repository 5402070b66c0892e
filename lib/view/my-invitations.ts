// The "My invitations" read as data: the DTOs the browser receives (built by
// lib/loaders/my-invitations.ts) and pure helpers over them.
import { ROLE_LABELS, ROLE_RANK, type InvitationRole } from "@/lib/concepts";

export type { InvitationRole } from "@/lib/concepts";
export type CourseState = "ACTIVE" | "ARCHIVED" | "PROVISIONED" | "DECLINED" | "SUSPENDED" | "UNSPECIFIED";

export interface PersonDto {
  name: string;
  email?: string;
}

export interface CourseDto {
  id: string;
  name: string;
  section?: string;
  state: CourseState;
  /** Classroom's web link (`alternateLink`). */
  link?: string;
}

export interface MyInvitation {
  id: string;
  courseId: string;
  role: InvitationRole;
  /** Null when Classroom won't show this class to an invitee (e.g. a suspended class). */
  course: CourseDto | null;
  /** Owner first. Empty when neither the roster nor the owner's profile could be read. */
  teachers: PersonDto[];
  /** The current owner, named in what an OWNER invitation changes. */
  owner: PersonDto | null;
}

export interface MyCourse extends CourseDto {
  role: InvitationRole;
}

export interface MyInvitationsData {
  invitations: MyInvitation[];
  courses: MyCourse[];
}

export const roleLabel = (role: InvitationRole) => ROLE_LABELS[role];

/**
 * Classroom refuses to change the members of a class that is not ACTIVE or PROVISIONED
 * (@CourseNotModifiable), so Accept is not offered there. A class whose details are hidden
 * (null) may still be accepted: Classroom has the last word.
 */
export function canAccept(invitation: Pick<MyInvitation, "course">): boolean {
  const state = invitation.course?.state;
  return state !== "ARCHIVED" && state !== "DECLINED" && state !== "SUSPENDED";
}

/**
 * What "Accept all" accepts: every invitation that can be accepted, except ownership transfers,
 * which change who controls a class and are confirmed one at a time.
 */
export function acceptAllTargets<T extends Pick<MyInvitation, "course" | "role">>(invitations: readonly T[]): T[] {
  return invitations.filter((i) => canAccept(i) && i.role !== "OWNER");
}

/** Why Accept is unavailable (or what to expect), shown before the user tries. */
export function stateNotice(state: CourseState | undefined): string | null {
  switch (state) {
    case "ARCHIVED":
      return "This class is archived. Classroom won't let anyone join until a teacher restores it.";
    case "DECLINED":
      return "This class was declined by its teacher, so it can't be joined.";
    case "SUSPENDED":
      return "This class is suspended, so it can't be joined right now.";
    case "PROVISIONED":
      return "This class hasn't started yet. You can accept now; it appears in Classroom once the teacher activates it.";
    default:
      return null;
  }
}

/** What accepting an OWNER invitation changes (docs/classroom-api.md §2: the previous owner stays a teacher). */
export function ownerChangeText(invitation: Pick<MyInvitation, "role" | "course" | "owner">): string | null {
  if (invitation.role !== "OWNER") return null;
  const course = invitation.course?.name ?? "this class";
  const owner = invitation.owner?.name ?? "The current owner";
  return `You will become the owner of ${course}; ${owner} stays a co-teacher. As owner you can delete the class and transfer it again.`;
}

/** "Marisol Alvarez", "Marisol Alvarez and Jonah Okafor", "Marisol Alvarez and 3 others". */
export function teachersText(teachers: readonly PersonDto[]): string | null {
  const [first, second] = teachers;
  if (!first) return null;
  if (teachers.length === 1) return first.name;
  if (teachers.length === 2 && second) return `${first.name} and ${second.name}`;
  return `${first.name} and ${teachers.length - 1} others`;
}

/** After a confirmed accept: the invitation leaves the pending list and its class joins "My courses". */
export function withAccepted(data: MyInvitationsData, ids: readonly string[]): MyInvitationsData {
  const accepted = data.invitations.filter((i) => ids.includes(i.id));
  const have = new Set(data.courses.map((c) => c.id));
  const added: MyCourse[] = [];
  for (const inv of accepted) {
    if (have.has(inv.courseId) || !inv.course) continue;
    have.add(inv.courseId);
    added.push({ ...inv.course, role: inv.role });
  }
  return {
    invitations: data.invitations.filter((i) => !ids.includes(i.id)),
    courses: [...added, ...upgradeRoles(data.courses, accepted)],
  };
}

/** A student who accepts a co-teacher invitation (or a co-teacher an OWNER one) changes role in place. */
function upgradeRoles(courses: readonly MyCourse[], accepted: readonly MyInvitation[]): MyCourse[] {
  return courses.map((c) => {
    const inv = accepted.find((i) => i.courseId === c.id);
    return inv && ROLE_RANK[inv.role] > ROLE_RANK[c.role] ? { ...c, role: inv.role } : c;
  });
}

/** After a decline, or when an invitation turned out to be gone already. */
export function withoutInvitations(data: MyInvitationsData, ids: readonly string[]): MyInvitationsData {
  return { ...data, invitations: data.invitations.filter((i) => !ids.includes(i.id)) };
}

/** Classes being joined right now, shown at once in "My courses" (optimistic UI). */
export function joiningCourses(data: MyInvitationsData, pendingIds: ReadonlySet<string>): MyCourse[] {
  const have = new Set(data.courses.map((c) => c.id));
  const out: MyCourse[] = [];
  for (const inv of data.invitations) {
    if (!pendingIds.has(inv.id) || !inv.course || have.has(inv.courseId)) continue;
    have.add(inv.courseId);
    out.push({ ...inv.course, role: inv.role });
  }
  return out;
}
