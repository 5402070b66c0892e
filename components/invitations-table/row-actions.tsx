"use client";

import { MenuButton } from "@/components/ui/menu";
import type { InvitationRow } from "@/lib/view/invitation-rows";

export type RowActionHandlers = {
  onRevoke: (row: InvitationRow) => void;
  onChangeRole: (row: InvitationRow) => void;
  /** Delete and send again, for a fresh email (screens that offer it). */
  onResend?: (row: InvitationRow) => void;
};

/**
 * One menu per invitation, "Change role" and "Revoke", each opening its dialog (every screen
 * asks before it revokes). The button is named for the invitee, so a row's actions are found
 * by who they act on.
 */
export function RowActions({
  row,
  who,
  busy,
  ...handlers
}: { row: InvitationRow; who: string; busy: boolean } & RowActionHandlers) {
  return (
    <div className="flex items-center justify-end">
      <MenuButton
        label={`Actions for ${who}`}
        disabled={busy}
        items={[
          { label: "Change role", onSelect: () => handlers.onChangeRole(row) },
          ...(handlers.onResend ? [{ label: "Resend", onSelect: () => handlers.onResend!(row) }] : []),
          { label: "Revoke", onSelect: () => handlers.onRevoke(row), danger: true },
        ]}
      />
    </div>
  );
}
