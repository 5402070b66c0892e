"use client";
// A single revoke, and the cache updates every write shares, for the /invitations list and the
// class page alike. Loaded on first use (see use-invitation-writes.ts), so a page that only reads
// never downloads it.
import type { QueryClient } from "@tanstack/react-query";

import { toast } from "@/components/ui/toast";
import { changeRoleAction, revokeInvitationsAction } from "@/lib/actions/invitations";
import { MAX_REVOKE } from "@/lib/actions/invitations.limits";
import type { InvitationDto, RevokeRowResult } from "@/lib/actions/invitations.schemas";
import { callAction } from "@/lib/query/call-action";
import { fetchCourseInvitations } from "@/lib/query/invitations";
import { queryKeys } from "@/lib/query/keys";
import type { CoursePageData } from "@/lib/view/course";
import { ROLE_LABELS } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import {
  mergeCourseSnapshot,
  withInvitations,
  withoutInvitations,
  type InvitationItem,
  type InvitationRole,
  type InvitationsSnapshot,
} from "@/lib/view/invitations";

/** One invitation as either screen shows it. */
export type WriteTarget = {
  id: string;
  courseId: string;
  userId: string;
  role: InvitationRole;
  /** The invitee as the screen names them. */
  who: string;
  courseName: string;
};

/** Per-row outcome text, shown beside the row by a screen that has room for it. */
export type Note = (id: string, text: string | null) => void;

const listKey = queryKeys.invitationsList();

/**
 * Takes invitations out of every cached read at once (the list and each class page), and
 * returns how to put back the ones that turn out not to be revoked.
 */
export function removeEverywhere(qc: QueryClient, rows: readonly WriteTarget[]) {
  const ids = new Set(rows.map((r) => r.id));
  let fromList: InvitationItem[] = [];
  qc.setQueryData<InvitationsSnapshot>(listKey, (s) => {
    if (!s) return s;
    const { snapshot, removed } = withoutInvitations(s, ids);
    fromList = removed;
    return snapshot;
  });
  const fromPages = new Map<string, CoursePageData["invitations"]>();
  for (const courseId of new Set(rows.map((r) => r.courseId))) {
    void qc.cancelQueries({ queryKey: queryKeys.course(courseId) });
    qc.setQueryData<CoursePageData>(queryKeys.course(courseId), (d) => {
      if (!d) return d;
      fromPages.set(
        courseId,
        d.invitations.filter((i) => ids.has(i.id)),
      );
      return { ...d, invitations: d.invitations.filter((i) => !ids.has(i.id)) };
    });
  }
  return (back: ReadonlySet<string>) => {
    if (back.size === 0) return;
    qc.setQueryData<InvitationsSnapshot>(listKey, (s) =>
      s
        ? withInvitations(
            s,
            fromList.filter((i) => back.has(i.id)),
          )
        : s,
    );
    for (const [courseId, removed] of fromPages) {
      const add = removed.filter((i) => back.has(i.id));
      qc.setQueryData<CoursePageData>(queryKeys.course(courseId), (d) =>
        d && add.length ? { ...d, invitations: [...d.invitations.filter((i) => !back.has(i.id)), ...add] } : d,
      );
    }
  };
}

/**
 * After a write: the activity log and the touched class pages are re-read; the list re-reads
 * only the touched classes (not the whole domain), and only when what it shows may be wrong.
 */
export async function refreshAfterWrite(qc: QueryClient, courseIds: readonly string[], rereadList: boolean) {
  const unique = [...new Set(courseIds)];
  void qc.invalidateQueries({ queryKey: queryKeys.activity() });
  for (const id of unique) void qc.invalidateQueries({ queryKey: queryKeys.course(id) });
  if (!rereadList || unique.length === 0 || !qc.getQueryData(listKey)) return;
  try {
    for (let i = 0; i < unique.length; i += 50) {
      const fresh = await fetchCourseInvitations(unique.slice(i, i + 50));
      qc.setQueryData<InvitationsSnapshot>(listKey, (s) => (s ? mergeCourseSnapshot(s, fresh) : s));
    }
  } catch {
    // The optimistic state stays; the next full refresh corrects it.
  }
}

/**
 * Revokes 1–N invitations, MAX_REVOKE per call. Optimistic: the rows leave at once and come
 * back, with the reason beside them, if Classroom refuses or the dashboard can't be reached.
 */
export async function revokeInvitations(qc: QueryClient, rows: readonly WriteTarget[], note: Note): Promise<void> {
  const putBack = removeEverywhere(qc, rows);
  for (const r of rows) note(r.id, null);
  const results: RevokeRowResult[] = [];
  for (let i = 0; i < rows.length; i += MAX_REVOKE) {
    const chunk = rows.slice(i, i + MAX_REVOKE);
    const res = await callAction(() =>
      revokeInvitationsAction({ ids: chunk.map((r) => r.id), courseIds: [...new Set(chunk.map((r) => r.courseId))] }),
    );
    if (!res.ok) {
      // This chunk and the ones after it were not revoked, or not known to be.
      results.push(...rows.slice(i).map((r) => ({ id: r.id, ok: false, error: res.error })));
      break;
    }
    results.push(...res.data.results);
  }
  const failed = results.filter((r) => !r.ok);
  putBack(new Set(failed.map((f) => f.id)));
  for (const f of failed) note(f.id, `Not revoked: ${f.error?.message ?? "Classroom refused."}`);

  const done = results.length - failed.length;
  const gone = results.filter((r) => r.ok && r.alreadyGone).length;
  const one = rows.length === 1 ? rows[0]! : null;
  if (failed.length === 0) {
    if (one) {
      toast.success(
        gone
          ? `The invitation for ${one.who} was already gone: accepted or revoked elsewhere.`
          : `Revoked the invitation for ${one.who}.`,
      );
    } else {
      const goneNote = gone ? ` (${gone.toLocaleString("en-US")} already gone: accepted or revoked elsewhere)` : "";
      toast.success(`${countText(done)} revoked${goneNote}.`);
    }
  } else if (done > 0) {
    toast.warning(`${countText(done)} revoked; ${failed.length.toLocaleString("en-US")} could not be.`, {
      description: "The ones that failed are back in the list with the reason.",
    });
  } else {
    toast.error(
      one ? `The invitation for ${one.who} was not revoked.` : `None of the ${countText(failed.length)} were revoked.`,
      { description: failed[0]?.error?.message },
    );
  }
  await refreshAfterWrite(
    qc,
    rows.map((r) => r.courseId),
    failed.length > 0,
  );
}

/**
 * One invitation's change of role, answered at once by its action (a selection's is a job, see
 * list-jobs.ts). Classroom can't edit an invitation: the action revokes it and sends a new one
 * with the new role, and puts the original back if the new one fails. The touched class is read
 * again, so the list shows the new invitation.
 */
export async function changeInvitationRole(
  qc: QueryClient,
  row: WriteTarget,
  toRole: InvitationRole,
  note: Note,
): Promise<void> {
  note(row.id, null);
  const res = await callAction(() =>
    changeRoleAction({
      invitationId: row.id,
      courseId: row.courseId,
      userId: row.userId,
      fromRole: row.role,
      toRole,
    }),
  );
  if (res.ok) {
    toast.success(`${row.who} is now invited as ${ROLE_LABELS[toRole].toLowerCase()}.`, {
      description: row.courseName,
    });
  } else {
    const error: { message: string; restored?: boolean; invitation?: InvitationDto } = res.error;
    if (error.restored && error.invitation) {
      note(error.invitation.id, "Role not changed; the original invitation was restored.");
    } else {
      note(row.id, `Role not changed: ${error.message}`);
    }
    toast.error("The role was not changed.", { description: error.message });
  }
  await refreshAfterWrite(qc, [row.courseId], true);
}
