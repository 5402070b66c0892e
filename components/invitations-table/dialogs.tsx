"use client";

import { useId, useState } from "react";

import type { WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { INVITATION_ROLES, ROLE_LABELS, ROLE_PHRASES, type InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { OWNER_ONLY } from "@/lib/invitation-messages";

/** The one confirmation before a revoke, of one invitation or of many, on every screen. */
export function RevokeDialog({
  rows,
  onConfirm,
  onClose,
}: {
  rows: WriteTarget[];
  onConfirm: (rows: WriteTarget[]) => void;
  onClose: () => void;
}) {
  const one = rows.length === 1 ? rows[0]! : null;
  const label = one ? "Revoke invitation" : `Revoke ${countText(rows.length)}`;
  return (
    <Modal open onClose={onClose} title={one ? `Revoke the invitation for ${one.who}?` : `${label}?`}>
      <p className="mt-2 text-sm text-slate-600">
        {one
          ? `${one.who} will no longer be able to join ${one.courseName}. You can invite them again later.`
          : "The people invited will no longer be able to join. You can invite them again later."}
      </p>
      {!one && rows.length <= 5 ? (
        <ul className="mt-3 list-disc pl-5 text-sm text-slate-700">
          {rows.map((r) => (
            <li key={r.id}>
              {r.who} — {r.courseName}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-6 flex justify-end gap-3">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => onConfirm(rows)}>
          {label}
        </Button>
      </div>
    </Modal>
  );
}

/**
 * The new role for one invitation or a selection. Classroom makes only a co-teacher of the class
 * its owner, and someone with a pending invitation is not one yet: Owner is never offered, and
 * the two steps that do work are spelled out instead. When only one new role is possible (every
 * chosen invitation has the same role), the dialog says which rather than offering a one-option
 * list.
 */
export function ChangeRoleDialog({
  rows,
  canInviteOwner,
  onConfirm,
  onClose,
}: {
  rows: WriteTarget[];
  /** Known on the class page; elsewhere the server decides. */
  canInviteOwner?: boolean;
  /** Only the invitations whose role changes. */
  onConfirm: (rows: WriteTarget[], toRole: InvitationRole) => void;
  onClose: () => void;
}) {
  const selectId = useId();
  const hintId = useId();
  const one = rows.length === 1 ? rows[0]! : null;
  const options = INVITATION_ROLES.filter((r) => r !== "OWNER" && rows.some((row) => row.role !== r));
  const [toRole, setToRole] = useState<InvitationRole>(options[0]!);
  const changing = rows.filter((r) => r.role !== toRole);
  const staying = rows.length - changing.length;
  const ownerLocked = one?.role === "OWNER" && canInviteOwner === false;
  const anyBelowOwner = rows.some((r) => r.role !== "OWNER");
  return (
    <Modal
      open
      onClose={onClose}
      title={one ? `Change role for ${one.who}` : `Change role for ${countText(rows.length)}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(changing, toRole);
        }}
      >
        <p className="mt-2 text-sm text-slate-600">
          {one ? `Invited to ${one.courseName} as ${ROLE_PHRASES[one.role]}.` : roleCounts(rows)}
        </p>
        {ownerLocked ? (
          <p className="mt-4 text-sm text-slate-700">{OWNER_ONLY}</p>
        ) : (
          <>
            {options.length > 1 ? (
              <>
                <label htmlFor={selectId} className="mt-4 block text-sm font-medium text-slate-800">
                  New role
                </label>
                <select
                  id={selectId}
                  value={toRole}
                  aria-describedby={hintId}
                  onChange={(e) => setToRole(e.target.value as InvitationRole)}
                  className={fieldSelectClass}
                >
                  {options.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </>
            ) : (
              <p className="mt-4 text-sm text-slate-800">
                New role: <strong className="font-semibold">{ROLE_LABELS[toRole]}</strong>, the only role{" "}
                {one ? "it" : "they"} can change to here.
              </p>
            )}
            <div id={hintId} className="mt-2 space-y-2 text-xs text-slate-600">
              {staying > 0 ? (
                <p>
                  Already {ROLE_LABELS[toRole].toLowerCase()}, left as {staying === 1 ? "it is" : "they are"}:{" "}
                  {countText(staying)}.
                </p>
              ) : null}
              <p>
                Classroom can&apos;t edit an invitation, so {one ? "it is" : "each is"} revoked and sent again with the
                new role. If sending fails, the original invitation is restored.
              </p>
              {anyBelowOwner ? <p>{ownerStepsText(one?.who)}</p> : null}
            </div>
          </>
        )}
        <div className="mt-6 flex justify-end gap-3">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {ownerLocked ? null : <Button type="submit">Save role</Button>}
        </div>
      </form>
    </Modal>
  );
}

/** "3 students, 1 co-teacher": what a selection holds. */
function roleCounts(rows: readonly WriteTarget[]): string {
  const parts = INVITATION_ROLES.map((r) => [r, rows.filter((row) => row.role === r).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => countText(n, ROLE_LABELS[r].toLowerCase()));
  return `Invitations chosen: ${parts.join(", ")}.`;
}

/** Why Owner is not on the list, and the way that works. */
function ownerStepsText(who?: string) {
  return who
    ? `To make ${who} the owner: only a co-teacher can become owner, so change this invitation to co-teacher, and once they have accepted, invite them as owner.`
    : "Owner is not offered: only a co-teacher can become owner, so change an invitation to co-teacher, and once they have accepted, invite them as owner.";
}
