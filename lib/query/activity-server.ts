import "server-only";

import { db } from "@/lib/db";
import type { AccessToken } from "@/lib/google/client";

import type { ActivityEntryView, ActivityPage, ActivitySearch } from "./activity";
import { listManagedCourses } from "./invitations-server";
import type { Viewer } from "./route-auth";

const PAGE_SIZE = 100;

/**
 * The activity log as the viewer may see it, enforced here rather than in the UI: an admin
 * sees everything; a teacher sees entries about the courses they teach now, plus their own
 * actions (a bulk run's summary, or a course they have since left).
 */
export async function loadActivity(viewer: Viewer, token: AccessToken, search: ActivitySearch): Promise<ActivityPage> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (viewer.role !== "admin") {
    const courseIds = (await listManagedCourses(viewer, token)).map((c) => c.id);
    where.push(`(course_id = ANY(${bind(courseIds)}::text[]) OR actor_id = ${bind(viewer.id)})`);
  }
  if (search.action) where.push(`action = ${bind(search.action)}`);
  if (search.outcome) where.push(`outcome = ${bind(search.outcome)}`);
  if (search.actor) where.push(`actor_email = ${bind(search.actor)}`);
  if (search.course) where.push(`course_id = ${bind(search.course)}`);
  if (search.before) where.push(`id < ${bind(search.before)}::bigint`);
  if (search.q) {
    const like = bind(`%${search.q.replace(/[\\%_]/g, "\\$&")}%`);
    where.push(`(invitee ILIKE ${like} OR course_name ILIKE ${like} OR actor_email ILIKE ${like} OR error_code ILIKE ${like})`);
  }
  const rows = await (
    await db()
  ).query<Record<string, unknown>>(
    `SELECT id::text AS id, at, actor_email, action, course_id, course_name, invitee, role, invitation_id, outcome, error_code, batch_id
       FROM activity_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id DESC LIMIT ${PAGE_SIZE + 1}`,
    params,
  );
  const entries: ActivityEntryView[] = rows.slice(0, PAGE_SIZE).map((r) => ({
    id: String(r.id),
    at: new Date(r.at as string).toISOString(),
    actorEmail: r.actor_email as string,
    action: r.action as string,
    courseId: (r.course_id as string | null) ?? null,
    courseName: (r.course_name as string | null) ?? null,
    invitee: (r.invitee as string | null) ?? null,
    role: (r.role as string | null) ?? null,
    invitationId: (r.invitation_id as string | null) ?? null,
    outcome: r.outcome as "ok" | "error",
    errorCode: (r.error_code as string | null) ?? null,
    batchId: (r.batch_id as string | null) ?? null,
  }));
  return {
    entries,
    nextBefore: rows.length > PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null,
    scope: viewer.role === "admin" ? "admin" : "teacher",
  };
}
