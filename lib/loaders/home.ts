import "server-only";

import { requireToken, type CurrentUser } from "@/lib/auth/session";
import { listCourses, type Course } from "@/lib/classroom/courses";

export type { Course };

export type HomeData = {
  teaching: Course[];
  enrolled: Course[];
  /** Admins only: every course in the domain that the admin can see. */
  domainCourses: Course[] | null;
};

/** Server-side read for the home page. Three independent Classroom calls, in parallel. */
export async function getHomeData(user: CurrentUser): Promise<HomeData> {
  const token = await requireToken(user);
  const [teaching, enrolled, domainCourses] = await Promise.all([
    listCourses(token, { teacherId: "me" }),
    listCourses(token, { studentId: "me" }),
    user.role === "admin" ? listCourses(token, {}) : Promise.resolve(null),
  ]);
  return { teaching, enrolled, domainCourses };
}
