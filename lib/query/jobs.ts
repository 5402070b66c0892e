import { queryOptions } from "@tanstack/react-query";

import { isActive, type JobDto, type JobItemDto, type ScheduleDto } from "@/lib/jobs/view";

import { getJson } from "./http";
import { queryKeys } from "./keys";

/** How often a page showing unfinished work re-reads it. */
const LIVE_MS = 1_500;

export const jobsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.jobs(),
    queryFn: ({ signal }) =>
      getJson<{ jobs: JobDto[] }>("/api/jobs", "The jobs could not be loaded. Try again in a moment.", signal),
    refetchInterval: (q) => (q.state.data?.jobs.some(isActive) ? LIVE_MS : 10_000),
  });

/** One job; with its rows (the job page), or without them (progress shown in place, kept light). */
export const jobQueryOptions = (jobId: string, withRows = true) =>
  queryOptions({
    queryKey: queryKeys.jobView(jobId, withRows),
    queryFn: ({ signal }) =>
      getJson<{ job: JobDto; items: JobItemDto[] }>(
        `/api/jobs/${encodeURIComponent(jobId)}${withRows ? "" : "?rows=0"}`,
        "This job could not be loaded. Try again in a moment.",
        signal,
      ),
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data.job) ? false : LIVE_MS),
  });

export const jobScheduleQueryOptions = (count: number) =>
  queryOptions({
    queryKey: queryKeys.jobSchedule(count),
    queryFn: ({ signal }) =>
      getJson<ScheduleDto>(`/api/jobs/schedule?count=${count}`, "The sending schedule could not be loaded.", signal),
  });
