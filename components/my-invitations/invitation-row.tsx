"use client";

import { useEffect, useId, useRef, useState } from "react";

import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format/count";
import {
  canAccept,
  ownerChangeText,
  roleLabel,
  stateNotice,
  teachersText,
  type InvitationRole,
  type MyInvitation,
} from "@/lib/view/my-invitations";

import type { RowError } from "./use-my-invitation-mutations";

const ROLE_TONE: Record<InvitationRole, BadgeTone> = { STUDENT: "green", TEACHER: "brand", OWNER: "violet" };

export function InvitationRow(props: {
  invitation: MyInvitation;
  busy: "accept" | "decline" | null;
  /** Another write (e.g. Accept all) holds the list. */
  locked: boolean;
  error: RowError | undefined;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const { invitation: inv, busy, error } = props;
  const uid = useId();
  const titleId = `${uid}-title`;
  const errorId = `${uid}-error`;
  // Declining, and accepting an ownership transfer, ask first.
  const [confirming, setConfirmingKind] = useState<"accept" | "decline" | null>(null);
  const setConfirming = (kind: "accept" | "decline" | false) => setConfirmingKind(kind || null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const declineRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef<"accept" | "decline" | null>(null);

  // Move focus into the confirmation and back out of it, so keyboard users never lose their place.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current && !busy)
      (wasConfirming.current === "accept" ? acceptRef : declineRef).current?.focus();
    wasConfirming.current = confirming;
  }, [confirming, busy]);

  const ownerChange = ownerChangeText(inv);
  const notice = stateNotice(inv.course?.state);
  const teachers = teachersText(inv.teachers);
  const disabled = busy !== null || props.locked;
  const acceptable = canAccept(inv);
  const noticeId = `${uid}-notice`;
  const blockedDecline = error?.kind === "decline" && error.code === "PERMISSION_DENIED";

  return (
    <li
      data-invitation-id={inv.id}
      aria-busy={busy !== null}
      className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-start"
    >
      <div className="min-w-0 flex-1 space-y-2">
        <div>
          <h3 id={titleId} className="font-semibold break-words text-slate-900">
            {inv.course?.name ?? "A class you can't see yet"}
          </h3>
          {inv.course?.section ? <p className="text-sm break-words text-slate-600">{inv.course.section}</p> : null}
        </div>
        <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">Role offered</dt>
            <dd>
              <Badge tone={ROLE_TONE[inv.role]}>{roleLabel(inv.role)}</Badge>
            </dd>
          </div>
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">Class state</dt>
            <dd>{inv.course ? <CourseStateBadge state={inv.course.state} /> : <Badge>Unknown</Badge>}</dd>
          </div>
          <div className="flex min-w-0 items-center gap-1.5">
            <dt className="text-slate-500">{plural("Teacher", inv.teachers.length)}</dt>
            <dd className="min-w-0 truncate text-slate-800" title={inv.teachers.map((t) => t.name).join(", ")}>
              {teachers ?? "Not visible until you join"}
            </dd>
          </div>
        </dl>
        {ownerChange ? (
          <p className="rounded-lg bg-violet-50 px-3 py-2 text-sm text-violet-900 ring-1 ring-violet-200 ring-inset">
            <span className="font-medium">Ownership transfer.</span> {ownerChange}
          </p>
        ) : null}
        {!inv.course ? (
          <p className="text-sm text-slate-600">
            Classroom doesn&apos;t show this class&apos;s details to invitees in its current state. You can still accept
            or decline.
          </p>
        ) : null}
        {notice ? (
          <p id={noticeId} className="text-sm text-amber-800">
            {notice}
          </p>
        ) : null}
        {error ? (
          <div
            id={errorId}
            className={`rounded-lg px-3 py-2 text-sm ring-1 ring-inset ${
              blockedDecline ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-red-50 text-red-800 ring-red-200"
            }`}
          >
            <p className="font-medium">
              {blockedDecline
                ? "You can't decline this invitation yourself"
                : error.kind === "accept"
                  ? "Couldn't join this class"
                  : "Couldn't decline"}
            </p>
            <p>{error.message}</p>
          </div>
        ) : null}
      </div>

      <div className="flex shrink-0 flex-wrap items-center gap-2 sm:justify-end">
        {busy ? (
          <p role="status" className="inline-flex h-10 items-center gap-2 text-sm font-medium text-slate-700">
            <span
              aria-hidden
              className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
            />
            {busy === "accept" ? "Joining…" : "Declining…"}
          </p>
        ) : confirming ? (
          <div role="group" aria-labelledby={`${uid}-confirm`} className="flex flex-wrap items-center gap-2">
            <p id={`${uid}-confirm`} className="w-full text-sm text-slate-700 sm:w-auto">
              {confirming === "accept" ? "Become the owner of this class?" : "Decline this invitation?"}
            </p>
            {confirming === "accept" ? (
              <Button
                aria-describedby={titleId}
                onClick={() => {
                  setConfirming(false);
                  props.onAccept();
                }}
              >
                Yes, become owner
              </Button>
            ) : (
              <Button
                variant="danger"
                aria-describedby={titleId}
                onClick={() => {
                  setConfirming(false);
                  props.onDecline();
                }}
              >
                Yes, decline
              </Button>
            )}
            <Button ref={cancelRef} variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        ) : (
          <>
            <Button
              ref={acceptRef}
              aria-describedby={[titleId, error ? errorId : null, !acceptable && notice ? noticeId : null]
                .filter(Boolean)
                .join(" ")}
              disabled={disabled || !acceptable}
              onClick={() => (inv.role === "OWNER" ? setConfirming("accept") : props.onAccept())}
            >
              Accept
            </Button>
            <Button
              ref={declineRef}
              variant="secondary"
              aria-describedby={titleId}
              disabled={disabled}
              onClick={() => setConfirming("decline")}
            >
              Decline
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
