"use client";

import { useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { countText, ROLE_LABELS, type InvitationRow } from "@/lib/view/invitation-rows";
import type { InvitationRole } from "@/lib/view/invitations";

/** A native modal <dialog>: focus trap, Escape and the inert background come from the browser. */
function Modal({
  open,
  onClose,
  labelledBy,
  children,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-2xl p-6 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      {open ? children : null}
    </dialog>
  );
}

export function RevokeDialog({
  rows,
  onConfirm,
  onClose,
}: {
  rows: InvitationRow[] | null;
  onConfirm: (rows: InvitationRow[]) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const n = rows?.length ?? 0;
  const label = `Revoke ${countText(n)}`;
  return (
    <Modal open={rows !== null} onClose={onClose} labelledBy={titleId}>
      <h2 id={titleId} className="text-lg font-semibold">
        {label}?
      </h2>
      <p className="mt-2 text-sm text-slate-600">
        The people invited will no longer be able to join. You can invite them again later.
      </p>
      {rows && rows.length <= 5 ? (
        <ul className="mt-3 list-disc pl-5 text-sm text-slate-700">
          {rows.map((r) => (
            <li key={r.id}>
              {r.inviteeName ?? r.inviteeEmail ?? `User ${r.userId}`} — {r.courseName}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-6 flex justify-end gap-3">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => rows && onConfirm(rows)}>
          {label}
        </Button>
      </div>
    </Modal>
  );
}

export function ChangeRoleDialog({
  row,
  onConfirm,
  onClose,
}: {
  row: InvitationRow | null;
  onConfirm: (row: InvitationRow, toRole: InvitationRole) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const selectId = useId();
  const hintId = useId();
  return (
    <Modal open={row !== null} onClose={onClose} labelledBy={titleId}>
      {row ? (
        <ChangeRoleForm
          key={row.id}
          row={row}
          titleId={titleId}
          selectId={selectId}
          hintId={hintId}
          onConfirm={onConfirm}
          onClose={onClose}
        />
      ) : null}
    </Modal>
  );
}

function ChangeRoleForm({
  row,
  titleId,
  selectId,
  hintId,
  onConfirm,
  onClose,
}: {
  row: InvitationRow;
  titleId: string;
  selectId: string;
  hintId: string;
  onConfirm: (row: InvitationRow, toRole: InvitationRole) => void;
  onClose: () => void;
}) {
  const options = (Object.keys(ROLE_LABELS) as InvitationRole[]).filter((r) => r !== row.role);
  const [toRole, setToRole] = useState<InvitationRole>(options[0]!);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(row, toRole);
      }}
    >
      <h2 id={titleId} className="text-lg font-semibold">
        Change role
      </h2>
      <p className="mt-2 text-sm text-slate-600">
        {row.inviteeName ?? row.inviteeEmail ?? `User ${row.userId}`} is invited to {row.courseName} as{" "}
        {ROLE_LABELS[row.role].toLowerCase()}.
      </p>
      <label htmlFor={selectId} className="mt-4 block text-sm font-medium text-slate-800">
        New role
      </label>
      <select
        id={selectId}
        value={toRole}
        aria-describedby={hintId}
        onChange={(e) => setToRole(e.target.value as InvitationRole)}
        className="mt-1 h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm"
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <p id={hintId} className="mt-2 text-xs text-slate-600">
        Classroom can&apos;t edit an invitation, so it is revoked and sent again with the new role. If sending fails,
        the original invitation is restored.
      </p>
      <div className="mt-6 flex justify-end gap-3">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Save role</Button>
      </div>
    </form>
  );
}
