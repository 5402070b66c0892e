"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { settledCount } from "@/lib/jobs/active";
import { describeState, JOB_KIND_LABELS, type JobDto } from "@/lib/jobs/view";
import { jobsQueryOptions } from "@/lib/query/jobs";
import { numberFormat as nf } from "@/lib/format/count";

/** Every job the viewer may see (their own; an admin's: all), newest first, kept live. */
export function JobsList({ showCreator }: { showCreator: boolean }) {
  const { data, error } = useQuery(jobsQueryOptions());
  if (error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {error.message}
      </p>
    );
  if (!data) return <p className="text-sm text-slate-600">Loading jobs…</p>;
  if (data.jobs.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No jobs yet. Bulk invitations sent as a job from{" "}
        <Link href="/invitations/bulk" className="font-medium text-brand-700 underline">
          Bulk invite
        </Link>{" "}
        appear here.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Jobs</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Kind
            </th>
            {showCreator ? (
              <th scope="col" className="px-4 py-2 font-medium">
                Creator
              </th>
            ) : null}
            <th scope="col" className="px-4 py-2 font-medium">
              Created
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              State
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Progress
            </th>
          </tr>
        </thead>
        <tbody>
          {data.jobs.map((job) => (
            <JobRow key={job.id} job={job} showCreator={showCreator} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRow({ job, showCreator }: { job: JobDto; showCreator: boolean }) {
  const settled = settledCount(job);
  return (
    <tr className="border-b border-slate-100">
      <td className="px-4 py-2">
        <Link href={`/jobs/${job.id}`} className="font-medium text-brand-700 underline">
          {JOB_KIND_LABELS[job.kind]}
        </Link>
      </td>
      {showCreator ? <td className="px-4 py-2">{job.creatorEmail}</td> : null}
      <td className="px-4 py-2">{new Date(job.createdAt).toLocaleString("en-US")}</td>
      <td className="px-4 py-2">{describeState(job)}</td>
      <td className="px-4 py-2 tabular-nums">
        {`${nf.format(settled)} of ${nf.format(job.total)}`}
        {job.counts.failed ? `, ${nf.format(job.counts.failed)} failed` : ""}
      </td>
    </tr>
  );
}
