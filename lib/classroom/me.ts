import "server-only";
import type { CallOptions } from "@/lib/google/call";
import type { AccessToken } from "@/lib/google/client";
import { listCoursesPage, type Course } from "./courses";
import { getProfileDetails, type Profile } from "./profiles";

export type DetectedRole = "admin" | "teacher" | "student";

export interface RoleSignals {
  /** The caller's own Classroom user id (userProfiles.get("me")). */
  me: string;
  /** First page of an unfiltered courses.list. */
  visible: readonly Pick<Course, "id" | "ownerId">[];
  /** First page with teacherId=me (read before the unfiltered list, and again after it). */
  teaching: readonly Pick<Course, "id">[];
  /** First page with studentId=me (likewise). */
  enrolled: readonly Pick<Course, "id">[];
  verifiedTeacher: boolean;
}

/**
 * Pure decision, separated for tests.
 *
 * Classroom has no admin flag. A domain admin is recognised because an unfiltered courses.list
 * shows them courses they neither own, teach nor attend: for anyone else it returns only their
 * own classes ("courses visible to the caller", docs/CONTRACTS.md). All three lists are ordered
 * newest first, so comparing first pages is exact: if a course in the unfiltered first page is
 * one the caller teaches, fewer than `pageSize` of the caller's taught courses are newer, so it
 * is also in the teacherId=me first page (same for students).
 *
 * Teacher means teaching a class, or being a verified teacher of the domain. The CREATE_COURSE
 * permission is not evidence: Google gives it to accounts outside any school too (an external
 * guest with no class was shown teacher pages). Anyone else gets the least privilege, student.
 *
 * Limits: an admin whose domain has no course other than their own looks like a teacher or a
 * student. Treat the result as a UI hint; Classroom still enforces every permission on each call.
 */
export function decideRole(signals: RoleSignals): DetectedRole {
  const mine = new Set([...signals.teaching, ...signals.enrolled].map((c) => c.id));
  if (signals.visible.some((c) => c.ownerId !== signals.me && !mine.has(c.id))) return "admin";
  if (signals.teaching.length > 0 || signals.verifiedTeacher) return "teacher";
  return "student";
}

const SAMPLE_PAGE_SIZE = 100;

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
  const ownClasses = () =>
    Promise.all([
      listCoursesPage(token, { ...page, teacherId: "me" }, opts),
      listCoursesPage(token, { ...page, studentId: "me" }, opts),
    ]);
  const [details, [teaching, enrolled]] = await Promise.all([getProfileDetails(token, "me", opts), ownClasses()]);
  const visible = await listCoursesPage(token, page, opts);
  let signals: RoleSignals = {
    me: details.profile.id,
    visible: visible.courses,
    teaching: teaching.courses,
    enrolled: enrolled.courses,
    verifiedTeacher: details.verifiedTeacher,
  };
  if (decideRole(signals) === "admin") {
    const [teachingAfter, enrolledAfter] = await ownClasses();
    signals = {
      ...signals,
      teaching: [...signals.teaching, ...teachingAfter.courses],
      enrolled: [...signals.enrolled, ...enrolledAfter.courses],
    };
  }
  return { role: decideRole(signals), profile: details.profile };
}
