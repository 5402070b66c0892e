/**
 * The invitation sentences that more than one layer shows (server actions, lib/classroom, the
 * form, the bulk preview), each written once. Generic per-code texts stay in lib/google/errors.
 * Imported by browser code too: no server-only imports.
 */
import { ROLE_PHRASES, type InvitationRole } from "./concepts";

/** ALREADY_EXISTS, naming the blocking invitation's role when it is known. */
export function alreadyInvitedText(role: InvitationRole | undefined, who?: string): string {
  if (!role)
    return `${who ?? "This person"} already has a pending invitation to this class. Open it to change the role, or revoke it first.`;
  const start = who
    ? `${who} is already invited as ${ROLE_PHRASES[role]}.`
    : `Already invited as ${ROLE_PHRASES[role]}.`;
  return `${start} Open that invitation to change its role, or revoke it first.`;
}

export const NOT_YOURS =
  "You can only manage invitations of classes you teach. This class isn't one of yours, or it no longer exists.";

export const OWNER_ONLY =
  "Only the class owner or an administrator can invite a new owner or change an owner invitation.";

export const STUDENTS_CANT = "Only teachers and administrators can manage class invitations.";

/** A change of role found the invitation already changed by someone else. */
export function roleChangedMeanwhileText(now: InvitationRole): string {
  return `This invitation changed meanwhile: it is now for ${ROLE_PHRASES[now]}. Refresh and try again.`;
}

/** A change of role whose re-create failed: `cause` is the failure's own text. */
export function roleNotChangedText(cause: string, original: InvitationRole, restored: boolean): string {
  return restored
    ? `${cause} The role was not changed: the original invitation as ${ROLE_PHRASES[original]} was restored.`
    : `${cause} The original invitation as ${ROLE_PHRASES[original]} was removed and could not be restored: send it again.`;
}

/** The invitee joined the class while their invitation's role was being changed. */
export const ACCEPTED_MEANWHILE =
  "This person accepted the invitation meanwhile, so there is no invitation left to change. Refresh to see them in the class.";
