"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { createInviteJobAction } from "@/lib/actions/jobs";
import type { BulkSendRow } from "@/lib/actions/invitations.schemas";
import { describeSchedule } from "@/lib/jobs/view";
import { jobScheduleQueryOptions } from "@/lib/query/jobs";
import { queryKeys } from "@/lib/query/keys";

import { JobProgress } from "./job-progress";

const nf = new Intl.NumberFormat("en-US");

/**
 * The previewed rows as a job on the server: it goes on with the page closed, and spreads
 * itself over days within the sender's daily invitation limit. The schedule is shown before
 * anything is sent.
 */
export function BackgroundSend({ rows }: { rows: readonly BulkSendRow[] }) {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const schedule = useQuery({ ...jobScheduleQueryOptions(rows.length), enabled: rows.length > 0 && !jobId });

  if (jobId) return <JobProgress jobId={jobId} showRows={false} />;
  if (rows.length === 0) return null;

  const send = () =>
    start(async () => {
      const res = await createInviteJobAction({
        rows: rows.map((r) => ({ email: r.email, courseId: r.courseId, role: r.role })),
      }).catch(() => null);
      if (!res) toast.error("We couldn't reach the server. Check the connection and try again.");
      else if (!res.ok) toast.error(res.error.message);
      else {
        setJobId(res.data.jobId);
        toast.info("The job has started. You can leave this page: it goes on without it.");
        await queryClient.invalidateQueries({ queryKey: queryKeys.jobs() });
      }
    });

  return (
    <div className="space-y-2 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <p className="text-sm text-slate-700" data-testid="job-schedule">
        {schedule.data
          ? `Sending schedule within your limit of ${nf.format(schedule.data.perWindow)} invitations a day: ${describeSchedule(schedule.data)}.`
          : schedule.error
            ? schedule.error.message
            : "Working out the sending schedule…"}
      </p>
      <Button variant="secondary" onClick={send} disabled={pending || !schedule.data}>
        {`Send ${nf.format(rows.length)} as a background job`}
      </Button>
    </div>
  );
}
