import "server-only";

import { db } from "@/lib/db";

import { enqueue } from "./runtime";
import { getJob, insertJob, resetRetryable, transition, type Job, type JobItemInput, type JobKind } from "./store";

/**
 * What the browser may do to a job. Each is one atomic state change, then a queue message when
 * there is work to do; the worker reads the job row before every round, so a change is seen
 * before the next round at the latest.
 */

/** Who may see and steer a job: its creator, and admins. */
export function canControl(job: Pick<Job, "creatorId">, user: { id: string; role: string }): boolean {
  return job.creatorId === user.id || user.role === "admin";
}

export async function createJob(input: {
  kind: JobKind;
  creatorId: string;
  creatorEmail: string;
  items: readonly JobItemInput[];
}): Promise<string> {
  const id = await insertJob(await db(), input);
  await enqueue(id);
  return id;
}

export async function pauseJob(id: string): Promise<boolean> {
  return transition(await db(), id, ["queued", "running", "waiting"], "paused", { pauseReason: "user" });
}

export async function resumeJob(id: string): Promise<boolean> {
  const moved = await transition(await db(), id, ["paused"], "queued");
  if (moved) await enqueue(id);
  return moved;
}

/**
 * Rows not yet sent are cancelled; a round already in flight finishes and keeps its outcomes,
 * and any row whose answer it lost is still reconciled by the worker.
 */
export async function cancelJob(id: string): Promise<boolean> {
  const d = await db();
  const moved = await transition(d, id, ["queued", "running", "waiting", "paused"], "cancelled");
  if (!moved) return false;
  await d.query(
    "UPDATE job_items SET state = 'cancelled', updated_at = now() WHERE job_id = $1 AND state = 'pending'",
    [id],
  );
  await enqueue(id);
  return true;
}

/** Failed rows whose failure was transient go back in line, with fresh attempts, in the same job. */
export async function retryFailed(id: string): Promise<number> {
  const d = await db();
  const job = await getJob(d, id);
  if (!job || !["done", "failed", "cancelled"].includes(job.state) || job.retryableFailed === 0) return 0;
  const rows = await d.transaction(async (tx) => {
    const reset = await resetRetryable(tx, id);
    if (reset > 0) await transition(tx, id, ["done", "failed", "cancelled"], "queued");
    return reset;
  });
  if (rows > 0) await enqueue(id);
  return rows;
}
