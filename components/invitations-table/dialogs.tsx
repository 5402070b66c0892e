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
 * The new role for one invitation. Classroom makes only a co-teacher of the class its owner,
 * and someone with a pending invitation is not one yet: Owner is never offered, and the two
 * steps that do work are spelled out instead.
 */
export function ChangeRoleDialog({
  row,
  canInviteOwner,
  onConfirm,
  onClose,
}: {
  row: WriteTarget;
  /** Known on the class page; elsewhere the server decides. */
  canInviteOwner?: boolean;
  onConfirm: (row: WriteTarget, toRole: InvitationRole) => void;
  onClose: () => void;
}) {
  const selectId = useId();
  const hintId = useId();
  const options = INVITATION_ROLES.filter((r) => r !== row.role && r !== "OWNER");
  const [toRole, setToRole] = useState<InvitationRole>(options[0]!);
  const ownerLocked = row.role === "OWNER" && canInviteOwner === false;
  return (
    <Modal open onClose={onClose} title={`Change role for ${row.who}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(row, toRole);
        }}
      >
        <p className="mt-2 text-sm text-slate-600">
          Invited to {row.courseName} as {ROLE_PHRASES[row.role]}.
        </p>
        {ownerLocked ? (
          <p className="mt-4 text-sm text-slate-700">{OWNER_ONLY}</p>
        ) : (
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
            <div id={hintId} className="mt-2 space-y-2 text-xs text-slate-600">
              <p>
                Classroom can&apos;t edit an invitation, so it is revoked and sent again with the new role. If sending
                fails, the original invitation is restored.
              </p>
              {row.role !== "OWNER" ? <p>{ownerStepsText(row.who)}</p> : null}
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

/** Why Owner is not on the list, and the way that works. */
function ownerStepsText(who: string) {
  return `To make ${who} the owner: only a co-teacher can become owner, so change this invitation to co-teacher, and once they have accepted, invite them as owner.`;
}
