/**
 * The invitation sentences that more than one layer shows (lib/google's error table, server
 * actions, lib/classroom, the form, the bulk preview), each written once. Generic per-code
 * texts stay in lib/google/error-codes.ts. Imported by browser code too: no server-only imports.
 */
import type { DomainRefusal } from "./domain-policy";
import { ROLE_PHRASES, type InvitationRole } from "./concepts";

/** ALREADY_EXISTS, naming the blocking invitation's role when it is known. */
export function alreadyInvitedText(role: InvitationRole | undefined, who?: string): string {
  if (!role) return `${who ?? "This person"} already has a pending invitation to this class. ${OPEN_OR_REVOKE}`;
  const start = who
    ? `${who} is already invited as ${ROLE_PHRASES[role]}.`
    : `Already invited as ${ROLE_PHRASES[role]}.`;
  return `${start} Open that invitation to change its role, or revoke it first.`;
}

const OPEN_OR_REVOKE = "Open it to change the role, or revoke it first.";

/** ALREADY_EXISTS when nothing more is known: the error table's text for the code. */
export const ALREADY_INVITED = alreadyInvitedText(undefined);

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

/**
 * The school's "Who can join classes" setting will refuse this invitee (lib/domain-policy.ts).
 * Shown before sending, in the bulk preview and the invite form.
 */
export function domainRefusedText(refusal: DomainRefusal): string {
  const ask = "Ask your Google Workspace administrator to allow it, or invite a school account instead.";
  switch (refusal.kind) {
    case "outside_school":
      return `Classroom will refuse this invitation: your school lets only its own accounts join classes, and ${refusal.domain} isn't one of its domains. ${ask}`;
    case "not_allowlisted":
      return `Classroom will refuse this invitation: ${refusal.domain} isn't on your school's list of domains allowed to join classes. ${ask}`;
    case "personal_account":
      return `Classroom will refuse this invitation: your school lets only Google Workspace accounts join classes, and ${refusal.domain} addresses are personal accounts. ${ask}`;
  }
}

/**
 * The bulk preview looked up an address of the caller's own school and userProfiles.get refused
 * it: Classroom answers PERMISSION_DENIED, not NOT_FOUND, when no such profile exists
 * (docs/classroom-api.md §5.3), and everyone in a domain may see its profiles.
 */
export const NO_SUCH_ACCOUNT =
  "No Classroom account in your school has this address. Check the spelling, or ask IT whether the account exists.";

/** Why the bulk preview did not check that an address of the school has an account. */
export type AccountNotChecked = { reason: "cap"; cap: number } | { reason: "failed" };

/** Appended to a row that will be sent although its account was not checked: Classroom decides on send. */
export function accountNotCheckedText(why: AccountNotChecked): string {
  return why.reason === "cap"
    ? `Not checked whether this account exists: one preview checks at most ${why.cap} addresses of your school. Classroom will say on send.`
    : "Not checked whether this account exists: Classroom didn't answer in time. Classroom will say on send.";
}
