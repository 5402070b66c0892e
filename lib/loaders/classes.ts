import "server-only";

import { listManagedCourses } from "@/lib/classroom/access";
import { quotaAwareMaxAge } from "@/lib/classroom/course-cache";
import { listInvitationsForCoursesCached } from "@/lib/classroom/invitation-cache";
import { getProfilesCached } from "@/lib/classroom/profile-cache";
import { countMembers } from "@/lib/classroom/rosters";
import type { AccessToken } from "@/lib/classroom/client";
import { classMatches, type ClassesPage, type ClassesSearch, type ClassRow } from "@/lib/view/classes";

import { ForbiddenError, type Viewer } from "./viewer";

/**
 * Classes per page. Each page costs about three Classroom calls per class (two roster lists,
 * one invitation list, batched 50 to a request), so 25 keeps a page well inside the
 * per-user quota even for a district admin paging quickly.
 */
export const CLASSES_PAGE_SIZE = 25;

/**
 * Every class of the domain, filtered and sorted by name, with counts for the page shown only:
 * the course list is one cached, paged courses.list; rosters and invitations are read for the
 * page's classes alone (invitations through the same per-user cache as /invitations), and the
 * owners' names through the profile cache. Admins only, checked here.
 */
export async function loadClasses(
  viewer: Viewer,
  token: AccessToken,
  search: ClassesSearch,
  signal?: AbortSignal,
): Promise<ClassesPage> {
  if (viewer.role !== "admin") throw new ForbiddenError("Only administrators can see every class of the domain.");
  const courses = await listManagedCourses(token, viewer, signal);
  const byState: Record<string, number> = {};
  for (const c of courses) byState[c.state] = (byState[c.state] ?? 0) + 1;

  const matching = courses
    .filter((c) => (!search.state || c.state === search.state) && classMatches(c, search.q))
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || (a.section ?? "").localeCompare(b.section ?? "") || a.id.localeCompare(b.id),
    );
  const pageCount = Math.max(1, Math.ceil(matching.length / CLASSES_PAGE_SIZE));
  const page = Math.min(search.page ?? 1, pageCount);
  const shown = matching.slice((page - 1) * CLASSES_PAGE_SIZE, page * CLASSES_PAGE_SIZE);
  const ids = shown.map((c) => c.id);

  const [members, invitations, owners] = await Promise.all([
    countMembers(token, ids, { signal }),
    listInvitationsForCoursesCached(token, viewer.id, ids, { signal, maxAgeMs: quotaAwareMaxAge(token, ids.length) }),
    getProfilesCached(token, viewer.id, [...new Set(shown.map((c) => c.ownerId))], { signal }).catch(() => null),
  ]);

  const rows = shown.map((c, i): ClassRow => {
    const m = members[i]!;
    const inv = invitations[i]!;
    const owner = owners?.profiles.get(c.ownerId);
    return {
      id: c.id,
      name: c.name,
      ...(c.section ? { section: c.section } : {}),
      state: c.state,
      owner: { id: c.ownerId, ...(owner ? { name: owner.name, ...(owner.email ? { email: owner.email } : {}) } : {}) },
      teachers: m.error ? null : m.teachers,
      students: m.error ? null : m.students,
      pending: inv.error ? null : inv.invitations.length,
    };
  });
  return { rows, total: matching.length, byState, page, pageCount };
}
