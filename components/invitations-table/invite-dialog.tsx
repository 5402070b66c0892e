"use client";

import { CreateInvitationForm } from "@/components/invitations/create-form/create-form";
import { Modal } from "@/components/ui/modal";

/** The "New invitation" dialog of /invitations: the dialog and its form load together, on first open. */
export function InviteDialog({
  onClose,
  ...form
}: { onClose: () => void } & Omit<React.ComponentProps<typeof CreateInvitationForm>, "onCreated">) {
  return (
    <Modal open wide title="New invitation" onClose={onClose}>
      <div className="mt-4">
        <CreateInvitationForm {...form} onCreated={onClose} />
      </div>
    </Modal>
  );
}
