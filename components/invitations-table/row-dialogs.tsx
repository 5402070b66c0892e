"use client";

import { lazy, Suspense } from "react";

import type { WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import type { InvitationRole } from "@/lib/concepts";

// The dialogs load when one first opens, not with the page.
const RevokeDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.RevokeDialog })));
const ChangeRoleDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.ChangeRoleDialog })));

export type OpenDialog = { kind: "revoke"; rows: WriteTarget[] } | { kind: "role"; row: WriteTarget } | null;

/**
 * The revoke confirmation (one invitation or many) and the role picker, for every screen that
 * lists invitations. A confirmed write closes the dialog and goes to `writes`.
 */
export function RowDialogs({
  open,
  onClose,
  writes,
  canInviteOwner,
}: {
  open: OpenDialog;
  onClose: () => void;
  writes: {
    revoke: (rows: WriteTarget[]) => unknown;
    changeRole: (row: WriteTarget, toRole: InvitationRole) => unknown;
  };
  canInviteOwner?: boolean;
}) {
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      {open.kind === "revoke" ? (
        <RevokeDialog
          rows={open.rows}
          onClose={onClose}
          onConfirm={(rows) => {
            onClose();
            void writes.revoke(rows);
          }}
        />
      ) : (
        <ChangeRoleDialog
          key={open.row.id}
          row={open.row}
          canInviteOwner={canInviteOwner}
          onClose={onClose}
          onConfirm={(row, toRole) => {
            onClose();
            void writes.changeRole(row, toRole);
          }}
        />
      )}
    </Suspense>
  );
}
