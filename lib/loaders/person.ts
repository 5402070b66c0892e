import "server-only";

import { canInviteOwner, getMyUserId, listManagedCourses } from "@/lib/classroom/access";
import { listCourses, type Course } from "@/lib/classroom/courses";
import { listInvitations, type Invitation } from "@/lib/classroom/invitations";
import { listInvitationsForCoursesCached } from "@/lib/classroom/invitation-cache";
import { getProfile } from "@/lib/classroom/profiles";
import type { AccessToken } from "@/lib/classroom/client";
import { isAppError, toAppError } from "@/lib/classroom/errors";
import type { PersonPageData } from "@/lib/view/person";

import type { Viewer } from "./viewer";

/**
 * One person across the classes the viewer manages: their pending invitations and their places
 * (owner, co-teacher, student). Classroom is asked about the person (invitations.list by user,
 * courses.list by teacher and by student), and every answer is then narrowed to the viewer's
 * own classes here, whatever Classroom returned. null when Classroom knows no such person.
 */
export async function loadPerson(viewer: Viewer, token: AccessToken, personId: string): Promise<PersonPageData | null> {
  const profile = await getProfile(token, personId).catch((e: unknown) => {
    const error = isAppError(e) ? e : toAppError(e);
    // userProfiles.get answers 403 for an unknown person (docs/classroom-api.md §5.3).
    if (error.code === "NOT_FOUND" || error.code === "PERMISSION_DENIED" || error.code === "USER_NOT_FOUND")
      return null;
    throw error;
  });
  if (!profile) return null;
  const managed = new Map((await listManagedCourses(token, viewer)).map((c) => [c.id, c]));
  const [invitations, teaching, studying, myId] = await Promise.all([
    invitationsOf(viewer, token, profile.id, [...managed.keys()]),
    listCourses(token, { teacherId: profile.id }),
    listCourses(token, { studentId: profile.id }),
    viewer.role === "admin" ? Promise.resolve("") : getMyUserId(token),
  ]);
  const mine = (c: Pick<Course, "id">) => managed.get(c.id);
  const label = (c: Course) => ({ courseId: c.id, courseName: c.name, ...(c.section ? { section: c.section } : {}) });

  return {
    person: { id: profile.id, name: profile.name, ...(profile.email ? { email: profile.email } : {}) },
    invitations: invitations.flatMap((inv) => {
      const c = mine({ id: inv.courseId });
      return c
        ? [{ id: inv.id, role: inv.role, canInviteOwner: canInviteOwner(viewer.role, c, myId), ...label(c) }]
        : [];
    }),
    memberships: [
      ...teaching.flatMap((t) => {
        const c = mine(t);
        return c
          ? [
              {
                ...label(c),
                state: c.state,
                role: c.ownerId === profile.id ? ("OWNER" as const) : ("TEACHER" as const),
              },
            ]
          : [];
      }),
      ...studying.flatMap((s) => {
        const c = mine(s);
        return c ? [{ ...label(c), state: c.state, role: "STUDENT" as const }] : [];
      }),
    ].sort((a, b) => a.courseName.localeCompare(b.courseName)),
  };
}

/**
 * The person's pending invitations in the given classes. invitations.list by user is one call;
 * which invitations it shows a teacher or an admin is not documented, so if Classroom refuses
 * it, each class's own list (the cached one /invitations reads) is searched instead.
 */
async function invitationsOf(
  viewer: Viewer,
  token: AccessToken,
  userId: string,
  courseIds: readonly string[],
): Promise<Invitation[]> {
  try {
    return await listInvitations(token, { userId });
  } catch (e) {
    const error = isAppError(e) ? e : toAppError(e);
    if (error.code !== "PERMISSION_DENIED") throw error;
    const lists = await listInvitationsForCoursesCached(token, viewer.id, courseIds);
    return lists.flatMap((l) => l.invitations.filter((i) => i.userId === userId));
  }
}
