"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useTransition } from "react";

import { ColumnHeads } from "@/components/ui/column-heads";
import { Button } from "@/components/ui/button";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { toast } from "@/components/ui/toast";
import { controlJobAction } from "@/lib/actions/jobs";
import type { JobControlInput } from "@/lib/actions/jobs.schemas";
import { isActive, settledCount } from "@/lib/jobs/active";
import { describeState, ITEM_OUTCOME_LABELS, JOB_KIND_LABELS, type JobDto, type JobItemDto } from "@/lib/jobs/view";
import { callAction } from "@/lib/query/call-action";
import { jobQueryOptions } from "@/lib/query/jobs";
import { queryKeys } from "@/lib/query/keys";
import { numberFormat as nf } from "@/lib/format/count";

/** Rows drawn at once; the CSV export has all of them. */
const SHOWN_ROWS = 500;

/**
 * A job's progress, counts, controls and per-row results. It reads the job row the server
 * keeps, so a reload, another tab or a restarted server shows the same thing.
 */
export function JobProgress({
  jobId,
  showRows = true,
  fetchRows = showRows,
}: {
  jobId: string;
  showRows?: boolean;
  /** Read the rows without drawing them: a page that shows them its own way shares this read. */
  fetchRows?: boolean;
}) {
  const { data, error } = useQuery(jobQueryOptions(jobId, fetchRows));
  useOutcomeToast(data?.job);
  if (error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {error.message}
      </p>
    );
  if (!data) return <p className="text-sm text-slate-600">Loading the job…</p>;
  const { job, items } = data;
  const settled = settledCount(job);
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <div
          role="progressbar"
          aria-label={`${JOB_KIND_LABELS[job.kind]} progress`}
          aria-valuemin={0}
          aria-valuemax={job.total}
          aria-valuenow={settled}
          aria-valuetext={`${settled} of ${job.total} rows processed`}
          className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div
            className="h-full bg-brand-600 transition-[width]"
            style={{ width: `${job.total ? (100 * settled) / job.total : 0}%` }}
          />
        </div>
        <p className="text-sm text-slate-700" role="status" aria-live="polite" data-testid="job-status">
          {`${describeState(job)}. ${nf.format(settled)} of ${nf.format(job.total)} processed: ${nf.format(job.counts.done)} done, ${nf.format(job.counts.failed)} failed${
            job.counts.cancelled ? `, ${nf.format(job.counts.cancelled)} cancelled` : ""
          }.`}
        </p>
      </div>
      <JobControls job={job} />
      {showRows ? <JobRows items={items} /> : null}
    </div>
  );
}

function JobControls({ job }: { job: JobDto }) {
  const queryClient = useQueryClient();
  const [pending, start] = useTransition();
  const run = (action: JobControlInput["action"]) =>
    start(async () => {
      const res = await callAction(() => controlJobAction({ jobId: job.id, action }));
      if (!res.ok) toast.error(res.error.message);
      else if (!res.data.changed) toast.info(res.data.message ?? "Nothing changed.");
      await queryClient.invalidateQueries({ queryKey: queryKeys.jobs() });
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      {isActive(job) ? (
        <Button variant="secondary" onClick={() => run("pause")} disabled={pending}>
          Pause
        </Button>
      ) : null}
      {job.state === "paused" ? (
        <Button onClick={() => run("resume")} disabled={pending}>
          Resume
        </Button>
      ) : null}
      {isActive(job) || job.state === "paused" ? (
        <Button variant="danger" onClick={() => run("cancel")} disabled={pending}>
          Cancel
        </Button>
      ) : null}
      {!isActive(job) && job.state !== "paused" && job.retryableFailed > 0 ? (
        <Button onClick={() => run("retry-failed")} disabled={pending}>
          Retry failed rows
        </Button>
      ) : null}
      <a href={`/api/jobs/${job.id}/export`} className="text-sm font-medium text-brand-700 underline">
        Export results (CSV)
      </a>
      <Link href={`/jobs/${job.id}`} className="text-sm font-medium text-brand-700 underline">
        Job page
      </Link>
    </div>
  );
}

function JobRows({ items }: { items: readonly JobItemDto[] }) {
  // Failures first: they are what the reader came for.
  const rows = [...items].sort((a, b) => rank(a) - rank(b) || a.seq - b.seq).slice(0, SHOWN_ROWS);
  return (
    <ScrollRegion label="Rows of this job">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Rows of this job and their outcomes</caption>
        <ColumnHeads columns={["Row", "Invitee", "Class", "Role", "Outcome"]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} className="border-b border-slate-100">
              <td className="py-1.5 pr-4 tabular-nums">{r.seq + 1}</td>
              <td className="py-1.5 pr-4">{r.invitee}</td>
              <td className="py-1.5 pr-4" title={r.courseName ? r.courseId : undefined}>
                {r.courseName ?? r.courseId}
              </td>
              <td className="py-1.5 pr-4">{r.role ?? "—"}</td>
              <td className="py-1.5 pr-4">{outcomeText(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > rows.length ? (
        <p className="mt-2 text-sm text-slate-600">
          {`Showing ${nf.format(rows.length)} of ${nf.format(items.length)} rows; the CSV export has them all.`}
        </p>
      ) : null}
    </ScrollRegion>
  );
}

const rank = (r: JobItemDto) => (r.state === "failed" ? 0 : r.state === "sending" ? 1 : 2);

function outcomeText(r: JobItemDto): string {
  if (r.state === "failed") {
    const what = r.outcome ? ITEM_OUTCOME_LABELS[r.outcome] : undefined;
    return `Failed: ${r.message ?? r.errorCode ?? "unknown error"}${what ? ` ${what}` : ""}`;
  }
  if (r.state === "sending") return "Sending…";
  if (r.state === "pending") return "Not sent yet";
  if (r.state === "cancelled") return "Cancelled";
  return r.outcome ? (ITEM_OUTCOME_LABELS[r.outcome] ?? r.outcome) : "Done";
}

/** A toast when the job finishes or pauses, also when that happened while the page was closed. */
function useOutcomeToast(job: JobDto | undefined) {
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (!job) return;
    const key = `${job.state}:${job.pauseReason ?? ""}`;
    const seen = `job-toast:${job.id}`;
    if (last.current === key) return;
    const first = last.current === null;
    last.current = key;
    if (isActive(job)) return;
    // Once per job and outcome per browser, so a reload shows it once, not on every visit.
    if (typeof sessionStorage !== "undefined" && sessionStorage.getItem(seen) === key) return;
    if (first && job.state === "done" && job.finishedAt && Date.now() - Date.parse(job.finishedAt) > 60_000) return;
    sessionStorage?.setItem(seen, key);
    const what = `${JOB_KIND_LABELS[job.kind]}: ${describeState(job).toLowerCase()}`;
    if (job.state === "done" && job.counts.failed === 0) toast.success(`${what}, ${nf.format(job.counts.done)} done.`);
    else if (job.state === "done") toast.warning(`${what}, ${nf.format(job.counts.failed)} failed.`);
    else toast.info(`${what}.`);
  }, [job]);
}
