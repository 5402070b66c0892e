import "server-only";

import { recordActivityBestEffort, type ActivityEntry } from "@/lib/activity/log";
import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { createInvitations } from "@/lib/classroom/create-invitations";
import { deleteInvitations } from "@/lib/classroom/revoke-invitations";
import { isOutcomeUnknown, listInvitations } from "@/lib/classroom/invitations";
import { db, type Db } from "@/lib/db";
import { mapLimit, type BatchOptions } from "@/lib/google/batch";
import { asAccessToken, type AccessToken } from "@/lib/google/client";
import type { AppError } from "@/lib/google/errors";
import { runInBackground } from "@/lib/google/scheduler";
import { recordInvitationMeta } from "@/lib/db/invitation-meta";

import { configuredBudget, recordCapReached, reserve, settle } from "./ledger";
import type { Budget } from "./schedule";
import {
  getJob,
  listItems,
  markSending,
  recordItems,
  transition,
  type ItemResult,
  type Job,
  type JobItem,
} from "./store";

/** What the worker does after a slice: run another at once, at a time, or not until told. */
export type SliceResult = { next: "continue" } | { next: "wait"; until: Date } | { next: "stop" };

export interface RunOptions {
  budget?: Budget;
  now?: () => number;
  /** A slice gives the worker back after this long, so one job never holds it for hours. */
  sliceMs?: number;
  /** Items per round: up to four /batch requests of 50, sent at once. */
  chunk?: number;
  /** Sends of one item whose answers said "not done" before it is reported failed. */
  maxAttempts?: number;
  batch?: BatchOptions;
  /** Tests: runs after items are marked as sent and before they are (a crash lands here). */
  afterMark?: (seqs: readonly number[]) => Promise<void> | void;
}

const DEFAULTS = { sliceMs: 20_000, chunk: 200, maxAttempts: 3 };
/** After the window rolls, a little slack: Google's clock and ours are not the same clock. */
const ROLL_SLACK_MS = 1_000;
/** When Google cannot be read to reconcile, try again after this long rather than guess. */
const UNREACHABLE_RETRY_MS = 15_000;

/**
 * One slice of a job: reconcile what a previous run left unanswered, then send rounds of items
 * until the job is done, its sender's budget is spent, or the slice's time is up. Safe to run
 * again at any point it was interrupted: an item is marked as sent before it is sent, and a
 * marked item is only ever settled by listing what Classroom holds.
 */
export async function runSlice(jobId: string, options: RunOptions = {}): Promise<SliceResult> {
  return runInBackground(() => slice(jobId, options));
}

async function slice(jobId: string, options: RunOptions): Promise<SliceResult> {
  const o = { ...DEFAULTS, ...options };
  const now = o.now ?? Date.now;
  const budget = o.budget ?? configuredBudget();
  const d = await db();

  const job = await getJob(d, jobId);
  if (job?.state === "cancelled" && job.counts.sending > 0) return settleCancelled(d, job, o, now, budget);
  if (!job || !["queued", "running", "waiting"].includes(job.state)) return { next: "stop" };
  if (job.state === "waiting" && job.waitUntil && job.waitUntil.getTime() > now()) {
    return { next: "wait", until: job.waitUntil };
  }
  if (!(await transition(d, jobId, ["queued", "running", "waiting"], "running"))) return { next: "stop" };

  let token: AccessToken;
  try {
    token = asAccessToken(await getGoogleAccessToken(job.creatorId), job.creatorId);
  } catch (e) {
    if (e instanceof ReauthRequiredError) return pauseForReauth(d, jobId);
    throw e;
  }

  const handler = HANDLERS[job.kind];
  if (!handler) {
    await transition(d, jobId, ["running"], "failed");
    return { next: "stop" };
  }
  const ctx: HandlerContext = { d, job, token, budget, now, options: o };

  const leftover = await listItems(d, jobId, { states: ["sending"] });
  if (leftover.length > 0) {
    const settled = await handler.reconcile(ctx, leftover);
    if (settled === "unreachable") return waitFor(d, jobId, new Date(now() + UNREACHABLE_RETRY_MS));
  }

  const deadline = now() + o.sliceMs;
  while (now() < deadline) {
    const [current] = await d.query<{ state: string }>("SELECT state FROM jobs WHERE id = $1", [jobId]);
    if (current?.state === "cancelled") {
      await d.query(
        "UPDATE job_items SET state = 'cancelled', updated_at = now() WHERE job_id = $1 AND state = 'pending'",
        [jobId],
      );
      return { next: "stop" };
    }
    if (current?.state !== "running") return { next: "stop" };

    const items = await listItems(d, jobId, { states: ["pending"], limit: o.chunk });
    if (items.length === 0) {
      const [open] = await d.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM job_items WHERE job_id = $1 AND state = 'sending'",
        [jobId],
      );
      // Items still unanswered are reconciled by the next slice, never left behind.
      if ((open?.n ?? 0) > 0) return waitFor(d, jobId, new Date(now() + UNREACHABLE_RETRY_MS));
      await transition(d, jobId, ["running"], "done");
      return { next: "stop" };
    }
    const step = await handler.send(ctx, items);
    if (step.kind === "wait") return waitFor(d, jobId, step.until);
    if (step.kind === "reauth") return pauseForReauth(d, jobId);
  }
  return { next: "continue" };
}

/**
 * A cancelled job may still hold rows whose answers were lost in the round that was in flight:
 * they are reconciled like any others, and what the listing proves unsent is cancelled.
 */
async function settleCancelled(
  d: Db,
  job: Job,
  options: RunOptions & typeof DEFAULTS,
  now: () => number,
  budget: Budget,
): Promise<SliceResult> {
  const handler = HANDLERS[job.kind];
  if (!handler) return { next: "stop" };
  let token: AccessToken;
  try {
    token = asAccessToken(await getGoogleAccessToken(job.creatorId), job.creatorId);
  } catch (e) {
    if (e instanceof ReauthRequiredError) return { next: "stop" };
    throw e;
  }
  const leftover = await listItems(d, job.id, { states: ["sending"] });
  const settled = await handler.reconcile({ d, job, token, budget, now, options }, leftover);
  await d.query(
    "UPDATE job_items SET state = 'cancelled', updated_at = now() WHERE job_id = $1 AND state = 'pending'",
    [job.id],
  );
  return settled === "unreachable" ? { next: "wait", until: new Date(now() + UNREACHABLE_RETRY_MS) } : { next: "stop" };
}

async function waitFor(d: Db, jobId: string, until: Date): Promise<SliceResult> {
  if (!(await transition(d, jobId, ["running"], "waiting", { waitUntil: until }))) return { next: "stop" };
  return { next: "wait", until };
}

/** The creator's Google grant no longer works: the job waits for them to sign in again. */
async function pauseForReauth(d: Db, jobId: string): Promise<SliceResult> {
  await transition(d, jobId, ["running", "queued", "waiting"], "paused", { pauseReason: "reauth" });
  return { next: "stop" };
}

// ---------------------------------------------------------------------------
// Handlers: one per kind of job. Small, and safe to run again from any point.

interface HandlerContext {
  d: Db;
  job: Job;
  token: AccessToken;
  budget: Budget;
  now: () => number;
  options: RunOptions & typeof DEFAULTS;
}

type Step = { kind: "next" } | { kind: "wait"; until: Date } | { kind: "reauth" };

interface Handler {
  send(ctx: HandlerContext, items: readonly JobItem[]): Promise<Step>;
  /** Settles items marked as sent whose answers were lost; "unreachable" if Classroom can't be read. */
  reconcile(ctx: HandlerContext, items: readonly JobItem[]): Promise<"ok" | "unreachable">;
}

const isReauth = (e: AppError) => e.code === "UNAUTHENTICATED";

const invite: Handler = {
  async send(ctx, items) {
    const { d, job, budget, now, options } = ctx;
    const { granted, nextAt } = await reserve(
      d,
      job.creatorId,
      job.id,
      items.map((i) => i.seq),
      budget,
      now(),
    );
    if (granted.length === 0) return { kind: "wait", until: new Date(nextAt! + ROLL_SLACK_MS) };
    const batch = items.filter((i) => granted.includes(i.seq));
    await markSending(d, job.id, granted);
    await options.afterMark?.(granted);

    // Rows proven absent after a lost answer are posted again (at most twice), as before.
    const outcomes = await createInvitations(
      ctx.token,
      batch.map((i) => ({ courseId: i.courseId, userId: i.invitee, role: i.role as "STUDENT" })),
      { ...options.batch, reposts: 2 },
    );
    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    const refusedForCap: number[] = [];
    let reauth = false;
    outcomes.forEach((outcome, k) => {
      const item = batch[k]!;
      if (outcome.ok) {
        const fresh = !outcome.alreadyInvited;
        (fresh ? kept : released).push(item.seq);
        results.push({
          seq: item.seq,
          state: "done",
          outcome: fresh ? "created" : "already-invited",
          invitationId: outcome.invitation.id,
        });
        return;
      }
      const error = outcome.error;
      if (error.code === "INVITATION_QUOTA_REACHED") {
        // Google's count is the truth: the row goes back in line and no attempt is spent on it.
        refusedForCap.push(item.seq);
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else if (isOutcomeUnknown(error)) {
        // It may have landed: left marked, and settled by listing on the next round.
        results.push({ seq: item.seq, state: "sending", errorCode: error.code });
      } else if (isReauth(error)) {
        reauth = true;
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else if (retryable(error) && item.attempts + 1 < options.maxAttempts) {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending", errorCode: error.code });
      } else {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: error.code, invitationId: outcome.existing?.id });
      }
    });
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      if (refusedForCap.length > 0) {
        await tx.query(
          "UPDATE job_items SET attempts = greatest(attempts - 1, 0) WHERE job_id = $1 AND seq = ANY($2::int[])",
          [job.id, refusedForCap],
        );
      }
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(job, batch, results);
    if (refusedForCap.length > 0) {
      const until = await recordCapReached(d, job.creatorId, budget, now());
      return { kind: "wait", until: new Date(until + ROLL_SLACK_MS) };
    }
    if (reauth) return { kind: "reauth" };
    if (results.some((r) => r.state === "sending")) return { kind: "wait", until: new Date(now() + 1_000) };
    return { kind: "next" };
  },

  async reconcile(ctx, items) {
    const { d, job, token, now, options } = ctx;
    const found = await mapLimit(items, 4, async (item) => {
      try {
        const list = await listInvitations(token, { courseId: item.courseId, userId: item.invitee });
        return { ok: true as const, invitation: list.find((inv) => inv.courseId === item.courseId) };
      } catch {
        return { ok: false as const };
      }
    });
    if (found.some((f) => !f.ok)) return "unreachable";
    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    items.forEach((item, k) => {
      const existing = found[k]!.ok ? found[k]!.invitation : undefined;
      if (existing && existing.role === item.role) {
        kept.push(item.seq);
        results.push({ seq: item.seq, state: "done", outcome: "created", invitationId: existing.id });
      } else if (existing) {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: "ALREADY_EXISTS", invitationId: existing.id });
      } else if (item.attempts < options.maxAttempts) {
        // Proven absent: that send did not land, so sending it again cannot make a second one.
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: item.errorCode ?? "UNAVAILABLE" });
      }
    });
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(job, items, results);
    return "ok";
  },
};

const revoke: Handler = {
  async send(ctx, items) {
    const { d, job, options } = ctx;
    const seqs = items.map((i) => i.seq);
    await markSending(d, job.id, seqs);
    await options.afterMark?.(seqs);
    const outcomes = await deleteInvitations(
      ctx.token,
      items.map((i) => i.invitationId ?? ""),
      options.batch,
    );
    let reauth = false;
    const results = outcomes.map((outcome, k): ItemResult => {
      const item = items[k]!;
      if (outcome.ok)
        return { seq: item.seq, state: "done", outcome: outcome.alreadyGone ? "already-gone" : "revoked" };
      if (isReauth(outcome.error)) {
        reauth = true;
        return { seq: item.seq, state: "pending" };
      }
      // DELETE is safe to repeat (NOT_FOUND counts as done), so a transient failure is sent again.
      if (retryable(outcome.error) && item.attempts + 1 < options.maxAttempts) {
        return { seq: item.seq, state: "pending", errorCode: outcome.error.code };
      }
      return { seq: item.seq, state: "failed", errorCode: outcome.error.code };
    });
    await recordItems(d, job.id, results);
    await recordActivityBestEffort(
      results
        .filter((r) => r.state === "done" || r.state === "failed")
        .map((r) =>
          activity(
            job,
            "bulk.revoke",
            items.find((i) => i.seq === r.seq)!,
            r,
          ),
        ),
    );
    return reauth ? { kind: "reauth" } : { kind: "next" };
  },

  async reconcile(ctx, items) {
    // A DELETE whose answer was lost is sent again: a repeat answers NOT_FOUND, counted as done.
    await recordItems(
      ctx.d,
      ctx.job.id,
      items.map((i) => ({ seq: i.seq, state: "pending" })),
    );
    return "ok";
  },
};

const HANDLERS: Partial<Record<Job["kind"], Handler>> & Record<"invite" | "revoke", Handler> = { invite, revoke };

/** Transient failures worth another send: nothing was done, and trying later may work. */
function retryable(error: AppError): boolean {
  return ["RATE_LIMITED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "NETWORK", "TIMEOUT"].includes(error.code);
}

/** Invitations created: their inviter for the list's "invited by", and the activity log. */
async function recordCreated(job: Job, items: readonly JobItem[], results: readonly ItemResult[]): Promise<void> {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  const created = results.filter((r) => r.state === "done" && r.invitationId);
  try {
    await recordInvitationMeta(
      created.map((r) => {
        const item = bySeq.get(r.seq)!;
        return {
          invitationId: r.invitationId!,
          courseId: item.courseId,
          invitee: item.invitee,
          role: item.role,
          inviterEmail: job.creatorEmail,
        };
      }),
    );
  } catch (e) {
    console.error("[jobs] could not record invitation meta:", e instanceof Error ? e.message : e);
  }
  await recordActivityBestEffort(
    results
      .filter((r) => r.state === "done" || r.state === "failed")
      .map((r) => activity(job, "bulk.invite", bySeq.get(r.seq)!, r)),
  );
}

function activity(job: Job, action: "bulk.invite" | "bulk.revoke", item: JobItem, r: ItemResult): ActivityEntry {
  return {
    actor: { id: job.creatorId, email: job.creatorEmail },
    action,
    courseId: item.courseId,
    invitee: item.invitee,
    role: item.role,
    invitationId: r.invitationId ?? item.invitationId,
    outcome: r.state === "done" ? "ok" : "error",
    errorCode: r.errorCode ?? null,
    batchId: job.id,
  };
}
