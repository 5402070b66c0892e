import "server-only";

import { courseLabel } from "@/lib/bulk/plan";
import { listManagedCourses, type Caller } from "@/lib/classroom/access";
import type { AccessToken } from "@/lib/classroom/client";

/**
 * The names of the classes a job's rows are in, from the viewer's cached class list (the one
 * the invitations pages read), so a job page costs no read per row. A class that list can't
 * name, or a list that can't be read, leaves the row with its id.
 */
export async function classNames(token: AccessToken, caller: Caller): Promise<Map<string, string>> {
  const courses = await listManagedCourses(token, caller).catch(() => []);
  return new Map(courses.map((c) => [c.id, courseLabel(c)]));
}
