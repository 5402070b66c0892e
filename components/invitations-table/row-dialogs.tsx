"use client";

import { lazy, Suspense } from "react";

import type { WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import type { InvitationRole } from "@/lib/concepts";

// The dialogs load when one first opens, not with the page.
const RevokeDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.RevokeDialog })));
const ChangeRoleDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.ChangeRoleDialog })));

export type OpenDialog = { kind: "revoke" | "role"; rows: WriteTarget[] } | null;

/**
 * The revoke confirmation and the role picker (one invitation or many), for every screen that
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
    changeRole: (rows: WriteTarget[], toRole: InvitationRole) => unknown;
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
          rows={open.rows}
          canInviteOwner={canInviteOwner}
          onClose={onClose}
          onConfirm={(rows, toRole) => {
            onClose();
            void writes.changeRole(rows, toRole);
          }}
        />
      )}
    </Suspense>
  );
}
