"use client";

import { useMutation, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { toast } from "@/components/ui/toast";
import { countText, plural } from "@/lib/format/count";
import type { ActionError } from "@/lib/actions/safe-action";
import {
  acceptAllInvitationsAction,
  acceptInvitationAction,
  declineInvitationAction,
  type AcceptAllItem,
  type AcceptOutcome,
} from "@/lib/actions/my-invitations";
import { actionData, failureOf } from "@/lib/query/call-action";
import { queryKeys } from "@/lib/query/keys";
import { withAccepted, withoutInvitations, type MyInvitation, type MyInvitationsData } from "@/lib/view/my-invitations";

export type RowError = { kind: "accept" | "decline"; code: string; message: string };

export type RowFeedback = {
  setError: (id: string, error: RowError | null) => void;
  /** Called before rows leave the list, so focus isn't lost with them. */
  beforeRemove: (ids: readonly string[]) => void;
};

const courseName = (inv: MyInvitation) => inv.course?.name ?? "this class";

/** Sign-in problems get a way out instead of a dead end. */
function useSignInAction() {
  const router = useRouter();
  return (error: ActionError) =>
    error.code === "SIGNED_OUT" || error.code === "REAUTH_REQUIRED" || error.code === "UNAUTHENTICATED"
      ? { label: "Sign in", onClick: () => router.push("/signin?error=SessionExpired") }
      : undefined;
}

function useRefresh() {
  const queryClient = useQueryClient();
  const key = queryKeys.myInvitations();
  return {
    update: (fn: (d: MyInvitationsData) => MyInvitationsData) =>
      queryClient.setQueryData<MyInvitationsData>(key, (d) => (d ? fn(d) : d)),
    /**
     * Refetch the truth once the last of this screen's writes has settled, so an earlier
     * write's refetch can't overwrite a later one's optimistic state (TanStack's advice for
     * concurrent optimistic updates).
     */
    settle: () => {
      if (queryClient.isMutating({ mutationKey: queryKeys.myInvitationsMutation() }) === 1) {
        return queryClient.invalidateQueries({ queryKey: key });
      }
    },
  };
}

type AcceptVars = { invitations: MyInvitation[]; all: boolean };

/** The invitation no longer exists (and the user isn't in the class): the row goes, the toast says why. */
const GONE = new Set(["INVITATION_NOT_FOUND", "NOT_FOUND"]);

/** Accept one, or all that the page shows. Rows show "Joining…" from the click on (optimistic UI). */
export function useAcceptInvitations(feedback: RowFeedback) {
  const { update, settle } = useRefresh();
  const signInAction = useSignInAction();
  return useMutation({
    mutationKey: queryKeys.myInvitationsMutation("accept"),
    mutationFn: async ({ invitations, all }: AcceptVars): Promise<AcceptAllItem[]> => {
      const refs = invitations.map((i) => ({ invitationId: i.id, courseId: i.courseId, role: i.role }));
      if (!all) {
        const r = await actionData(() => acceptInvitationAction(refs[0]!));
        return [{ invitationId: r.invitationId, ok: true, outcome: r.outcome }];
      }
      return (await actionData(() => acceptAllInvitationsAction({ invitations: refs }))).results;
    },
    onMutate: ({ invitations }) => {
      for (const inv of invitations) feedback.setError(inv.id, null);
    },
    onSuccess: (results, { invitations, all }) => {
      const byId = new Map(invitations.map((i) => [i.id, i]));
      const done = results.filter((r) => r.ok).map((r) => r.invitationId);
      const gone = results.filter((r) => !r.ok && GONE.has(r.error.code)).map((r) => r.invitationId);
      for (const r of results) {
        if (!r.ok && !GONE.has(r.error.code))
          feedback.setError(r.invitationId, { kind: "accept", code: r.error.code, message: r.error.message });
      }
      feedback.beforeRemove([...done, ...gone]);
      update((d) => withoutInvitations(withAccepted(d, done), gone));
      if (!all) {
        const inv = invitations[0]!;
        const first = results[0];
        if (first?.ok) toastAccepted(inv, first.outcome);
        else if (first) toast.error(`Couldn't join ${courseName(inv)}`, { description: first.error.message });
        return;
      }
      const failed = results.filter((r) => !r.ok && !GONE.has(r.error.code));
      if (gone.length) {
        toast.info(`${countText(gone.length)} ${plural("was", gone.length, "were")} withdrawn`, {
          description: "A teacher revoked or replaced them before you accepted, so they're no longer listed.",
        });
      }
      const succeeded = results.filter((r): r is Extract<AcceptAllItem, { ok: true }> => r.ok);
      const only = succeeded.length === 1 ? succeeded[0] : undefined;
      const onlyInv = only && byId.get(only.invitationId);
      if (only && onlyInv) toastAccepted(onlyInv, only.outcome);
      else if (done.length > 1)
        toast.success(`You joined ${countText(done.length, "class")}`, {
          description: "They're listed under My courses.",
        });
      if (failed.length) {
        toast.error(`${countText(failed.length)} couldn't be accepted`, {
          description: "The reason is shown beside each class.",
        });
      }
    },
    onError: (e, { invitations }) => {
      const error = failureOf(e);
      if (GONE.has(error.code)) {
        const ids = invitations.map((i) => i.id);
        feedback.beforeRemove(ids);
        update((d) => withoutInvitations(d, ids));
      } else {
        for (const inv of invitations)
          feedback.setError(inv.id, { kind: "accept", code: error.code, message: error.message });
      }
      toast.error(
        invitations.length === 1 ? `Couldn't join ${courseName(invitations[0]!)}` : "Couldn't accept your invitations",
        {
          description: error.message,
          action: signInAction(error),
        },
      );
    },
    onSettled: settle,
  });
}

function toastAccepted(inv: MyInvitation, outcome: AcceptOutcome) {
  if (outcome === "already_member") {
    toast.success("You're already in this class", {
      description: `${courseName(inv)} is under My courses. Nothing else to do.`,
    });
    return;
  }
  const as =
    inv.role === "OWNER"
      ? "You're now its owner."
      : inv.role === "TEACHER"
        ? "You're now a co-teacher."
        : "It's now under My courses.";
  toast.success(`You joined ${courseName(inv)}`, { description: as });
}

export function useDeclineInvitation(feedback: RowFeedback) {
  const { update, settle } = useRefresh();
  const signInAction = useSignInAction();
  return useMutation({
    mutationKey: queryKeys.myInvitationsMutation("decline"),
    mutationFn: (inv: MyInvitation) => actionData(() => declineInvitationAction({ invitationId: inv.id })),
    onMutate: (inv) => feedback.setError(inv.id, null),
    onSuccess: (result, inv) => {
      feedback.beforeRemove([inv.id]);
      update((d) => withoutInvitations(d, [inv.id]));
      if (result.outcome === "declined") {
        toast.success(`Declined the invitation to ${courseName(inv)}`, {
          description: "The teacher can invite you again if this was a mistake.",
        });
      } else {
        toast.info("This invitation is no longer pending", {
          description: "It was accepted, declined or revoked elsewhere. The list is up to date now.",
        });
      }
    },
    onError: (e, inv) => {
      const error = failureOf(e);
      feedback.setError(inv.id, { kind: "decline", code: error.code, message: error.message });
      toast.error(
        error.code === "PERMISSION_DENIED"
          ? "You can't decline this invitation yourself"
          : `Couldn't decline ${courseName(inv)}`,
        {
          description: error.message,
          action: signInAction(error),
        },
      );
    },
    onSettled: settle,
  });
}

/** Ids of invitations with a write in flight, from any component: drives the optimistic UI. */
export function usePendingInvitationIds(): { accepting: Set<string>; declining: Set<string> } {
  const accepting = useMutationState({
    filters: { mutationKey: queryKeys.myInvitationsMutation("accept"), status: "pending" },
    select: (m) => (m.state.variables as AcceptVars | undefined)?.invitations.map((i) => i.id) ?? [],
  });
  const declining = useMutationState({
    filters: { mutationKey: queryKeys.myInvitationsMutation("decline"), status: "pending" },
    select: (m) => (m.state.variables as MyInvitation | undefined)?.id ?? "",
  });
  return { accepting: new Set(accepting.flat()), declining: new Set(declining.filter(Boolean)) };
}
