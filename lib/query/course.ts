import { queryOptions } from "@tanstack/react-query";

import { queryKeys } from "./keys";

/**
 * The course page's read (issue 3 §6): one class with its teachers, students and pending
 * invitations. Shared by the server loader (course-server.ts), the GET route handler
 * `/api/courses/[courseId]` and the client, so no server-only imports here.
 */
export type CoursePerson = { userId: string; name: string; email?: string };

export type CourseInvitationRow = {
  id: string;
  userId: string;
  role: "STUDENT" | "TEACHER" | "OWNER";
  name?: string;
  email?: string;
};

export type CoursePageData = {
  course: { id: string; name: string; section?: string; state: string; link?: string; ownerId: string };
  /** The viewer owns the class or is an admin: may invite (or re-role to) an owner. */
  canInviteOwner: boolean;
  asAdmin: boolean;
  teachers: (CoursePerson & { isOwner: boolean })[];
  students: CoursePerson[];
  invitations: CourseInvitationRow[];
};

export class CourseFetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CourseFetchError";
  }
}

export function courseQueryOptions(courseId: string) {
  return queryOptions({
    queryKey: queryKeys.course(courseId),
    queryFn: async ({ signal }): Promise<CoursePageData> => {
      const res = await fetch(`/api/courses/${encodeURIComponent(courseId)}`, {
        signal,
        headers: { accept: "application/json" },
      });
      const body = (await res.json().catch(() => null)) as
        { error?: { code: string; message: string } } | CoursePageData | null;
      if (!res.ok || !body || "error" in body) {
        const err = body && "error" in body ? body.error : undefined;
        throw new CourseFetchError(
          res.status,
          err?.code ?? "UNKNOWN",
          err?.message ?? "The class could not be loaded. Try again.",
        );
      }
      return body as CoursePageData;
    },
  });
}
