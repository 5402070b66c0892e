import "server-only";
import type { CallOptions } from "@/lib/google/call";
import type { AccessToken } from "@/lib/google/client";
import { listCoursesPage, type Course } from "./courses";
import { getProfileDetails, type Profile } from "./profiles";

export type DetectedRole = "admin" | "teacher" | "student";

export interface RoleSignals {
  /** First page of an unfiltered courses.list. */
  visible: readonly Pick<Course, "id">[];
  /** First page with teacherId=me. */
  teaching: readonly Pick<Course, "id">[];
  /** First page with studentId=me. */
  enrolled: readonly Pick<Course, "id">[];
  canCreateCourses: boolean;
  verifiedTeacher: boolean;
}

/**
 * Pure decision, separated for tests.
 *
 * Classroom has no admin flag. A domain admin is recognised because an unfiltered courses.list
 * shows them courses they neither teach nor attend: for anyone else it returns only their own
 * classes ("courses visible to the caller", notes §5.1). All three lists are ordered newest
 * first, so comparing first pages is exact: if a course in the unfiltered first page is one the
 * caller teaches, fewer than `pageSize` of the caller's taught courses are newer, so it is also
 * in the teacherId=me first page (same for students).
 *
 * Limits: an admin whose domain has no course other than their own looks like a teacher or a
 * student; a non-admin who can see a course for another reason (e.g. a SUSPENDED course they
 * own but no longer teach, if Classroom lists it) would look like an admin. Treat the result as
 * a UI hint; Classroom still enforces every permission on each call.
 */
export function decideRole(signals: RoleSignals): DetectedRole {
  const mine = new Set([...signals.teaching, ...signals.enrolled].map((c) => c.id));
  if (signals.visible.some((c) => !mine.has(c.id))) return "admin";
  if (signals.teaching.length > 0 || signals.canCreateCourses || signals.verifiedTeacher) return "teacher";
  return "student";
}

const SAMPLE_PAGE_SIZE = 100;

/** Who the caller is, as far as Classroom can tell: admin, teacher or student, plus their profile. */
export async function detectRole(
  token: AccessToken,
  opts: CallOptions = {},
): Promise<{ role: DetectedRole; profile: Profile }> {
  const page = { pageSize: SAMPLE_PAGE_SIZE };
  const [details, visible, teaching, enrolled] = await Promise.all([
    getProfileDetails(token, "me", opts),
    listCoursesPage(token, page, opts),
    listCoursesPage(token, { ...page, teacherId: "me" }, opts),
    listCoursesPage(token, { ...page, studentId: "me" }, opts),
  ]);
  const role = decideRole({
    visible: visible.courses,
    teaching: teaching.courses,
    enrolled: enrolled.courses,
    canCreateCourses: details.canCreateCourses,
    verifiedTeacher: details.verifiedTeacher,
  });
  return { role, profile: details.profile };
}
