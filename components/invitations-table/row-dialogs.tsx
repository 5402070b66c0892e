"use client";

import { lazy, Suspense } from "react";

import type { InvitationRow } from "@/lib/view/invitation-rows";
import type { InvitationRole } from "@/lib/view/invitations";

// The dialogs load when one first opens, not with the page.
const RevokeDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.RevokeDialog })));
const ChangeRoleDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.ChangeRoleDialog })));

export type OpenDialog = { kind: "revoke"; rows: InvitationRow[] } | { kind: "role"; row: InvitationRow } | null;

/** The confirmation for a revoke of selected rows, or the role picker for one row. */
export function RowDialogs({
  open,
  onClose,
  onRevoke,
  onChangeRole,
}: {
  open: OpenDialog;
  onClose: () => void;
  onRevoke: (rows: InvitationRow[]) => void;
  onChangeRole: (row: InvitationRow, toRole: InvitationRole) => void;
}) {
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      {open.kind === "revoke" ? (
        <RevokeDialog rows={open.rows} onClose={onClose} onConfirm={onRevoke} />
      ) : (
        <ChangeRoleDialog row={open.row} onClose={onClose} onConfirm={onChangeRole} />
      )}
    </Suspense>
  );
}
