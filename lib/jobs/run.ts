import "server-only";

import { getGoogleAccessToken, ReauthRequiredError } from "@/lib/auth/tokens";
import { db, type Db } from "@/lib/db";
import { asAccessToken, runInBackground, type AccessToken } from "@/lib/classroom/client";

import { RUN_DEFAULTS, type HandlerContext, type Options, type RunOptions } from "./handlers/handler";
import { HANDLERS } from "./handlers";
import { configuredBudget } from "./ledger";
import type { Budget } from "./schedule";
import { getJob, listItems, transition, type Job } from "./store";

export type { RunOptions } from "./handlers/handler";

/** What the worker does after a slice: run another at once, at a time, or not until told. */
export type SliceResult = { next: "continue" } | { next: "wait"; until: Date } | { next: "stop" };

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
  const o: Options = { ...RUN_DEFAULTS, ...options };
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
  const ctx: HandlerContext = { d, job, token, budget, now, options: o };

  const leftover = await listItems(d, jobId, { states: ["sending"] });
  if (leftover.length > 0) {
    const settled = await handler.reconcile(ctx, leftover);
    if (settled === "unreachable") return waitFor(d, jobId, new Date(now() + UNREACHABLE_RETRY_MS));
  }

  const deadline = now() + o.sliceMs;
  while (now() < deadline) {
    if (o.signal?.aborted) return { next: "stop" };
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
  options: Options,
  now: () => number,
  budget: Budget,
): Promise<SliceResult> {
  const handler = HANDLERS[job.kind];
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
