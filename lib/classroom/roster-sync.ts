import "server-only";
// The roster sync's reads: which Classroom class each roster class is, and what each holds.
// Reads only (courses.list, courses.get by alias in /batch rounds, invitations.list, rosters,
// userProfiles of pending invitees); the decisions are lib/roster's, pure and unit-tested.
import type { PlanCourse } from "@/lib/bulk/plan";
import { COURSE_REF_PATTERN } from "@/lib/concepts";
import type { AccessToken } from "@/lib/google/client";
import { matchClass, type ClassMatch } from "@/lib/roster/match";
import type { RosterClass, RosterEnrollment } from "@/lib/roster/model";
import { buildPlan, type RosterPlan } from "@/lib/roster/plan";

import { listManagedCourses, type Caller } from "./access";
import { readSnapshots, toPlanCourse } from "./bulk-preview";
import { getCoursesByRef } from "./courses";
import { emailDomain } from "@/lib/domain-policy";

export interface RosterSyncInput {
  classes: readonly RosterClass[];
  enrollments: readonly RosterEnrollment[];
  /** Saved roster class key → Classroom course id (a hand choice or an earlier match). */
  mapping: ReadonlyMap<string, string>;
  /**
   * An administrator's choice to add the missing people of their own domain directly (the
   * domain of their address). Ignored for anyone else: Classroom lets only admins add directly,
   * and people outside the domain are always invited.
   */
  addDirectly?: { domain: string } | null;
}

/**
 * Admins may sync any class of the domain; teachers only the classes they teach: a class
 * outside `listManagedCourses` is "not yours" whatever the roster or the mapping says, and
 * the commit recomputes this plan, so the browser cannot widen it.
 */
export async function planRosterSync(token: AccessToken, caller: Caller, input: RosterSyncInput): Promise<RosterPlan> {
  const managed = await listManagedCourses(token, caller);
  const courses = managed.map((c) => toPlanCourse(c, true, true));
  const known = new Set(managed.map((c) => c.id));
  const ownerOf = new Map(managed.map((c) => [c.id, c.ownerId]));

  // Aliases (d:<sourcedId>) through courses.get, in /batch rounds of 50.
  const aliases = [...new Set(input.classes.flatMap((c) => c.aliases))].filter((a) => COURSE_REF_PATTERN.test(a));
  const found = new Map<string, PlanCourse>();
  for (const [alias, course] of await getCoursesByRef(token, aliases)) {
    ownerOf.set(course.id, course.ownerId);
    found.set(alias, toPlanCourse(course, known.has(course.id), known.has(course.id)));
  }

  const matches = new Map<string, ClassMatch>(
    input.classes.map((c) => [c.key, matchClass(c, { courses, aliases: found, mapping: input.mapping })]),
  );
  const courseIds = [...new Set([...matches.values()].flatMap((m) => (m.status === "matched" ? [m.course.id] : [])))];
  const states = await readSnapshots(token, courseIds, ownerOf);
  const domain = caller.role === "admin" ? input.addDirectly?.domain.toLowerCase() : undefined;
  return buildPlan(input, matches, states, domain ? { direct: (email) => emailDomain(email) === domain } : {});
}
