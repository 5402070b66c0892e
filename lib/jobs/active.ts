import type { JobDto } from "./view";

// A job's progress as numbers, apart from lib/jobs/view: the navigation's jobs indicator and the
// jobs queries need only these, on every page, and not the Jobs pages' words.

/** Whether a job still has work ahead (queued, running, or waiting for the daily limit). */
export function isActive(job: Pick<JobDto, "state">): boolean {
  return job.state === "queued" || job.state === "running" || job.state === "waiting";
}

/** Rows that are finished one way or another. */
export function settledCount(job: Pick<JobDto, "counts">): number {
  return job.counts.done + job.counts.failed + job.counts.cancelled;
}
