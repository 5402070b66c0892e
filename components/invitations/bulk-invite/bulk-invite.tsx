"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState, useTransition } from "react";

import { JobProgress } from "@/components/jobs/job-progress";
import { previewBulkInviteAction } from "@/lib/actions/invitations";
import type { BulkPreviewData, BulkSendRow } from "@/lib/actions/invitations.schemas";
import { isSendable } from "@/lib/bulk/plan";
import { bodyLimitProblem } from "@/lib/bulk/limits";
import { callAction } from "@/lib/query/call-action";

import type { InviteCourseOption } from "../create-form/options";
import { ListInput } from "./list-input";
import type { BulkParse } from "./parse-summary";
import { PreviewSection } from "./preview-section";

/**
 * Bulk invite: paste or upload → Preview (a dry run that sends nothing) → "Send N invitations",
 * which makes a job on the server, its progress shown in place → per-row results. The job's id
 * is kept in the URL, so a reload or a return shows its progress again.
 */
export function BulkInvite({ courses }: { courses: readonly InviteCourseOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const jobInUrl = params.get("job");
  const [preview, setPreview] = useState<BulkPreviewData | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const [jobId, setJobId] = useState<string | null>(null);

  function invalidatePreview() {
    setPreview(null);
    setPreviewError(null);
    setJobId(null);
  }

  function runPreview(parsed: BulkParse["parsed"] | null, tooManyRows: string | null) {
    if (tooManyRows) {
      setPreviewError(tooManyRows);
      return;
    }
    if (!parsed || parsed.rows.length === 0) {
      setPreviewError(parsed?.problems[0] ?? "There is nothing to preview: paste a list or choose a CSV file.");
      return;
    }
    const input = { rows: parsed.rows };
    // Checked here so that a list the server refuses for its size says so, not "couldn't reach".
    const tooLarge = bodyLimitProblem([input]);
    if (tooLarge) {
      setPreviewError(tooLarge);
      return;
    }
    setPreviewError(null);
    setJobId(null);
    startPreview(async () => {
      const res = await callAction(() => previewBulkInviteAction(input));
      if (!res.ok) {
        setPreviewError(res.error.message);
        return;
      }
      setPreview(res.data);
    });
  }

  const sendable: BulkSendRow[] = useMemo(
    () =>
      (preview?.rows ?? [])
        .filter(isSendable)
        .map((r) => ({ line: r.line, email: r.email, courseId: r.courseId!, role: r.role! })),
    [preview],
  );

  const onStarted = (id: string) => {
    setJobId(id);
    router.replace(`${pathname}?job=${encodeURIComponent(id)}`, { scroll: false });
  };

  return (
    <div className="space-y-8">
      {jobInUrl && !preview ? (
        <section
          aria-label="Your last send"
          className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
        >
          <h2 className="text-lg font-semibold">Your last send</h2>
          <JobProgress jobId={jobInUrl} />
        </section>
      ) : null}
      <ListInput
        courses={courses}
        previewing={previewing}
        previewError={previewError}
        onChange={invalidatePreview}
        onPreview={runPreview}
      />
      {preview ? (
        <PreviewSection
          preview={preview}
          sendable={sendable}
          previewing={previewing}
          jobId={jobId}
          onStarted={onStarted}
        />
      ) : null}
    </div>
  );
}
