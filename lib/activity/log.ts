import "server-only";

import { db } from "@/lib/db";

import type { ActivityActionName } from "@/lib/concepts";
import type { ActivityEntryView } from "@/lib/view/activity";

/**
 * The history Classroom does not keep: every mutation made through the
 * dashboard, with who, when, what and the outcome. The action names are lib/concepts'
 * ACTIVITY_ACTIONS, the list the page filters by.
 */
export type ActivityAction = ActivityActionName;

export type ActivityEntry = {
  actor: { id: string; email: string };
  action: ActivityAction;
  courseId?: string | null;
  courseName?: string | null;
  invitee?: string | null;
  role?: string | null;
  invitationId?: string | null;
  outcome: "ok" | "error";
  errorCode?: string | null;
  batchId?: string | null;
  details?: Record<string, unknown> | null;
};

/** A stored entry: what the activity page shows (ActivityEntryView), with a known action. */
export type ActivityRow = ActivityEntryView & { action: ActivityAction };

/** Course names and e-mails come from outside; Postgres refuses U+0000 in text. */
const clean = (v: string | null | undefined) => (v == null ? null : v.replace(/\u0000/g, ""));

export async function recordActivity(entries: ActivityEntry | ActivityEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const cols = 12;
  const values: unknown[] = [];
  const tuples = list.map((e, i) => {
    values.push(
      e.actor.id,
      e.actor.email.toLowerCase(),
      e.action,
      clean(e.courseId),
      clean(e.courseName),
      clean(e.invitee?.toLowerCase()),
      clean(e.role),
      clean(e.invitationId),
      e.outcome,
      e.errorCode ?? null,
      e.batchId ?? null,
      // jsonb refuses the \u0000 escape JSON.stringify writes for a NUL.
      e.details == null ? null : JSON.stringify(e.details).replace(/\\u0000/g, ""),
    );
    return `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}${j === cols - 1 ? "::jsonb" : ""}`).join(", ")})`;
  });
  await (
    await db()
  ).query(
    `INSERT INTO activity_log (actor_id, actor_email, action, course_id, course_name, invitee, role, invitation_id, outcome, error_code, batch_id, details)
     VALUES ${tuples.join(", ")}`,
    values,
  );
}

/**
 * For writes that already happened (in Classroom): the log is a record, not a gate, so a
 * failed insert must not turn a done change into a reported failure. Logged on the server
 * and swallowed.
 */
export async function recordActivityBestEffort(entries: ActivityEntry | ActivityEntry[]): Promise<void> {
  try {
    await recordActivity(entries);
  } catch (e) {
    const what = Array.isArray(entries)
      ? `${entries.length} entries`
      : `${entries.action} for invitation ${entries.invitationId ?? "?"}`;
    console.error(`[activity] could not record ${what}:`, e instanceof Error ? e.message : e);
  }
}

export type ActivityFilter = {
  /** Teachers: entries about these courses, or made by this actor. Undefined = everything (admins). */
  visibleTo?: { courseIds: readonly string[]; actorId: string };
  actorEmail?: string;
  courseId?: string;
  action?: string;
  outcome?: "ok" | "error";
  q?: string;
  limit?: number;
  /** Keyset paging: entries older than this id. */
  before?: string;
};

export async function listActivity(filter: ActivityFilter = {}): Promise<ActivityRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.visibleTo) {
    where.push(
      `(course_id = ANY(${bind([...filter.visibleTo.courseIds])}::text[]) OR actor_id = ${bind(filter.visibleTo.actorId)})`,
    );
  }
  if (filter.actorEmail) where.push(`actor_email = ${bind(filter.actorEmail.toLowerCase())}`);
  if (filter.courseId) where.push(`course_id = ${bind(filter.courseId)}`);
  if (filter.action) where.push(`action = ${bind(filter.action)}`);
  if (filter.outcome) where.push(`outcome = ${bind(filter.outcome)}`);
  if (filter.before) where.push(`activity_log.id < ${bind(filter.before)}::bigint`);
  if (filter.q) {
    const like = bind(`%${filter.q.replace(/[\\%_]/g, "\\$&")}%`);
    where.push(
      `(invitee ILIKE ${like} OR course_name ILIKE ${like} OR actor_email ILIKE ${like} OR error_code ILIKE ${like})`,
    );
  }
  // Order by the bigint column, not the text alias: "99" sorts after "100" as text.
  const rows = await (
    await db()
  ).query<Record<string, unknown>>(
    `SELECT id::text AS id_text, at, actor_email, action, course_id, course_name, invitee, role, invitation_id, outcome, error_code, batch_id
       FROM activity_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY activity_log.id DESC LIMIT ${Math.min(Math.max(filter.limit ?? 100, 1), 1000)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id_text as string,
    at: new Date(r.at as string).toISOString(),
    actorEmail: r.actor_email as string,
    action: r.action as ActivityAction,
    courseId: (r.course_id as string) ?? null,
    courseName: (r.course_name as string) ?? null,
    invitee: (r.invitee as string) ?? null,
    role: (r.role as string) ?? null,
    invitationId: (r.invitation_id as string) ?? null,
    outcome: r.outcome as "ok" | "error",
    errorCode: (r.error_code as string) ?? null,
    batchId: (r.batch_id as string) ?? null,
  }));
}
