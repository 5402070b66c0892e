import "server-only";

import type { CurrentUser } from "@/lib/auth/session";
import { getCourseAccess, listManagedCourses } from "@/lib/classroom/access";
import { listInvitations, type Invitation } from "@/lib/classroom/invitations";
import { getProfiles } from "@/lib/classroom/profiles";
import { listStudents, listTeachers, type Member } from "@/lib/classroom/rosters";
import type { AccessToken } from "@/lib/classroom/client";
import { listUnclassified, recordListing } from "@/lib/db/invitation-meta";

import type { CoursePageData, CoursePerson } from "@/lib/view/course";

import { recordObserved } from "./insights";

export type CoursePageResult =
  { kind: "ok"; data: CoursePageData } | { kind: "forbidden"; message: string } | { kind: "not_found" };

const FORBIDDEN = "You can only open classes you teach. Ask one of this class's teachers or your administrator.";

/**
 * Server-side authorisation first (teacher of the class or admin; a student is refused with no
 * Classroom call), then teachers, students and invitations in parallel, then invitee names
 * through /batch. Per request only; nothing is cached across users.
 */
export async function loadCoursePage(
  user: Pick<CurrentUser, "role">,
  token: AccessToken,
  courseId: string,
): Promise<CoursePageResult> {
  const access = await getCourseAccess(token, user.role, courseId);
  if (!access.allowed) {
    if (access.reason === "NOT_FOUND" && user.role === "admin") return { kind: "not_found" };
    return { kind: "forbidden", message: FORBIDDEN };
  }
  const course = access.course;
  const listedAt = Date.now();
  const [teachers, students, invitations] = await Promise.all([
    listTeachers(token, course.id),
    listStudents(token, course.id),
    listInvitations(token, { courseId: course.id }),
  ]);
  await observeClass(course.id, course.ownerId, listedAt, { teachers, students, invitations });
  const profiles = await getProfiles(
    token,
    invitations.map((i) => i.userId),
  ).catch(() => new Map());
  const person = (m: Member): CoursePerson => ({
    userId: m.userId,
    name: m.profile.name,
    ...(m.profile.email ? { email: m.profile.email } : {}),
  });
  const byName = (a: CoursePerson, b: CoursePerson) => a.name.localeCompare(b.name);
  return {
    kind: "ok",
    data: {
      course: {
        id: course.id,
        name: course.name,
        ...(course.section ? { section: course.section } : {}),
        state: course.state,
        ...(course.link ? { link: course.link } : {}),
        ownerId: course.ownerId,
      },
      canInviteOwner: access.canInviteOwner,
      asAdmin: access.asAdmin,
      teachers: teachers
        .map((t) => ({ ...person(t), isOwner: t.userId === course.ownerId }))
        .sort((a, b) => Number(b.isOwner) - Number(a.isOwner) || byName(a, b)),
      students: students.map(person).sort(byName),
      invitations: invitations.map((inv) => {
        const p = profiles.get(inv.userId);
        return {
          id: inv.id,
          userId: inv.userId,
          role: inv.role,
          ...(p?.name ? { name: p.name } : {}),
          ...(p?.email ? { email: p.email } : {}),
        };
      }),
    },
  };
}

/**
 * The class page reads the class's invitations and members anyway: it is a look that notices
 * invitations gone and tells accepted from revoked on the spot. Best effort: the page shows
 * either way.
 */
async function observeClass(
  courseId: string,
  ownerId: string,
  listedAt: number,
  read: { teachers: Member[]; students: Member[]; invitations: Invitation[] },
): Promise<void> {
  try {
    await recordListing(read.invitations, [{ courseId, at: listedAt }]);
    const ref = (m: Member) => ({ id: m.userId, email: m.profile.email ?? null });
    const now = {
      ownerId,
      teachers: read.teachers.map(ref),
      students: read.students.map(ref),
      pending: read.invitations,
    };
    await recordObserved(await listUnclassified([courseId], 500), new Map([[courseId, now]]));
  } catch (e) {
    console.error("[course] could not record invitation lifecycle", e instanceof Error ? e.message : e);
  }
}

export type InvitableCourse = { id: string; name: string; section?: string };

/** The classes the viewer may invite to (their own, or the domain's for an admin), for pickers. */
export async function loadInvitableCourses(
  user: Pick<CurrentUser, "id" | "role">,
  token: AccessToken,
): Promise<InvitableCourse[]> {
  const courses = await listManagedCourses(token, user);
  return courses
    .map((c) => ({ id: c.id, name: c.name, ...(c.section ? { section: c.section } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.section ?? "").localeCompare(b.section ?? ""));
}
