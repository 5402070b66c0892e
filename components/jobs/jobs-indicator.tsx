"use client";

import { useQuery } from "@tanstack/react-query";

import { isActive } from "@/lib/jobs/active";
import { jobsQueryOptions } from "@/lib/query/jobs";

/** "Jobs" in the navigation, with the number of unfinished jobs beside it while there are any. */
export function JobsIndicator({ label }: { label: string }) {
  const { data } = useQuery(jobsQueryOptions());
  const running = data?.jobs.filter(isActive).length ?? 0;
  if (running === 0) return label;
  return (
    <>
      {label}
      <span
        className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white"
        aria-label={`${running} running`}
        data-testid="jobs-running"
      >
        {running}
      </span>
    </>
  );
}
