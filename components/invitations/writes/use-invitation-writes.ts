"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";

import { toast } from "@/components/ui/toast";
import { UNREACHABLE } from "@/lib/query/call-action";
import type { InvitationRole } from "@/lib/view/invitations";

import type { WriteTarget } from "./invitation-writes";

export type { WriteTarget };

// The write logic (actions, optimistic updates, toasts) loads on the first click, not with the page.
const load = () => import("./invitation-writes");
const loadJobs = () => import("./list-jobs");

/**
 * Revoke and change role for any screen that lists invitations (/invitations, the class page):
 * one implementation keeps every cached read right, whichever screen the write came from.
 * `notes`: the last outcome per invitation id; `busy`: invitations with a write in flight, and
 * what is being done to them; `jobs`: jobs started here that are still being followed.
 */
export function useInvitationWrites() {
  const qc = useQueryClient();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [jobs, setJobs] = useState<string[]>([]);
  const track = useCallback(
    (jobId: string, running: boolean) =>
      setJobs((j) => (running ? [...j.filter((x) => x !== jobId), jobId] : j.filter((x) => x !== jobId))),
    [],
  );

  const note = useCallback(
    (id: string, text: string | null) =>
      setNotes((n) => {
        if (text !== null) return { ...n, [id]: text };
        if (!(id in n)) return n;
        const rest = { ...n };
        delete rest[id];
        return rest;
      }),
    [],
  );
  const run = useCallback(async (ids: readonly string[], write: () => Promise<void>, doing = "Saving…") => {
    setBusy((b) => ({ ...b, ...Object.fromEntries(ids.map((id) => [id, doing])) }));
    try {
      await write();
    } catch {
      // Only the code itself failed to load (the action calls report their own failures).
      toast.error("Nothing was changed.", { description: UNREACHABLE.message });
    } finally {
      const done = new Set(ids);
      setBusy((b) => Object.fromEntries(Object.entries(b).filter(([id]) => !done.has(id))));
    }
  }, []);

  /** One revoke is answered at once; a selection is a job, its rows marked until each is confirmed. */
  const revoke = useCallback(
    (rows: WriteTarget[]) =>
      run(
        rows.map((r) => r.id),
        async () =>
          rows.length > 1
            ? (await loadJobs()).revokeAsJob(qc, rows, note, track)
            : (await load()).revokeInvitations(qc, rows, note),
        "Revoking…",
      ),
    [qc, note, run, track],
  );
  /** Resend is a job whatever the count; a change of role is a job for a selection, answered at once for one. */
  const resend = useCallback(
    (rows: WriteTarget[]) =>
      run(
        rows.map((r) => r.id),
        async () => (await loadJobs()).recreateAsJob(qc, rows, note, track),
        "Resending…",
      ),
    [qc, note, run, track],
  );
  const changeRole = useCallback(
    (rows: WriteTarget[], toRole: InvitationRole) =>
      run(
        rows.map((r) => r.id),
        async () =>
          rows.length === 1
            ? (await load()).changeInvitationRole(qc, rows[0]!, toRole, note)
            : (await loadJobs()).recreateAsJob(qc, rows, note, track, toRole),
        "Changing role…",
      ),
    [qc, note, run, track],
  );
  /** Re-reads some classes into the list ("Retry these classes"). */
  const refreshCourses = useCallback(
    async (courseIds: readonly string[]) => (await load()).refreshAfterWrite(qc, courseIds, true),
    [qc],
  );

  return { revoke, resend, changeRole, refreshCourses, notes, busy, jobs };
}
