"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";

import { toast } from "@/components/ui/toast";
import { changeRoleAction, revokeInvitationsAction } from "@/lib/actions/invitations";
import { MAX_REVOKE } from "@/lib/actions/invitations.limits";
import type { RevokeRowResult } from "@/lib/actions/invitations.schemas";
import { fetchCourseInvitations } from "@/lib/query/invitations";
import {
  mergeCourseSnapshot,
  withInvitations,
  withoutInvitations,
  type InvitationItem,
  type InvitationRole,
  type InvitationsSnapshot,
} from "@/lib/view/invitations";
import { countText, ROLE_LABELS, type InvitationRow } from "@/lib/view/invitation-rows";
import { queryKeys } from "@/lib/query/keys";

type Notes = Record<string, string>;

/**
 * Revoke and change role from the table (issue 3 §4–5). Revokes are optimistic: rows leave
 * at once and come back, with the reason beside them, if Classroom refuses. Afterwards only
 * the touched courses are re-read (not the whole domain), and the activity log is invalidated.
 */
export function useInvitationMutations(viewerEmail: string) {
  const qc = useQueryClient();
  const listKey = queryKeys.invitationsList();
  const [notes, setNotes] = useState<Notes>({});
  const [busy, setBusy] = useState<Record<string, true>>({});

  const update = useCallback(
    (fn: (s: InvitationsSnapshot) => InvitationsSnapshot) =>
      qc.setQueryData<InvitationsSnapshot>(listKey, (prev) => (prev ? fn(prev) : prev)),
    [qc, listKey],
  );

  const afterWrite = useCallback(
    async (courseIds: readonly string[], refresh: boolean) => {
      const unique = [...new Set(courseIds)];
      void qc.invalidateQueries({ queryKey: queryKeys.activity() });
      for (const id of unique) void qc.invalidateQueries({ queryKey: queryKeys.course(id) });
      if (!refresh || unique.length === 0) return;
      try {
        for (let i = 0; i < unique.length; i += 50) {
          const fresh = await fetchCourseInvitations(unique.slice(i, i + 50));
          update((s) => mergeCourseSnapshot(s, fresh));
        }
      } catch {
        // The optimistic state stays; the next full refresh corrects it.
      }
    },
    [qc, update],
  );

  const revoke = useMutation({
    mutationFn: async (rows: InvitationRow[]): Promise<{ results: RevokeRowResult[] } | { error: string }> => {
      const results: RevokeRowResult[] = [];
      for (let i = 0; i < rows.length; i += MAX_REVOKE) {
        const res = await revokeInvitationsAction({ ids: rows.slice(i, i + MAX_REVOKE).map((r) => r.id) });
        if (!res.ok) {
          if (results.length === 0) return { error: res.error.message };
          const message = res.error.message;
          results.push(
            ...rows.slice(i).map((r) => ({ id: r.id, ok: false, error: { code: res.error.code, message } })),
          );
          break;
        }
        results.push(...res.data.results);
      }
      return { results };
    },
    onMutate: (rows) => {
      const ids = new Set(rows.map((r) => r.id));
      let removed: InvitationItem[] = [];
      update((s) => {
        const r = withoutInvitations(s, ids);
        removed = r.removed;
        return r.snapshot;
      });
      setNotes((n) => omit(n, ids));
      return { removed };
    },
    onSuccess: (outcome, rows, ctx) => {
      if ("error" in outcome) {
        update((s) => withInvitations(s, ctx.removed));
        setNotes((n) => ({ ...n, ...Object.fromEntries(rows.map((r) => [r.id, `Not revoked: ${outcome.error}`])) }));
        toast.error(
          rows.length === 1 ? "The invitation was not revoked." : `${countText(rows.length)} were not revoked.`,
          { description: outcome.error },
        );
        return;
      }
      const failed = outcome.results.filter((r) => !r.ok);
      const failedIds = new Set(failed.map((f) => f.id));
      update((s) =>
        withInvitations(
          s,
          ctx.removed.filter((i) => failedIds.has(i.id)),
        ),
      );
      if (failed.length) {
        setNotes((n) => ({
          ...n,
          ...Object.fromEntries(failed.map((f) => [f.id, `Not revoked: ${f.error?.message ?? "Classroom refused."}`])),
        }));
      }
      const done = outcome.results.length - failed.length;
      const gone = outcome.results.filter((r) => r.ok && r.alreadyGone).length;
      const goneNote = gone ? ` (${numberOrOne(gone)} already gone: accepted or revoked elsewhere)` : "";
      if (done > 0 && failed.length === 0) {
        toast.success(done === 1 ? `Invitation revoked${goneNote}.` : `${countText(done)} revoked${goneNote}.`);
      } else if (done > 0) {
        toast.warning(`${countText(done)} revoked; ${numberOrOne(failed.length)} could not be.`, {
          description: "The ones that failed are back in the list with the reason.",
        });
      } else {
        toast.error(
          failed.length === 1
            ? "The invitation was not revoked."
            : `None of the ${countText(failed.length)} were revoked.`,
          {
            description: failed[0]?.error?.message,
          },
        );
      }
    },
    onError: (_e, rows, ctx) => {
      if (ctx) update((s) => withInvitations(s, ctx.removed));
      const message = "The server did not answer, so nothing was revoked. Check your connection and try again.";
      setNotes((n) => ({ ...n, ...Object.fromEntries(rows.map((r) => [r.id, `Not revoked: ${message}`])) }));
      toast.error("Revoke failed.", { description: message });
    },
    onSettled: (outcome, _e, rows) => {
      const hadFailures = !outcome || "error" in outcome || outcome.results.some((r) => !r.ok);
      void afterWrite(
        rows.map((r) => r.courseId),
        hadFailures,
      );
    },
  });

  const changeRole = useMutation({
    mutationFn: ({ row, toRole }: { row: InvitationRow; toRole: InvitationRole }) =>
      changeRoleAction({
        invitationId: row.id,
        courseId: row.courseId,
        userId: row.userId,
        fromRole: row.role,
        toRole,
      }),
    onMutate: ({ row }) => {
      setBusy((b) => ({ ...b, [row.id]: true }));
      setNotes((n) => omit(n, new Set([row.id])));
    },
    onSuccess: (res, { row, toRole }) => {
      const replaceWith = (inv: { id: string; courseId: string; userId: string; role: InvitationRole }) =>
        update((s) =>
          withInvitations(withoutInvitations(s, new Set([row.id])).snapshot, [
            {
              id: inv.id,
              courseId: inv.courseId,
              userId: inv.userId,
              role: inv.role,
              inviterEmail: viewerEmail,
              firstSeenAt: new Date().toISOString(),
            },
          ]),
        );
      if (res.ok) {
        replaceWith(res.data.invitation);
        toast.success(`Role changed to ${ROLE_LABELS[toRole].toLowerCase()}.`, {
          description: `${who(row)} in ${row.courseName}`,
        });
        return;
      }
      if (res.error.restored && res.error.invitation) {
        replaceWith(res.error.invitation);
        setNotes((n) => ({
          ...n,
          [res.error.invitation!.id]: "Role not changed; the original invitation was restored.",
        }));
      } else {
        setNotes((n) => ({ ...n, [row.id]: `Role not changed: ${res.error.message}` }));
      }
      toast.error("The role was not changed.", { description: res.error.message });
    },
    onError: (_e, { row }) => {
      setNotes((n) => ({ ...n, [row.id]: "Role not changed: the server did not answer." }));
      toast.error("The role was not changed.", {
        description: "The server did not answer. Refresh to see where things stand.",
      });
    },
    onSettled: (_res, _e, { row }) => {
      setBusy((b) => omit(b, new Set([row.id])));
      void afterWrite([row.courseId], true);
    },
  });

  return { revoke, changeRole, notes, busy, refreshCourses: (ids: string[]) => afterWrite(ids, true) };
}

function omit<T>(obj: Record<string, T>, ids: ReadonlySet<string>): Record<string, T> {
  let changed = false;
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (ids.has(k)) changed = true;
    else out[k] = v;
  }
  return changed ? out : obj;
}

const who = (row: InvitationRow) => row.inviteeName ?? row.inviteeEmail ?? `User ${row.userId}`;
const numberOrOne = (n: number) => n.toLocaleString("en-US");
