import "server-only";
import type { CallOptions } from "@/lib/google/call";
import type { AccessToken } from "@/lib/google/client";
import { listCourses, listCoursesPage, type Course } from "./courses";
import { getProfileDetails, type Profile } from "./profiles";

export type DetectedRole = "admin" | "teacher" | "student";

export interface RoleSignals {
  /** The caller's own Classroom user id (userProfiles.get("me")). */
  me: string;
  /** First page of an unfiltered courses.list. */
  visible: readonly Pick<Course, "id" | "ownerId">[];
  /** Every page with teacherId=me (read before the unfiltered list, and again after it). */
  teaching: readonly Pick<Course, "id">[];
  /** Every page with studentId=me (likewise). */
  enrolled: readonly Pick<Course, "id">[];
}

/**
 * Pure decision, separated for tests.
 *
 * Classroom has no admin flag. A domain admin is recognised because an unfiltered courses.list
 * shows them courses they neither own, teach nor attend: for anyone else it returns only their
 * own classes ("courses visible to the caller", docs/CONTRACTS.md). The caller's own classes are
 * read in full, since Google may return pages shorter than `pageSize`: a first page of the
 * unfiltered list is then compared with all of them, not with another first page.
 *
 * Teacher means teaching a class here. Neither the CREATE_COURSE permission nor `verifiedTeacher`
 * is evidence: Google gives both to accounts of other schools too (an external guest with no
 * class was shown teacher pages), and someone with no class has nothing to manage. Anyone else
 * gets the least privilege, student.
 *
 * Limits: an admin whose domain has no course other than their own looks like a teacher or a
 * student. Treat the result as a UI hint; Classroom still enforces every permission on each call.
 */
export function decideRole(signals: RoleSignals): DetectedRole {
  const mine = new Set([...signals.teaching, ...signals.enrolled].map((c) => c.id));
  if (signals.visible.some((c) => c.ownerId !== signals.me && !mine.has(c.id))) return "admin";
  if (signals.teaching.length > 0) return "teacher";
  return "student";
}

const SAMPLE_PAGE_SIZE = 100;
/** Bounds the caller's own lists (2,000 classes); past that a class may look foreign. */
const OWN_MAX_PAGES = 20;

/**
 * Who the caller is, as far as Classroom can tell: admin, teacher or student, plus their profile.
 *
 * The three lists are separate reads, and the caller's classes may change between them (a class
 * deleted, created, joined or left). Read in parallel, a class the teacher deleted after the
 * unfiltered read but before the teacherId=me read looked foreign, and made them admin. So the
 * caller's own classes are read before the unfiltered list and, when it shows a class that looks
 * foreign, once more after it: a single change in between then shows up on one side or the other.
 */
export async function detectRole(
  token: AccessToken,
  opts: CallOptions = {},
): Promise<{ role: DetectedRole; profile: Profile }> {
  const page = { pageSize: SAMPLE_PAGE_SIZE };
  const own = { ...page, maxPages: OWN_MAX_PAGES };
  const ownClasses = () =>
    Promise.all([
      listCourses(token, { ...own, teacherId: "me" }, opts),
      listCourses(token, { ...own, studentId: "me" }, opts),
    ]);
  const [details, [teaching, enrolled]] = await Promise.all([getProfileDetails(token, "me", opts), ownClasses()]);
  const visible = await listCoursesPage(token, page, opts);
  let signals: RoleSignals = {
    me: details.profile.id,
    visible: visible.courses,
    teaching,
    enrolled,
  };
  if (decideRole(signals) === "admin") {
    const [teachingAfter, enrolledAfter] = await ownClasses();
    signals = {
      ...signals,
      teaching: [...signals.teaching, ...teachingAfter],
      enrolled: [...signals.enrolled, ...enrolledAfter],
    };
  }
  return { role: decideRole(signals), profile: details.profile };
}
