import "server-only";

import { requireToken, type CurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken } from "@/lib/auth/tokens";
import { getCourse, listCourses } from "@/lib/classroom/courses";
import { listInvitations } from "@/lib/classroom/invitations";
import { getProfile, getProfiles, type Profile } from "@/lib/classroom/profiles";
import { listTeachers } from "@/lib/classroom/rosters";
import { asAccessToken, type AccessToken } from "@/lib/classroom/client";

import type { MyInvitationsData } from "@/lib/view/my-invitations";
import { toMyCourses, toMyInvitation } from "@/lib/view/my-invitations-transforms";

export type { MyInvitationsData };

/** For the page: redirects to sign-in when the Google grant is unusable. */
export async function getMyInvitations(user: CurrentUser): Promise<MyInvitationsData> {
  return loadMyInvitations(await requireToken(user));
}

/**
 * The signed-in user's pending invitations, each with what the UI needs to decide (class,
 * section, state, teachers, role, and for OWNER who the owner is today), plus "My courses".
 *
 * Shared by the server page and the GET route handler. Invitees may read an invited
 * class (courses.get) but not necessarily its roster, so the teachers come from the roster when
 * Classroom allows it and otherwise from the owner's profile. Every per-class lookup degrades to
 * "unknown" on its own: one hidden class must not hide the invitations to the others.
 */
export async function loadMyInvitations(token: AccessToken): Promise<MyInvitationsData> {
  const [invitations, teaching, enrolled, me] = await Promise.all([
    listInvitations(token, { userId: "me" }),
    listCourses(token, { teacherId: "me" }),
    listCourses(token, { studentId: "me" }),
    getProfile(token, "me").catch(() => null),
  ]);

  const courseIds = [...new Set(invitations.map((i) => i.courseId))];
  const [courses, rosters] = await Promise.all([
    Promise.all(courseIds.map((id) => getCourse(token, id).catch(() => null))),
    Promise.all(courseIds.map((id) => listTeachers(token, id).catch(() => null))),
  ]);
  const courseById = new Map(courseIds.map((id, i) => [id, courses[i] ?? null]));
  const rosterById = new Map(courseIds.map((id, i) => [id, rosters[i] ?? null]));

  const ownerIds = courseIds.flatMap((id) => {
    const c = courseById.get(id);
    return c?.ownerId && !rosterById.get(id) ? [c.ownerId] : [];
  });
  const ownerProfiles = ownerIds.length
    ? await getProfiles(token, ownerIds).catch(() => new Map<string, Profile | null>())
    : new Map<string, Profile | null>();

  return {
    invitations: invitations.map((inv) =>
      toMyInvitation(inv, courseById.get(inv.courseId) ?? null, rosterById.get(inv.courseId) ?? null, ownerProfiles),
    ),
    courses: toMyCourses(teaching, enrolled, me?.id ?? null),
  };
}

/**
 * One invitations.list for the navigation badge and the post-sign-in landing, with when it was
 * read. Null rather than an error: a badge must never break a page.
 */
export async function getPendingInvitationCount(
  user: Pick<CurrentUser, "id">,
): Promise<{ count: number; at: number } | null> {
  try {
    const token = asAccessToken(await getGoogleAccessToken(user.id), user.id);
    const count = (await listInvitations(token, { userId: "me" })).length;
    return { count, at: Date.now() };
  } catch {
    return null;
  }
}
