"use client";
// Revokes of a selection, resends and changes of role run as jobs on the server (lib/jobs): the
// screen creates the job, then follows it. Rows stay in the list, marked, until Classroom has
// confirmed each one; closing the tab loses nothing, the job goes on and the Jobs page has its report.
import { QueryObserver, type QueryClient } from "@tanstack/react-query";

import { toast } from "@/components/ui/toast";
import { createChangeRoleJobAction, createResendJobAction, createRevokeJobAction } from "@/lib/actions/jobs";
import { ROLE_LABELS, type InvitationRole } from "@/lib/concepts";
import { isActive } from "@/lib/jobs/active";
import { ITEM_OUTCOME_LABELS, type JobDto, type JobItemDto } from "@/lib/jobs/view";
import { callAction } from "@/lib/query/call-action";
import { jobQueryOptions } from "@/lib/query/jobs";
import { countText } from "@/lib/format/count";

import { refreshAfterWrite, removeEverywhere, type Note, type WriteTarget } from "./invitation-writes";

/**
 * Follows the job's query until the job stops running (done, failed, cancelled or paused),
 * handing each read's rows to `onRead`; resolves with the last read. The query decides when it
 * reads again (jobQueryOptions), and the job's progress shown above the list shares each read.
 */
function followJob(
  qc: QueryClient,
  jobId: string,
  onRead: (items: JobItemDto[]) => void,
): Promise<{ job: JobDto; items: JobItemDto[] }> {
  const observer = new QueryObserver(qc, {
    ...jobQueryOptions(jobId, true),
    staleTime: 0,
    // The rows leave the list as Classroom confirms them, in a tab in the background too.
    refetchIntervalInBackground: true,
  });
  return new Promise((resolve, reject) => {
    let seen = 0;
    const unsubscribe = observer.subscribe((result) => {
      if (result.isError && !result.isFetching) {
        unsubscribe();
        reject(result.error);
      } else if (result.data && result.dataUpdatedAt !== seen) {
        seen = result.dataUpdatedAt;
        onRead(result.data.items);
        if (!isActive(result.data.job)) {
          unsubscribe();
          resolve(result.data);
        }
      }
    });
  });
}

/** A failed row's reason beside it, with what the job left the person with. */
function failureNote(prefix: string, item: JobItemDto): string {
  const state = item.outcome ? ITEM_OUTCOME_LABELS[item.outcome] : undefined;
  return `${prefix}: ${item.message ?? "Classroom refused."}${state ? ` ${state}` : ""}`;
}

function outcomeToast(job: JobDto, what: string, done: string) {
  const { failed } = job.counts;
  const n = countText(job.counts.done);
  if (job.state === "cancelled") toast.info(`${what} cancelled after ${n} ${done}.`);
  else if (job.state === "paused") toast.info(`${what} paused after ${n} ${done}. It goes on from Jobs.`);
  else if (failed === 0) toast.success(`${n} ${done}.`);
  else toast.warning(`${n} ${done}; ${failed.toLocaleString("en-US")} could not be.`);
}

/**
 * Revoke a selection as a job. Each row leaves the cached lists only once its revoke is
 * confirmed; a refused one stays, with the reason. `track` shows the job's progress and Cancel.
 */
export async function revokeAsJob(
  qc: QueryClient,
  rows: readonly WriteTarget[],
  note: Note,
  track: (jobId: string, running: boolean) => void,
): Promise<void> {
  const res = await callAction(() =>
    createRevokeJobAction({ invitations: rows.map((r) => ({ id: r.id, courseId: r.courseId, userId: r.userId })) }),
  );
  if (!res.ok) {
    toast.error(`None of the ${countText(rows.length)} were revoked.`, { description: res.error.message });
    return;
  }
  for (const r of rows) note(r.id, null);
  track(res.data.jobId, true);
  const gone = new Set<string>();
  try {
    const { job } = await followJob(qc, res.data.jobId, (items) => {
      const confirmed = items.filter((i) => i.state === "done" && rows[i.seq] && !gone.has(rows[i.seq]!.id));
      if (confirmed.length > 0) {
        const leaving = confirmed.map((i) => rows[i.seq]!);
        removeEverywhere(qc, leaving);
        for (const r of leaving) gone.add(r.id);
      }
      for (const i of items)
        if (i.state === "failed" && rows[i.seq]) note(rows[i.seq]!.id, failureNote("Not revoked", i));
    });
    outcomeToast(job, "Revoke", "revoked");
  } finally {
    track(res.data.jobId, false);
  }
  await refreshAfterWrite(
    qc,
    rows.map((r) => r.courseId),
    gone.size < rows.length,
  );
}

/**
 * Resend (`toRole` absent) one invitation or a selection, or change the role of a selection, as
 * a job of that many rows: Classroom has neither, so each is deleted and created again, with the same
 * role or the new one. The touched classes are read again at the end, so the list shows the new
 * invitations (new ids, first seen now).
 */
export async function recreateAsJob(
  qc: QueryClient,
  rows: readonly WriteTarget[],
  note: Note,
  track: (jobId: string, running: boolean) => void,
  toRole?: InvitationRole,
): Promise<void> {
  const invitations = rows.map((r) => ({ id: r.id, courseId: r.courseId, userId: r.userId, role: r.role }));
  const res = await callAction(() =>
    toRole ? createChangeRoleJobAction({ invitations, toRole }) : createResendJobAction({ invitations }),
  );
  if (!res.ok) {
    toast.error(toRole ? "No role was changed." : "Nothing was resent.", { description: res.error.message });
    return;
  }
  for (const r of rows) note(r.id, null);
  track(res.data.jobId, true);
  try {
    const { job, items } = await followJob(qc, res.data.jobId, () => undefined);
    await refreshAfterWrite(
      qc,
      rows.map((r) => r.courseId),
      true,
    );
    for (const i of items) {
      if (i.state !== "failed" || !rows[i.seq]) continue;
      // A restored invitation has a new id: the note goes where the list now shows the person.
      note(i.invitationId ?? rows[i.seq]!.id, failureNote(toRole ? "Role not changed" : "Not resent", i));
    }
    if (toRole) outcomeToast(job, "Change of role", `changed to ${ROLE_LABELS[toRole].toLowerCase()}`);
    else outcomeToast(job, "Resend", "resent");
  } finally {
    track(res.data.jobId, false);
  }
}
