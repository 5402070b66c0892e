import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { JobDto } from "@/lib/jobs/view";

import { jobQueryOptions, jobReadDelay } from "./jobs";

const job = (over: Partial<JobDto> & { done?: number } = {}): JobDto => ({
  id: "00000000-0000-4000-8000-000000000001",
  kind: "revoke",
  creatorEmail: "teacher@northwood.edu",
  state: "running",
  pauseReason: null,
  waitUntil: null,
  total: 500,
  createdAt: "2026-12-02T08:00:00.000Z",
  finishedAt: null,
  counts: { pending: 500 - (over.done ?? 0), sending: 0, done: over.done ?? 0, failed: 0, cancelled: 0 },
  retryableFailed: 0,
  ...over,
});

describe("when a followed job is read again", () => {
  it("stops once the job has stopped", () => {
    for (const state of ["done", "failed", "cancelled", "paused"] as const)
      expect(jobReadDelay(job({ state }), { at: 0, settled: 0 }, { at: 900, settled: 500 })).toBe(false);
  });

  it("reads a job with nothing settled yet soon, then less and less often, never past 1.5 s", () => {
    const first = { at: 10_000, settled: 0 };
    expect(jobReadDelay(job({ state: "queued" }), first, first)).toBe(250);
    expect(jobReadDelay(job(), first, { at: 10_800, settled: 0 })).toBe(800);
    expect(jobReadDelay(job(), first, { at: 16_000, settled: 0 })).toBe(1_500);
  });

  it("reads again about when the rest should be done at the rate seen so far", () => {
    const first = { at: 0, settled: 0 };
    // 300 settled in 1 s: the other 200 in about 0.67 s.
    expect(jobReadDelay(job({ done: 300 }), first, { at: 1_000, settled: 300 })).toBe(667);
    // Near the end: not sooner than 250 ms.
    expect(jobReadDelay(job({ done: 480 }), first, { at: 1_000, settled: 480 })).toBe(250);
    // Far from it: not later than 1.5 s.
    expect(jobReadDelay(job({ done: 100 }), first, { at: 1_000, settled: 100 })).toBe(1_500);
    // The rate counts only what settled since the first read.
    expect(jobReadDelay(job({ done: 400 }), { at: 0, settled: 200 }, { at: 1_000, settled: 400 })).toBe(500);
  });

  it("a job waiting for its daily budget is read every 1.5 s", () => {
    const waiting = job({ state: "waiting", waitUntil: "2026-12-03T08:00:00.000Z", done: 300 });
    expect(jobReadDelay(waiting, { at: 0, settled: 0 }, { at: 1_000, settled: 300 })).toBe(1_500);
  });

  it("the query's refetch interval measures the rate from the first read it cached", () => {
    const qc = new QueryClient();
    const options = jobQueryOptions(job().id, true);
    const interval = () => {
      const refetchInterval = options.refetchInterval as (query: never) => number | false;
      return refetchInterval(qc.getQueryCache().find({ queryKey: options.queryKey, exact: true }) as never);
    };
    qc.setQueryData(options.queryKey, { job: job({ state: "queued" }), items: [] }, { updatedAt: 5_000 });
    expect(interval()).toBe(250);
    qc.setQueryData(options.queryKey, { job: job({ done: 200 }), items: [] }, { updatedAt: 5_800 });
    // 200 in 0.8 s from the first read: the other 300 in 1.2 s.
    expect(interval()).toBe(1_200);
    qc.setQueryData(options.queryKey, { job: job({ state: "done", done: 500 }), items: [] }, { updatedAt: 7_000 });
    expect(interval()).toBe(false);
  });
});
