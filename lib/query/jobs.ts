import { queryOptions, type Query } from "@tanstack/react-query";

import { isActive, settledCount } from "@/lib/jobs/active";
import type { JobDto, JobItemDto, ScheduleDto } from "@/lib/jobs/view";

import { getJson } from "./http";
import { queryKeys } from "./keys";

/** How often a page showing unfinished work re-reads it, at the longest. */
const LIVE_MS = 1_500;
/** The shortest wait between two reads of a running job. */
const SOON_MS = 250;

/** A read of a job: when (this browser's clock) and how many of its rows were settled then. */
export type JobSighting = { at: number; settled: number };

/**
 * How long to wait before reading a running job again, from the first read that showed it and
 * the latest. Once rows settle, the next read comes about when the rest should be done at the
 * rate seen so far, so the page learns of the end soon after it, not up to `LIVE_MS` later;
 * before any row has settled, reads start at `SOON_MS` and back off as the job ages. Never
 * longer than `LIVE_MS`, so a stalled or slowing job is read as often as before. A job that
 * waits for tomorrow's budget has nothing to gain from quicker reads.
 */
export function jobReadDelay(job: JobDto, first: JobSighting, last: JobSighting): number | false {
  if (!isActive(job)) return false;
  if (job.state === "waiting") return LIVE_MS;
  const elapsed = Math.max(0, last.at - first.at);
  const settled = last.settled - first.settled;
  const delay = settled > 0 ? ((job.total - last.settled) * elapsed) / settled : elapsed;
  return Math.round(Math.min(LIVE_MS, Math.max(SOON_MS, delay)));
}

/** The first read each cached job query showed: what `jobReadDelay` measures the rate from. */
const firstSightings = new WeakMap<object, JobSighting>();

type JobView = { job: JobDto; items: JobItemDto[] };

function nextJobRead(q: Query<JobView, Error, JobView, ReturnType<typeof queryKeys.jobView>>): number | false {
  const data = q.state.data;
  if (!data) return LIVE_MS;
  const last = { at: q.state.dataUpdatedAt, settled: settledCount(data.job) };
  let first = firstSightings.get(q);
  if (!first) firstSightings.set(q, (first = last));
  return jobReadDelay(data.job, first, last);
}

export const jobsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.jobs(),
    queryFn: ({ signal }) =>
      getJson<{ jobs: JobDto[] }>("/api/jobs", "The jobs could not be loaded. Try again in a moment.", signal),
    refetchInterval: (q) => (q.state.data?.jobs.some(isActive) ? LIVE_MS : 10_000),
  });

/**
 * One job; with its rows (the job page), or without them (progress shown in place, kept light).
 * Every screen that follows a job reads it through this query, so how often it is read is
 * decided here (`jobReadDelay`), and screens that show the same job share each read.
 */
export const jobQueryOptions = (jobId: string, withRows = true) =>
  queryOptions({
    queryKey: queryKeys.jobView(jobId, withRows),
    queryFn: ({ signal }) =>
      getJson<JobView>(
        `/api/jobs/${encodeURIComponent(jobId)}${withRows ? "" : "?rows=0"}`,
        "This job could not be loaded. Try again in a moment.",
        signal,
      ),
    refetchInterval: nextJobRead,
  });

export const jobScheduleQueryOptions = (count: number) =>
  queryOptions({
    queryKey: queryKeys.jobSchedule(count),
    queryFn: ({ signal }) =>
      getJson<ScheduleDto>(`/api/jobs/schedule?count=${count}`, "The sending schedule could not be loaded.", signal),
  });
