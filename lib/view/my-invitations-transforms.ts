// Pure transforms from lib/classroom DTOs to what "My invitations" renders.
import type { Course } from "@/lib/classroom/courses";
import type { Invitation } from "@/lib/classroom/invitations";
import type { Profile } from "@/lib/classroom/profiles";
import type { Member } from "@/lib/classroom/rosters";

import type { CourseDto, MyCourse, MyInvitation, PersonDto } from "./my-invitations";

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
    const sorted = [...roster].sort(
      (a, b) => Number(b.userId === course?.ownerId) - Number(a.userId === course?.ownerId),
    );
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
  return {
    id: inv.id,
    courseId: inv.courseId,
    role: inv.role,
    course: course ? toCourseDto(course) : null,
    teachers,
    owner,
  };
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
