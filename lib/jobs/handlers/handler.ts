import "server-only";

import { courseFields, recordActivityBestEffort, type ActivityAction, type ActivityEntry } from "@/lib/activity/log";
import type { CallerRole } from "@/lib/classroom/access";
import type { Db } from "@/lib/db";
import { recordOwnInvitations } from "@/lib/db/invitation-meta";
import { findInvitations } from "@/lib/classroom/create-invitations";
import { emailsOf } from "@/lib/classroom/profile-cache";
import type { Invitation } from "@/lib/classroom/invitations";
import type { AccessToken } from "@/lib/classroom/client";
import type { AppError } from "@/lib/classroom/errors";
import type { WriteOptions } from "@/lib/classroom/write-options";

import { isRetryableCode } from "../failures";

import { recordCapReached, reserve } from "../ledger";
import { rollSlackMs, type Budget } from "../schedule";
import { markSending, type ItemResult, type Job, type JobItem } from "../store";

export interface RunOptions {
  budget?: Budget;
  now?: () => number;
  /** A slice gives the worker back after this long, so one job never holds it for hours. */
  sliceMs?: number;
  /** Items per round: up to four /batch requests of 50, sent at once. */
  chunk?: number;
  /** Sends of one item whose answers said "not done" before it is reported failed. */
  maxAttempts?: number;
  batch?: WriteOptions;
  /**
   * Aborted when this worker's claim on the slice is gone (its heartbeat went unrenewed and
   * another worker may hold the job now): the slice sends no further round.
   */
  signal?: AbortSignal;
  /** Tests: runs after items are marked as sent and before they are (a crash lands here). */
  afterMark?: (seqs: readonly number[]) => Promise<void> | void;
}

export const RUN_DEFAULTS = { sliceMs: 20_000, chunk: 200, maxAttempts: 3 };
export type Options = RunOptions & typeof RUN_DEFAULTS;

export interface HandlerContext {
  d: Db;
  job: Job;
  token: AccessToken;
  budget: Budget;
  now: () => number;
  options: Options;
}

export type Step = { kind: "next" } | { kind: "wait"; until: Date } | { kind: "reauth" };

/** One kind of job: small, and safe to run again from any point it was interrupted. */
export interface Handler {
  send(ctx: HandlerContext, items: readonly JobItem[]): Promise<Step>;
  /** Settles items marked as sent whose answers were lost; "unreachable" if Classroom can't be read. */
  reconcile(ctx: HandlerContext, items: readonly JobItem[]): Promise<"ok" | "unreachable">;
}

/**
 * Items that create invitations take a slot of the sender's budget each, and are marked as
 * sent before anything is sent. None fits: when the next slot frees up.
 */
export async function claimSlots(
  ctx: HandlerContext,
  items: readonly JobItem[],
): Promise<{ batch: JobItem[] } | { wait: Step }> {
  const { d, job, budget, now, options } = ctx;
  const seqs = items.map((i) => i.seq);
  const { granted, nextAt } = await reserve(d, job.creatorId, job.id, seqs, budget, now());
  if (granted.length === 0) return { wait: { kind: "wait", until: new Date(nextAt! + rollSlackMs(budget)) } };
  await markSending(d, job.id, granted);
  await options.afterMark?.(granted);
  return { batch: items.filter((i) => granted.includes(i.seq)) };
}

/**
 * What Classroom holds for each item's person in its class (one invitation at most), to settle
 * items whose answers were lost; null when Classroom can't be read, so nothing is guessed.
 * Classroom's lists lag its writes, so "none" is believed only after re-reading within a bound.
 */
export async function heldInvitations(
  token: AccessToken,
  items: readonly JobItem[],
  opts: WriteOptions = {},
): Promise<(Invitation | undefined)[] | null> {
  const found = await findInvitations(
    token,
    items.map((i) => ({ courseId: i.courseId, userId: i.invitee })),
    opts,
  );
  return found.some((f) => !f.ok) ? null : found.map((f) => (f.ok ? f.invitation : undefined));
}

/**
 * What follows a round that created invitations: a cap refusal from Google fills the sender's
 * window and waits for it to roll; a dead grant pauses; unanswered rows are listed shortly.
 */
export async function afterCreates(
  ctx: HandlerContext,
  results: readonly ItemResult[],
  flags: { capReached: boolean; reauth: boolean },
): Promise<Step> {
  const { d, job, budget, now } = ctx;
  if (flags.capReached) {
    const until = await recordCapReached(d, job.creatorId, budget, now());
    return { kind: "wait", until: new Date(until + rollSlackMs(budget)) };
  }
  if (flags.reauth) return { kind: "reauth" };
  if (results.some((r) => r.state === "sending")) return { kind: "wait", until: new Date(now() + 1_000) };
  return { kind: "next" };
}

export const isReauth = (e: AppError) => e.code === "UNAUTHENTICATED";

/** A transient failure (error-codes.ts says which): nothing was done, and trying later may work. */
export function retryable(error: Pick<AppError, "code">): boolean {
  return isRetryableCode(error.code);
}

/**
 * An item's activity entry, under the job's id as its batch, naming its class as a person's own
 * click does when the answer carries the class the access check read (no further read).
 */
export function activity(
  job: Job,
  action: ActivityAction,
  item: JobItem,
  r: ItemResult,
  role: string | null = item.role,
): ActivityEntry {
  return {
    actor: { id: job.creatorId, email: job.creatorEmail },
    action,
    courseId: item.courseId,
    ...courseFields(r.course),
    invitee: item.invitee,
    role,
    invitationId: r.invitationId ?? item.invitationId,
    outcome: r.state === "done" ? "ok" : "error",
    errorCode: r.errorCode ?? null,
    batchId: job.id,
  };
}

/** Settled items only: a row still pending or unanswered is logged when it settles. */
export function settledEntries(
  job: Job,
  action: ActivityAction,
  items: readonly JobItem[],
  results: readonly ItemResult[],
  roleOf: (item: JobItem) => string | null = (item) => item.role,
): ActivityEntry[] {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  return results
    .filter((r) => r.state === "done" || r.state === "failed")
    .map((r) => {
      const item = bySeq.get(r.seq)!;
      return activity(job, action, item, r, roleOf(item));
    });
}

/**
 * The role of the invitation a result names when this job made it (created, re-created or
 * restored), or null: one that was there already keeps the inviter it had.
 */
export type MadeAs = (result: ItemResult, item: JobItem) => string | null;

/**
 * Invitations created: their inviter for the list's "invited by", and the activity log, which
 * names each invitee by email as a person's own click does (items of a change of role or a
 * resend hold Classroom's numeric id).
 */
export async function recordCreated(
  { job, token }: Pick<HandlerContext, "job" | "token">,
  action: ActivityAction,
  items: readonly JobItem[],
  results: readonly ItemResult[],
  madeAs: MadeAs,
  roleOf?: (item: JobItem) => string | null,
): Promise<void> {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  await recordOwnInvitations(
    results.flatMap((r) => {
      const item = bySeq.get(r.seq)!;
      const role = r.invitationId ? madeAs(r, item) : null;
      return role === null
        ? []
        : [
            {
              invitationId: r.invitationId!,
              courseId: item.courseId,
              invitee: item.invitee,
              role,
              inviterEmail: job.creatorEmail,
              userId: r.userId ?? null,
            },
          ];
    }),
  );
  const entries = settledEntries(job, action, items, results, roleOf);
  const emails = await emailsOf(
    token,
    job.creatorId,
    entries.map((e) => e.invitee ?? ""),
  );
  await recordActivityBestEffort(entries.map((e) => ({ ...e, invitee: emails.get(e.invitee ?? "") ?? e.invitee })));
}

/**
 * The creator's role as the server last checked it, so a job applies the same rules (whose
 * classes, the owner rule) as their own clicks; unknown counts as a student, who may do nothing.
 */
export async function creatorRole(d: Pick<Db, "query">, creatorId: string): Promise<CallerRole> {
  const [row] = await d.query<{ role: CallerRole | null }>("SELECT role FROM users WHERE id = $1", [creatorId]);
  return row?.role ?? "student";
}
