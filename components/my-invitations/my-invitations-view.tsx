"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";

import { Button, buttonClasses } from "@/components/ui/button";
import { countText } from "@/lib/format/count";
import { myInvitationsQueryOptions } from "@/lib/query/my-invitations";
import { acceptAllTargets, joiningCourses } from "@/lib/view/my-invitations";

import { InvitationRow } from "./invitation-row";
import { MyCourses } from "./my-courses";
import {
  useAcceptInvitations,
  useDeclineInvitation,
  usePendingInvitationIds,
  type RowError,
  type RowFeedback,
} from "./use-my-invitation-mutations";

export function MyInvitationsView() {
  const { data } = useSuspenseQuery(myInvitationsQueryOptions());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [errors, setErrors] = useState<Record<string, RowError>>({});

  const feedback = useMemo<RowFeedback>(
    () => ({
      setError: (id, error) =>
        setErrors((prev) => {
          if (!error && !(id in prev)) return prev;
          const next = { ...prev };
          if (error) next[id] = error;
          else delete next[id];
          return next;
        }),
      beforeRemove: (ids) => {
        // The focused button is about to disappear with its row: park focus on the list heading
        // (not on the next row's Accept, where a repeated Enter would accept something else).
        const active = document.activeElement;
        const inside = ids.some((id) => active?.closest(`[data-invitation-id="${CSS.escape(id)}"]`));
        if (inside || active === document.body) requestAnimationFrame(() => headingRef.current?.focus());
      },
    }),
    [],
  );

  const accept = useAcceptInvitations(feedback);
  const decline = useDeclineInvitation(feedback);
  const pending = usePendingInvitationIds();

  // A synchronous guard against double submission: the mutation cache notifies React on a
  // later tick, so the second click of a double click would otherwise send a second accept.
  const inFlight = useRef(new Set<string>());
  const [requested, setRequested] = useState<Record<string, "accept" | "decline">>({});
  const start = (ids: readonly string[], kind: "accept" | "decline") => {
    if (ids.some((id) => inFlight.current.has(id))) return false;
    for (const id of ids) inFlight.current.add(id);
    setRequested((prev) => ({ ...prev, ...Object.fromEntries(ids.map((id) => [id, kind])) }));
    return true;
  };
  const finish = (ids: readonly string[]) => {
    for (const id of ids) inFlight.current.delete(id);
    setRequested((prev) => Object.fromEntries(Object.entries(prev).filter(([id]) => !ids.includes(id))));
  };

  const invitations = data.invitations;
  const acceptAll = acceptAllTargets(invitations);
  const leftOut = invitations.length - acceptAll.length;
  const acceptAllRunning = accept.isPending && accept.variables?.all === true;
  const accepting = new Set([
    ...pending.accepting,
    ...Object.keys(requested).filter((id) => requested[id] === "accept"),
  ]);
  const joining = joiningCourses(data, accepting);
  const busyOf = (id: string) =>
    accepting.has(id) ? "accept" : pending.declining.has(id) || requested[id] === "decline" ? "decline" : null;
  const anyBusy = accepting.size > 0 || pending.declining.size > 0 || Object.keys(requested).length > 0;

  const acceptMany = (list: typeof invitations, all: boolean) => {
    const ids = list.map((i) => i.id);
    // mutateAsync, not mutate(…, {onSettled}): per-call callbacks fire only for the latest call,
    // and several rows may be in flight at once. Outcomes are handled in the hook.
    if (start(ids, "accept"))
      void accept
        .mutateAsync({ invitations: list, all })
        .catch(() => {})
        .finally(() => finish(ids));
  };
  const declineOne = (inv: (typeof invitations)[number]) => {
    if (start([inv.id], "decline"))
      void decline
        .mutateAsync(inv)
        .catch(() => {})
        .finally(() => finish([inv.id]));
  };

  return (
    <div className="space-y-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">My invitations</h1>
        <p className="text-sm text-slate-600">
          Invitations to Google Classroom classes that are waiting for you. Accepting adds you to the class with the
          role offered; nothing changes until you do.
        </p>
      </div>

      <section aria-labelledby="pending-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="pending-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
            Pending invitations <span className="text-sm font-normal text-slate-500">({invitations.length})</span>
          </h2>
          {acceptAll.length > 0 ? (
            <Button onClick={() => acceptMany(acceptAll, true)} disabled={anyBusy} aria-describedby="accept-all-hint">
              {acceptAllRunning ? (
                <span
                  aria-hidden
                  className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white"
                />
              ) : null}
              Accept all
            </Button>
          ) : null}
        </div>
        {acceptAll.length > 0 ? (
          <p id="accept-all-hint" className={leftOut > 0 ? "text-sm text-slate-600" : "sr-only"}>
            {leftOut > 0
              ? `Accept all accepts ${countText(acceptAll.length)}. Ownership transfers and classes that can't be joined are left out: accept those one at a time.`
              : acceptAll.length === 1
                ? "Accepts the invitation listed here."
                : `Accepts all ${countText(acceptAll.length)} listed here.`}
          </p>
        ) : null}

        {invitations.length === 0 ? (
          <div className="rounded-2xl border border-dashed border-slate-300 bg-white/50 p-8 text-center">
            <p className="font-medium text-slate-800">You have no pending invitations</p>
            <p className="mt-1 text-sm text-slate-600">
              When a teacher invites you to a class, the invitation shows up here for you to accept.
            </p>
            <Link href="/home" className={`${buttonClasses("secondary", "sm")} mt-4`}>
              Go to Home
            </Link>
          </div>
        ) : (
          <ul className="space-y-3">
            {invitations.map((inv) => (
              <InvitationRow
                key={inv.id}
                invitation={inv}
                busy={busyOf(inv.id)}
                locked={acceptAllRunning}
                error={errors[inv.id]}
                onAccept={() => acceptMany([inv], false)}
                onDecline={() => declineOne(inv)}
              />
            ))}
          </ul>
        )}
      </section>

      <MyCourses courses={data.courses} joining={joining} />
    </div>
  );
}
