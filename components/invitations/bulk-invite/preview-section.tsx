"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState } from "react";

import { JobProgress } from "@/components/jobs/job-progress";
import { Button } from "@/components/ui/button";
import { countText, numberFormat as nf } from "@/lib/format/count";
import type { BulkPreviewData, BulkSendRow } from "@/lib/actions/invitations.schemas";
import { BULK_STATUS_LABELS, BULK_STATUSES } from "@/lib/bulk/plan";
import { jobQueryOptions } from "@/lib/query/jobs";

import { ERROR_REPORT_COLUMNS, isProblem, outcomesByLine, type RowOutcome } from "./job-outcomes";
import { PreviewTable } from "./preview-table";
import { SendJob } from "./send-job";

const NO_OUTCOMES: ReadonlyMap<number, RowOutcome> = new Map();

/**
 * Step 2: what the preview found, the send (a job on the server, its progress shown here), and
 * every row with its outcome; "Only problems" and the error report show what needs a look.
 */
export function PreviewSection({
  preview,
  sendable,
  previewing,
  jobId,
  onStarted,
}: {
  preview: BulkPreviewData;
  sendable: readonly BulkSendRow[];
  previewing: boolean;
  jobId: string | null;
  onStarted: (jobId: string) => void;
}) {
  const id = useId();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const job = useQuery({ ...jobQueryOptions(jobId ?? "", true), enabled: jobId !== null });
  const outcomes = useMemo(
    () =>
      job.data
        ? outcomesByLine(
            sendable.map((r) => r.line),
            job.data.items,
          )
        : NO_OUTCOMES,
    [job.data, sendable],
  );
  const problems = useMemo(
    () => preview.rows.filter((r) => isProblem(r, outcomes.get(r.line))),
    [preview.rows, outcomes],
  );
  const shown = onlyProblems ? problems : preview.rows;

  const downloadReport = async () => {
    // The CSV writer (papaparse) loads on first use, not with the page.
    const { downloadCsv } = await import("@/lib/view/csv");
    const report = problems.map((row) => ({ row, outcome: outcomes.get(row.line) }));
    downloadCsv(report, ERROR_REPORT_COLUMNS, "bulk-invite-problems");
  };

  return (
    <section
      aria-labelledby={`${id}-preview`}
      aria-busy={previewing}
      className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id={`${id}-preview`} className="text-lg font-semibold">
        2. Preview
      </h2>
      <p className="text-sm text-slate-700" role="status">
        {summary(preview, jobId !== null)}
      </p>
      <p className="text-sm text-slate-600">
        The preview checks that addresses of your school have a Classroom account. It can&apos;t tell a disabled
        account: Classroom refuses that row when it is sent.
      </p>

      {jobId ? (
        <>
          <JobProgress jobId={jobId} showRows={false} fetchRows />
          <Link href="/invitations" className="text-sm font-medium text-brand-700 underline">
            See all invitations
          </Link>
        </>
      ) : (
        <SendJob rows={sendable} onStarted={onStarted} />
      )}

      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          {`Only problems (${nf.format(problems.length)})`}
        </label>
        <Button variant="secondary" size="sm" onClick={() => void downloadReport()} disabled={problems.length === 0}>
          Download error report (CSV)
        </Button>
      </div>
      <PreviewTable rows={shown} outcomes={outcomes} />
    </section>
  );
}

function summary(preview: BulkPreviewData, sent: boolean): string {
  const total = preview.rows.length;
  const unchecked = preview.rows.filter((r) => r.accountNotChecked).length;
  const parts = BULK_STATUSES.filter((s) => preview.counts[s]).map((s) => {
    // "Duplicate row" is a noun and counts ("2 duplicate rows"); the other labels say what happens.
    if (s === "duplicate_row") return countText(preview.counts[s]!, "duplicate row");
    const part = `${nf.format(preview.counts[s]!)} ${BULK_STATUS_LABELS[s].toLowerCase()}`;
    // Rows sent without the account check (over the preview's cap, or the lookup failed).
    return s === "will_invite" && unchecked ? `${part} (${nf.format(unchecked)} not checked for an account)` : part;
  });
  const found = `${countText(total, "row")}: ${parts.join(", ")}.`;
  return sent
    ? `${found} The rows that can be invited are being sent on the server; each row's outcome is below.`
    : `${found} Nothing has been sent yet.`;
}
