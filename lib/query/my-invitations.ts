import "server-only";

import { requireToken, type CurrentUser } from "@/lib/auth/session";
import { getGoogleAccessToken } from "@/lib/auth/tokens";
import { getCourse, listCourses, type Course } from "@/lib/classroom/courses";
import { listInvitations, type Invitation } from "@/lib/classroom/invitations";
import { getProfile, getProfiles, type Profile } from "@/lib/classroom/profiles";
import { listTeachers, type Member } from "@/lib/classroom/rosters";
import { asAccessToken, type AccessToken } from "@/lib/google/client";

import type { CourseDto, MyCourse, MyInvitation, MyInvitationsData, PersonDto } from "./my-invitations-options";

export type { MyInvitationsData } from "./my-invitations-options";

/** For the page: redirects to sign-in when the Google grant is unusable. */
export async function getMyInvitations(user: CurrentUser): Promise<MyInvitationsData> {
  return loadMyInvitations(await requireToken(user));
}

/**
 * The signed-in user's pending invitations, each with what the UI needs to decide (class,
 * section, state, teachers, role, and for OWNER who the owner is today), plus "My courses".
 *
 * Shared by the server page and the GET route handler (STYLE 7). Invitees may read an invited
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
  const ownerProfiles = ownerIds.length ? await getProfiles(token, ownerIds).catch(() => new Map<string, Profile | null>()) : new Map<string, Profile | null>();

  return {
    invitations: invitations.map((inv) =>
      toMyInvitation(inv, courseById.get(inv.courseId) ?? null, rosterById.get(inv.courseId) ?? null, ownerProfiles),
    ),
    courses: toMyCourses(teaching, enrolled, me?.id ?? null),
  };
}

/** One invitations.list for the navigation badge. Null rather than an error: a badge must never break a page. */
export async function getPendingInvitationCount(user: Pick<CurrentUser, "id">): Promise<number | null> {
  try {
    const token = asAccessToken(await getGoogleAccessToken(user.id));
    return (await listInvitations(token, { userId: "me" })).length;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Pure transforms (exported for tests)

export function toCourseDto(course: Course): CourseDto {
  const dto: CourseDto = { id: course.id, name: course.name, state: course.state };
  if (course.section) dto.section = course.section;
  if (course.link) dto.link = course.link;
  return dto;
}

function toPerson(profile: Profile): PersonDto {
  return profile.email ? { name: profile.name, email: profile.email } : { name: profile.name };
}

export function toMyInvitation(
  inv: Invitation,
  course: Course | null,
  roster: readonly Member[] | null,
  ownerProfiles: ReadonlyMap<string, Profile | null>,
): MyInvitation {
  let teachers: PersonDto[] = [];
  let owner: PersonDto | null = null;
  if (roster) {
    const sorted = [...roster].sort((a, b) => Number(b.userId === course?.ownerId) - Number(a.userId === course?.ownerId));
    teachers = sorted.map((m) => toPerson(m.profile));
    const ownerMember = course ? roster.find((m) => m.userId === course.ownerId) : undefined;
    owner = ownerMember ? toPerson(ownerMember.profile) : null;
  } else if (course?.ownerId) {
    const profile = ownerProfiles.get(course.ownerId);
    if (profile) {
      owner = toPerson(profile);
      teachers = [owner];
    }
  }
  return { id: inv.id, courseId: inv.courseId, role: inv.role, course: course ? toCourseDto(course) : null, teachers, owner };
}

/** Classes I teach (owner or co-teacher), then classes I attend; one entry per class. */
export function toMyCourses(teaching: readonly Course[], enrolled: readonly Course[], myId: string | null): MyCourse[] {
  const out: MyCourse[] = [];
  const seen = new Set<string>();
  for (const c of teaching) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({ ...toCourseDto(c), role: myId && c.ownerId === myId ? "OWNER" : "TEACHER" });
  }
  for (const c of enrolled) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({ ...toCourseDto(c), role: "STUDENT" });
  }
  return out;
}
