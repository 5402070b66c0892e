/**
 * The app's shared vocabulary, one declaration each: invitation roles (enum, rank, labels),
 * the shape of a Classroom id or course alias, and the activity log's action names. Imported by
 * server and browser code alike, so nothing here may import server-only modules.
 */

/** Classroom's invitation roles (CourseRole without COURSE_ROLE_UNSPECIFIED). */
export const INVITATION_ROLES = ["STUDENT", "TEACHER", "OWNER"] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

/** A place in a class: the owner is also one of its teachers, so OWNER covers TEACHER covers STUDENT. */
export const ROLE_RANK: Readonly<Record<InvitationRole, number>> = { STUDENT: 1, TEACHER: 2, OWNER: 3 };

export function isInvitationRole(value: unknown): value is InvitationRole {
  return typeof value === "string" && (INVITATION_ROLES as readonly string[]).includes(value);
}

/** Whether holding `held` already gives what an invitation for `offered` would. */
export function roleCovers(held: InvitationRole, offered: InvitationRole): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[offered];
}

/**
 * What became of an invitation that left the pending list (the invitation_meta table's outcome):
 * accepted (the invitee is a member), revoked (gone and not a member; by observation this also
 * covers a decline made in Classroom), declined (through this dashboard), replaced (deleted and
 * re-created by a change of role or a resend).
 */
export const INVITATION_OUTCOMES = ["accepted", "revoked", "declined", "replaced"] as const;
export type InvitationOutcome = (typeof INVITATION_OUTCOMES)[number];

/** How the UI names each role (Classroom calls a TEACHER invitation a co-teacher invitation). */
export const ROLE_LABELS: Readonly<Record<InvitationRole, string>> = {
  STUDENT: "Student",
  TEACHER: "Co-teacher",
  OWNER: "Owner",
};

/** "a student", "a co-teacher", "the owner", for sentences such as "already invited as …". */
export const ROLE_PHRASES: Readonly<Record<InvitationRole, string>> = {
  STUDENT: "a student",
  TEACHER: "a co-teacher",
  OWNER: "the owner",
};

/**
 * The places an administrator can give by adding someone directly (courses.students.create,
 * courses.teachers.create); a new owner always comes through an invitation.
 */
export const DIRECT_ROLES = ["STUDENT", "TEACHER"] as const;
export type DirectRole = (typeof DIRECT_ROLES)[number];

/** What adding someone directly means for them, said the same way wherever it is offered. */
export const ADD_DIRECTLY_EXPLAINED = "They are in the class at once: no email, no consent step.";

/**
 * A course id or alias as Classroom accepts it in a path: digits for an id, or an alias such as
 * "d:algebra-1" or "p:project-x" (https://developers.google.com/workspace/classroom/reference/rest/v1/courses.aliases).
 */
export const COURSE_REF_PATTERN = /^[A-Za-z0-9:_.\-]{1,200}$/;

/** An invitation, user or course id as Classroom returns it (no alias prefixes; real ids are 10–21 characters). */
export const CLASSROOM_ID_PATTERN = /^[A-Za-z0-9_\-]{1,64}$/;

/** Every action the activity log records; the activity page filters by these. */
export const ACTIVITY_ACTIONS = [
  "invitation.create",
  "invitation.revoke",
  "invitation.change_role",
  "invitation.resend",
  "invitation.accept",
  "invitation.decline",
  "bulk.invite",
  "bulk.revoke",
  "member.add",
  "member.remove",
] as const;
export type ActivityActionName = (typeof ACTIVITY_ACTIONS)[number];
