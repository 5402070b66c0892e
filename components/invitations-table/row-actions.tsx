"use client";

import { Button } from "@/components/ui/button";
import type { InvitationRow } from "@/lib/view/invitation-rows";

export type RowActionHandlers = {
  onRevoke: (row: InvitationRow) => void;
  onChangeRole: (row: InvitationRow) => void;
};

/**
 * "Revoke" and "Change role" for one invitation. The buttons' names stay exactly that (tests
 * and screen-reader users find them per row); `aria-describedby` ties them to the invitee.
 */
export function RowActions({
  row,
  busy,
  describedBy,
  ...handlers
}: { row: InvitationRow; busy: boolean; describedBy: string } & RowActionHandlers) {
  return (
    <div className="flex items-center justify-end gap-2">
      <Button
        variant="secondary"
        size="sm"
        disabled={busy}
        aria-describedby={describedBy}
        onClick={() => handlers.onChangeRole(row)}
      >
        Change role
      </Button>
      <Button
        variant="ghost"
        size="sm"
        className="text-red-700 hover:bg-red-50"
        disabled={busy}
        aria-describedby={describedBy}
        onClick={() => handlers.onRevoke(row)}
      >
        Revoke
      </Button>
    </div>
  );
}
