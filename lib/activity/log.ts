import "server-only";

import { courseLabel } from "@/lib/bulk/plan";
import type { Course } from "@/lib/classroom/courses";
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

/**
 * The class an entry is about, as the server read it (its canonical id and its name): a
 * person's own click and a job's row record it alike.
 */
export function courseFields(course: Course | undefined): Pick<ActivityEntry, "courseId" | "courseName"> {
  return course ? { courseId: course.id, courseName: courseLabel(course) } : {};
}

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
  /** Part of the actor's email or of their name, as they signed in. */
  actor?: string;
  courseId?: string;
  action?: string;
  outcome?: "ok" | "error";
  q?: string;
  /** Calendar days (YYYY-MM-DD, UTC), both included. */
  from?: string;
  to?: string;
  /** The entries of one run (a bulk run's chunks, or a job). */
  batchId?: string;
  limit?: number;
  /** Keyset paging: entries (or runs) older than this id. */
  before?: string;
};

/** Page size ceiling; the CSV export reads up to EXPORT_LIMIT. */
const MAX_LIMIT = 1000;
export const EXPORT_LIMIT = 10_000;

const like = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/** The WHERE clause of a filter, over `activity_log a LEFT JOIN users u ON u.id = a.actor_id`. */
function whereOf(filter: ActivityFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.visibleTo) {
    where.push(
      `(a.course_id = ANY(${bind([...filter.visibleTo.courseIds])}::text[]) OR a.actor_id = ${bind(filter.visibleTo.actorId)})`,
    );
  }
  if (filter.actor) {
    const p = bind(like(filter.actor));
    where.push(`(a.actor_email ILIKE ${p} OR u.name ILIKE ${p})`);
  }
  if (filter.courseId) where.push(`a.course_id = ${bind(filter.courseId)}`);
  if (filter.action) where.push(`a.action = ${bind(filter.action)}`);
  if (filter.outcome) where.push(`a.outcome = ${bind(filter.outcome)}`);
  if (filter.from) where.push(`a.at >= (${bind(filter.from)}::date AT TIME ZONE 'UTC')`);
  if (filter.to) where.push(`a.at < ((${bind(filter.to)}::date + 1) AT TIME ZONE 'UTC')`);
  if (filter.batchId) where.push(`a.batch_id = ${bind(filter.batchId)}`);
  if (filter.q) {
    const p = bind(like(filter.q));
    // A name is matched through what the dashboard already knows: the actor's sign-in name and
    // the invitee's cached Classroom profile.
    where.push(
      `(a.invitee ILIKE ${p} OR a.course_name ILIKE ${p} OR a.actor_email ILIKE ${p} OR a.error_code ILIKE ${p} OR u.name ILIKE ${p}
        OR EXISTS (SELECT 1 FROM profile_cache pc WHERE lower(pc.email) = a.invitee AND pc.name ILIKE ${p}))`,
    );
  }
  return { where: where.length ? `WHERE ${where.join(" AND ")}` : "", params, bind };
}

const COLUMNS =
  "a.id, a.at, a.actor_id, a.actor_email, a.action, a.course_id, a.course_name, a.invitee, a.role, a.invitation_id, a.outcome, a.error_code, a.batch_id";

function toRow(r: Record<string, unknown>): ActivityRow {
  const row: ActivityRow = {
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
  };
  if (r.n !== undefined && r.n !== null) row.run = { count: Number(r.n), ok: Number(r.n_ok) };
  return row;
}

const limitOf = (limit: number | undefined, max = MAX_LIMIT) => Math.min(Math.max(limit ?? 100, 1), max);

/** Single entries, newest first (a run's rows, the CSV export). */
export async function listActivity(filter: ActivityFilter = {}, opts: { max?: number } = {}): Promise<ActivityRow[]> {
  const { where, params, bind } = whereOf(filter);
  const before = filter.before ? `${where ? " AND" : "WHERE"} a.id < ${bind(filter.before)}::bigint` : "";
  // Order by the bigint column, not the text alias: "99" sorts after "100" as text.
  const rows = await (
    await db()
  ).query<Record<string, unknown>>(
    `SELECT a.id::text AS id_text, ${COLUMNS.replace("a.id, ", "")}
       FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id ${where}${before}
      ORDER BY a.id DESC LIMIT ${limitOf(filter.limit, opts.max)}`,
    params,
  );
  return rows.map(toRow);
}

/**
 * The log as the page shows it: each run (the rows sharing a batch id, made by one user) is one
 * entry carrying its counts, dated by its newest row; other entries stand alone. Fields that
 * differ between a run's rows (invitee, or the class of a run over several) are left empty.
 */
export async function listActivityGrouped(filter: ActivityFilter = {}): Promise<ActivityRow[]> {
  const { where, params, bind } = whereOf(filter);
  const before = filter.before ? `WHERE g.id < ${bind(filter.before)}::bigint` : "";
  const one = (col: string) => `CASE WHEN count(DISTINCT ${col}) = 1 THEN min(${col}) END`;
  const rows = await (
    await db()
  ).query<Record<string, unknown>>(
    `WITH f AS (SELECT ${COLUMNS} FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id ${where}),
     g AS (
       SELECT id, at, actor_email, action, course_id, course_name, invitee, role, invitation_id, outcome, error_code,
              batch_id, NULL::bigint AS n, NULL::bigint AS n_ok
         FROM f WHERE batch_id IS NULL
       UNION ALL
       SELECT max(id), max(at), min(actor_email), min(action), ${one("course_id")}, ${one("course_name")},
              CASE WHEN count(*) = 1 THEN min(invitee) END, ${one("role")},
              CASE WHEN count(*) = 1 THEN min(invitation_id) END,
              CASE WHEN bool_and(outcome = 'ok') THEN 'ok' ELSE 'error' END,
              ${one("error_code")}, batch_id, count(*), count(*) FILTER (WHERE outcome = 'ok')
         FROM f WHERE batch_id IS NOT NULL GROUP BY actor_id, batch_id
     )
     SELECT g.id::text AS id_text, g.* FROM g ${before} ORDER BY g.id DESC LIMIT ${limitOf(filter.limit)}`,
    params,
  );
  return rows.map(toRow);
}
