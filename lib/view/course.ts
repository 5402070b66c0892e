/**
 * The course page's data: one class with its teachers, students and pending invitations.
 * Built by the server loader (lib/loaders/course.ts), read by the browser (lib/query/course.ts).
 */
import type { InvitationRole } from "@/lib/concepts";

export type CoursePerson = { userId: string; name: string; email?: string };

export type CourseInvitationRow = {
  id: string;
  userId: string;
  role: InvitationRole;
  name?: string;
  email?: string;
};

export type CoursePageData = {
  course: { id: string; name: string; section?: string; state: string; link?: string; ownerId: string };
  /** The viewer owns the class or is an admin: may invite (or re-role to) an owner. */
  canInviteOwner: boolean;
  asAdmin: boolean;
  teachers: (CoursePerson & { isOwner: boolean })[];
  students: CoursePerson[];
  invitations: CourseInvitationRow[];
};
