"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTransition } from "react";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { countText, numberFormat as nf } from "@/lib/format/count";
import { createInviteJobAction } from "@/lib/actions/jobs";
import type { BulkSendRow } from "@/lib/actions/invitations.schemas";
import { describeSchedule } from "@/lib/jobs/view";
import { callAction } from "@/lib/query/call-action";
import { jobScheduleQueryOptions } from "@/lib/query/jobs";
import { queryKeys } from "@/lib/query/keys";

/**
 * "Send N invitations": the rows become a job on the server, which goes on with the page closed
 * and spreads itself over days within the sender's daily limit. The schedule is in view before
 * anything is sent.
 */
export function SendJob({ rows, onStarted }: { rows: readonly BulkSendRow[]; onStarted: (jobId: string) => void }) {
  const queryClient = useQueryClient();
  const [pending, start] = useTransition();
  const schedule = useQuery({ ...jobScheduleQueryOptions(rows.length), enabled: rows.length > 0 });

  const send = () =>
    start(async () => {
      const res = await callAction(() =>
        createInviteJobAction({ rows: rows.map((r) => ({ email: r.email, courseId: r.courseId, role: r.role })) }),
      );
      if (!res.ok) {
        toast.error(res.error.message);
        return;
      }
      onStarted(res.data.jobId);
      toast.info("Sending has started on the server. You can leave this page: nothing is lost.");
      await queryClient.invalidateQueries({ queryKey: queryKeys.jobs() });
    });

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="job-schedule">
        {rows.length === 0
          ? "No row can be sent: fix the rows above and preview again."
          : schedule.data
            ? `Sending schedule within your limit of ${nf.format(schedule.data.perWindow)} invitations a day: ${describeSchedule(schedule.data)}.`
            : schedule.error
              ? schedule.error.message
              : "Working out the sending schedule…"}
      </p>
      <Button onClick={send} disabled={pending || rows.length === 0 || !schedule.data}>
        {pending ? "Starting…" : `Send ${countText(rows.length)}`}
      </Button>
    </div>
  );
}
