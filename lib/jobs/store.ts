import "server-only";

import type { Course } from "@/lib/classroom/courses";
import type { Db } from "@/lib/db";

import { errorText, isRetryableCode, RETRYABLE_CODES } from "./failures";
import type { JobDto, JobItemDto } from "./view";

/** The kinds of bulk work that run as jobs. */
export const JOB_KINDS = ["invite", "revoke", "change-role", "resend", "roster-sync"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobState = "queued" | "running" | "waiting" | "paused" | "done" | "failed" | "cancelled";
export type ItemState = "pending" | "sending" | "done" | "failed" | "cancelled";
/** Why a job is paused: its creator paused it, or their Google grant stopped working. */
export type PauseReason = "user" | "reauth";

/** What a roster-sync item does; items of the other kinds do what their job's kind says. */
export type ItemOp = "invite" | "revoke" | "change-role" | "add" | "remove";

/** One row of work: an invitation to create, or the invitation to act on. */
export interface JobItemInput {
  courseId: string;
  /** The invitee: an email or a numeric id. */
  invitee: string;
  role?: string;
  /** The invitation acted on (revoke, change-role, resend). */
  invitationId?: string;
  /** change-role and resend: the role the invitation had when it was chosen. */
  fromRole?: string;
  op?: ItemOp;
}

export interface Job {
  id: string;
  kind: JobKind;
  creatorId: string;
  creatorEmail: string;
  state: JobState;
  pauseReason: PauseReason | null;
  waitUntil: Date | null;
  total: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** Items by state. */
  counts: Record<ItemState, number>;
  /** Failed items whose failure was transient. */
  retryableFailed: number;
}

export interface JobItem {
  seq: number;
  courseId: string;
  invitee: string;
  role: string | null;
  fromRole: string | null;
  invitationId: string | null;
  op: ItemOp | null;
  state: ItemState;
  outcome: string | null;
  errorCode: string | null;
  attempts: number;
}

type JobRow = {
  id: string;
  kind: JobKind;
  creator_id: string;
  creator_email: string;
  state: JobState;
  pause_reason: PauseReason | null;
  wait_until: Date | string | null;
  total: number;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
  counts: Partial<Record<ItemState, number | string>> | string | null;
  retryable_failed: number | string | null;
};

type ItemRow = {
  seq: number;
  course_id: string;
  invitee: string;
  role: string | null;
  from_role: string | null;
  invitation_id: string | null;
  op?: ItemOp | null;
  state: ItemState;
  outcome: string | null;
  error_code: string | null;
  attempts: number;
};

const date = (v: Date | string) => new Date(v);

function toJob(r: JobRow): Job {
  const raw = (typeof r.counts === "string" ? JSON.parse(r.counts) : r.counts) ?? {};
  const n = (k: ItemState) => Number(raw[k] ?? 0);
  return {
    id: r.id,
    kind: r.kind,
    creatorId: r.creator_id,
    creatorEmail: r.creator_email,
    state: r.state,
    pauseReason: r.pause_reason,
    waitUntil: r.wait_until ? date(r.wait_until) : null,
    total: Number(r.total),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    finishedAt: r.finished_at ? date(r.finished_at) : null,
    counts: {
      pending: n("pending"),
      sending: n("sending"),
      done: n("done"),
      failed: n("failed"),
      cancelled: n("cancelled"),
    },
    retryableFailed: Number(r.retryable_failed ?? 0),
  };
}

export function toJobItem(r: ItemRow): JobItem {
  return {
    seq: r.seq,
    courseId: r.course_id,
    invitee: r.invitee,
    role: r.role,
    fromRole: r.from_role ?? null,
    invitationId: r.invitation_id,
    op: r.op ?? null,
    state: r.state,
    outcome: r.outcome,
    errorCode: r.error_code,
    attempts: r.attempts,
  };
}

// The codes are our own constants (lib/google/error-codes.ts), never input.
const RETRYABLE_SQL = `ARRAY[${RETRYABLE_CODES.map((c) => `'${c}'`).join(", ")}]::text[]`;

const JOB_SELECT = `
  SELECT j.*, (SELECT jsonb_object_agg(state, n) FROM
    (SELECT state, count(*) AS n FROM job_items WHERE job_id = j.id GROUP BY state) c) AS counts,
    (SELECT count(*)::int FROM job_items WHERE job_id = j.id AND state = 'failed'
       AND error_code = ANY(${RETRYABLE_SQL})) AS retryable_failed
  FROM jobs j`;

/** Stores a job and its items in one transaction; the caller then queues it (lib/jobs/runtime.ts). */
export async function insertJob(
  d: Db,
  input: { kind: JobKind; creatorId: string; creatorEmail: string; items: readonly JobItemInput[] },
): Promise<string> {
  return d.transaction(async (tx) => {
    const [job] = await tx.query<{ id: string }>(
      "INSERT INTO jobs (kind, creator_id, creator_email, total) VALUES ($1, $2, $3, $4) RETURNING id",
      [input.kind, input.creatorId, input.creatorEmail, input.items.length],
    );
    const id = job!.id;
    // One statement for any number of items: a 5,000-row job is one round trip, not 5,000.
    await tx.query(
      `INSERT INTO job_items (job_id, seq, course_id, invitee, role, invitation_id, from_role, op)
       SELECT $1, (x.ordinality - 1)::int, x.value->>'courseId', x.value->>'invitee', x.value->>'role',
         x.value->>'invitationId', x.value->>'fromRole', x.value->>'op'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x`,
      [id, JSON.stringify(input.items)],
    );
    return id;
  });
}

export async function getJob(d: Pick<Db, "query">, id: string): Promise<Job | undefined> {
  const [row] = await d.query<JobRow>(`${JOB_SELECT} WHERE j.id = $1`, [id]);
  return row ? toJob(row) : undefined;
}

/** Newest first; one creator's jobs, or everyone's (admins). */
export async function listJobs(d: Db, opts: { creatorId?: string; limit?: number } = {}): Promise<Job[]> {
  const rows = await d.query<JobRow>(
    `${JOB_SELECT} WHERE ($1::text IS NULL OR j.creator_id = $1) ORDER BY j.created_at DESC LIMIT $2`,
    [opts.creatorId ?? null, opts.limit ?? 100],
  );
  return rows.map(toJob);
}

export async function listItems(
  d: Pick<Db, "query">,
  jobId: string,
  opts: { states?: readonly ItemState[]; limit?: number; afterSeq?: number } = {},
): Promise<JobItem[]> {
  const rows = await d.query<ItemRow>(
    `SELECT seq, course_id, invitee, role, from_role, invitation_id, op, state, outcome, error_code, attempts FROM job_items
     WHERE job_id = $1 AND ($2::text[] IS NULL OR state = ANY($2::text[])) AND seq > $3
     ORDER BY seq LIMIT $4`,
    [jobId, opts.states ?? null, opts.afterSeq ?? -1, opts.limit ?? 100_000],
  );
  return rows.map(toJobItem);
}

/** The fields an item's answer sets. */
export interface ItemResult {
  seq: number;
  state: ItemState;
  outcome?: string | null;
  errorCode?: string | null;
  invitationId?: string | null;
  /** Classroom's numeric id of the invitee, when the answer named it: for invitation_meta, not stored here. */
  userId?: string | null;
  /** The class the answer was checked against, when the creator may write to it: for the activity log, not stored here. */
  course?: Course;
}

/** Records several items' answers in one statement. */
export async function recordItems(tx: Pick<Db, "query">, jobId: string, results: readonly ItemResult[]): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    `UPDATE job_items i SET state = r.state, outcome = r.outcome, error_code = r.error_code,
       invitation_id = COALESCE(r.invitation_id, i.invitation_id), updated_at = now()
     FROM jsonb_to_recordset($2::jsonb) AS r(seq int, state text, outcome text, error_code text, invitation_id text)
     WHERE i.job_id = $1 AND i.seq = r.seq`,
    [
      jobId,
      JSON.stringify(
        results.map((r) => ({
          seq: r.seq,
          state: r.state,
          outcome: r.outcome ?? null,
          error_code: r.errorCode ?? null,
          invitation_id: r.invitationId ?? null,
        })),
      ),
    ],
  );
}

/** Marks items as posted (answer pending), counting the attempt, before anything is sent. */
export async function markSending(d: Pick<Db, "query">, jobId: string, seqs: readonly number[]): Promise<void> {
  await d.query(
    "UPDATE job_items SET state = 'sending', attempts = attempts + 1, updated_at = now() WHERE job_id = $1 AND seq = ANY($2::int[])",
    [jobId, seqs],
  );
}

/**
 * Moves a job from one of `from` to `to`, atomically: a control (pause, cancel) and the worker
 * never overwrite each other's decision. Returns whether it moved.
 */
export async function transition(
  d: Pick<Db, "query">,
  id: string,
  from: readonly JobState[],
  to: JobState,
  extra: { pauseReason?: PauseReason | null; waitUntil?: Date | null } = {},
): Promise<boolean> {
  const final = to === "done" || to === "failed" || to === "cancelled";
  const rows = await d.query(
    `UPDATE jobs SET state = $3, pause_reason = $4, wait_until = $5, updated_at = now(),
       finished_at = CASE WHEN $6 THEN now() ELSE NULL END
     WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
    [id, from, to, extra.pauseReason ?? null, extra.waitUntil ?? null, final],
  );
  return rows.length > 0;
}

/** The browser's view of a job (lib/jobs/view.ts). */
export function toJobDto(job: Job): JobDto {
  return {
    id: job.id,
    kind: job.kind,
    creatorEmail: job.creatorEmail,
    state: job.state,
    pauseReason: job.pauseReason,
    waitUntil: job.waitUntil?.toISOString() ?? null,
    total: job.total,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    counts: job.counts,
    retryableFailed: job.retryableFailed,
  };
}

export function toJobItemDto(item: JobItem, classNames?: ReadonlyMap<string, string>): JobItemDto {
  return {
    seq: item.seq,
    courseId: item.courseId,
    courseName: classNames?.get(item.courseId) ?? null,
    invitee: item.invitee,
    role: item.role,
    invitationId: item.invitationId,
    state: item.state,
    outcome: item.outcome,
    errorCode: item.errorCode,
    message: item.state === "failed" ? errorText(item.errorCode) : null,
    retryable: item.state === "failed" && isRetryableCode(item.errorCode),
  };
}

/** Transient failures go back in line, with fresh attempts; failures that would fail again stay. */
export async function resetRetryable(tx: Pick<Db, "query">, jobId: string): Promise<number> {
  const rows = await tx.query(
    `UPDATE job_items SET state = 'pending', attempts = 0, error_code = NULL, outcome = NULL, updated_at = now()
     WHERE job_id = $1 AND state = 'failed' AND error_code = ANY(${RETRYABLE_SQL}) RETURNING seq`,
    [jobId],
  );
  return rows.length;
}
