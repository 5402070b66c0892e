import { JobProgress } from "@/components/jobs/job-progress";
import { Button } from "@/components/ui/button";
import { countText } from "@/lib/format/count";

import type { Mode } from "./checks";

/** The send (or add) button, named for what it will do, with a visible line while it runs. */
export function SubmitRow({ mode, count, pending }: { mode: Mode; count: number; pending: boolean }) {
  const verb = mode === "add" ? "Add" : "Send";
  const noun =
    count > 1
      ? countText(count, mode === "add" ? "person" : "invitation", mode === "add" ? "people" : undefined)
      : mode === "add"
        ? "to the class"
        : "invitation";
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? (mode === "add" ? "Adding…" : "Sending…") : `${verb} ${noun}`}
      </Button>
      {pending ? (
        <span className="text-sm text-slate-600" aria-hidden>
          {mode === "add" ? "Adding to the class in Google Classroom…" : "Sending to Google Classroom…"}
        </span>
      ) : null}
    </div>
  );
}

/** Several invitations go out as a job on the server; its progress and per-row results show here. */
export function SendJob({ jobId }: { jobId: string }) {
  return (
    <section aria-label="Invitations being sent" className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
      <JobProgress jobId={jobId} />
    </section>
  );
}
