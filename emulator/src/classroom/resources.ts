/** JSON representations, shaped like the discovery schemas (Course, Invitation, UserProfile, Student, Teacher). */
import { createHash } from "node:crypto";
import { hostedDomain, type Course, type Invitation, type Store, type User } from "../state";
import { SCOPE, canManage, domainOfCourse, isAdminFor, type Ctx } from "./context";

export interface InvitationJson {
  id: string;
  userId: string;
  courseId: string;
  role: string;
}

export function toInvitation(inv: Invitation): InvitationJson {
  return { id: inv.id, userId: inv.userId, courseId: inv.courseId, role: inv.role };
}

function shortHash(s: string): string {
  return createHash("sha1").update(s).digest("hex").slice(0, 8);
}

function groupSlug(course: Course): string {
  const base = `${course.name} ${course.section ?? ""}`
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return base || "Class";
}

export function toCourse(store: Store, course: Course, me: User): Record<string, unknown> {
  const domain = domainOfCourse(store, course);
  const hash = shortHash(course.id);
  const slug = groupSlug(course);
  const out: Record<string, unknown> = { id: course.id, name: course.name };
  if (course.section !== undefined) out.section = course.section;
  if (course.descriptionHeading !== undefined) out.descriptionHeading = course.descriptionHeading;
  if (course.description !== undefined) out.description = course.description;
  if (course.room !== undefined) out.room = course.room;
  Object.assign(out, {
    ownerId: course.ownerId,
    creationTime: course.creationTime,
    updateTime: course.updateTime,
    enrollmentCode: course.enrollmentCode,
    courseState: course.courseState,
    // The web link's path segment is base64 of the course id (docs/classroom-api.md §1).
    alternateLink: `https://classroom.google.com/c/${Buffer.from(course.id).toString("base64").replace(/=+$/, "")}`,
    teacherGroupEmail: `${slug}_teachers_${hash}@${domain}`,
    courseGroupEmail: `${slug}_${hash}@${domain}`,
  });
  // "This field will only be set for teachers of the course and domain administrators."
  if (canManage(store, me, course)) {
    const id = `0B${Buffer.from(`tf-${course.id}`).toString("base64url")}`;
    out.teacherFolder = {
      id,
      title: `${course.name}${course.section ? ` ${course.section}` : ""}`,
      alternateLink: `https://drive.google.com/drive/folders/${id}`,
    };
  }
  out.guardiansEnabled = course.guardiansEnabled;
  out.calendarId = `classroom${course.id}@group.calendar.google.com`;
  out.gradebookSettings = { calculationType: "TOTAL_POINTS", displaySetting: "HIDE_OVERALL_GRADE" };
  return out;
}

/**
 * `emailAddress` needs classroom.profile.emails and `photoUrl` classroom.profile.photos.
 * Photos are served by the emulator itself (A: offline), protocol-relative (`//host/…`) as
 * Google's are. `permissions` holds CREATE_COURSE for teachers and admins, and for students
 * too where the domain lets anyone create classes (`studentsCanCreateCourses`).
 * `verifiedTeacher` (A: shown to the user themselves and their domain's admins) is what the
 * account says (no demo account is verified), always false for personal accounts.
 */
export function toProfile(ctx: Ctx, user: User): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: user.id,
    name: { givenName: user.givenName, familyName: user.familyName, fullName: user.fullName },
  };
  if (ctx.scopes.has(SCOPE("profile.emails"))) out.emailAddress = user.email;
  if (ctx.scopes.has(SCOPE("profile.photos"))) {
    out.photoUrl = `${ctx.emu.baseUrl.replace(/^https?:/, "")}/emulator/photos/${user.id}.svg`;
  }
  if (user.kind !== "student" || ctx.config.studentsCanCreateCourses) {
    out.permissions = [{ permission: "CREATE_COURSE" }];
  }
  const org = hostedDomain(user);
  if (ctx.me.id === user.id || (ctx.me.isAdmin && org !== undefined && org === hostedDomain(ctx.me))) {
    out.verifiedTeacher = org !== undefined && user.verifiedTeacher === true;
  }
  return out;
}

export function toTeacher(ctx: Ctx, course: Course, user: User) {
  return { courseId: course.id, userId: user.id, profile: toProfile(ctx, user) };
}

export function toStudent(ctx: Ctx, course: Course, user: User) {
  const { store, me } = ctx;
  const out: Record<string, unknown> = {
    courseId: course.id,
    userId: user.id,
    profile: toProfile(ctx, user),
  };
  // "Only visible to the student and domain administrators."
  if (me.id === user.id || isAdminFor(store, me, course)) {
    const id = `0B${Buffer.from(`sw-${course.id}-${user.id}`).toString("base64url")}`;
    out.studentWorkFolder = {
      id,
      title: `${course.name} - ${user.fullName}`,
      alternateLink: `https://drive.google.com/drive/folders/${id}`,
    };
  }
  return out;
}
