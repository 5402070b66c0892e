import { ROLE_PHRASES, type InvitationRole } from "@/lib/concepts";
import { alreadyInvitedText } from "@/lib/invitation-messages";

export type CreateErrorInput = {
  code: string;
  message: string;
  email: string;
  role: InvitationRole;
  existing?: { id: string; courseId: string; role: InvitationRole };
};

/**
 * A title and a what-to-do-next sentence for each documented create error. The
 * server's message is already our own text (lib/google/errors); some codes get wording that
 * can name the person or the role, which only the form knows.
 */
export function createErrorCopy(e: CreateErrorInput): { title: string; body: string } {
  switch (e.code) {
    case "ALREADY_EXISTS":
      return {
        title: "Already invited",
        body: alreadyInvitedText(e.existing?.role, e.email),
      };
    case "ALREADY_MEMBER":
      return {
        title: "Already in the class",
        body: `${e.message} An invitation for ${ROLE_PHRASES[e.role]} would not add anything.`,
      };
    case "FAILED_PRECONDITION":
      return { title: "Already in the class, or the account can't be invited", body: e.message };
    case "INELIGIBLE_OWNER":
      return {
        title: "Only a co-teacher can become the owner",
        body: `${e.email} isn't a co-teacher of this class yet. Invite them as a co-teacher first; once they accept, invite them as owner.`,
      };
    case "PENDING_INVITATION_EXISTS":
      return {
        title: "An ownership transfer is already pending",
        body: "This class already has an owner invitation waiting to be accepted. Revoke it first, or wait until it is accepted.",
      };
    case "USER_NOT_FOUND":
      return { title: "No Google account with this email", body: e.message };
    case "COURSE_NOT_FOUND":
      return { title: "Class not found", body: e.message };
    case "NOT_FOUND":
      return { title: "Person or class not found", body: e.message };
    case "PERMISSION_DENIED":
      return { title: "Classroom refused: no permission", body: e.message };
    case "FORBIDDEN":
      return { title: "Not allowed", body: e.message };
    case "UNTRUSTED_DOMAIN":
    case "DOMAIN_NOT_ALLOWED":
    case "CANNOT_DIRECT_ADD_USER":
      return { title: "This person's domain isn't allowed", body: e.message };
    case "ACCOUNT_DISABLED":
      return { title: "This account is disabled", body: e.message };
    case "RATE_LIMITED":
      return {
        title: "Too many invitations right now",
        body: "Google Classroom is receiving too many requests right now. Wait a minute and try again. (Separately, a teacher can send at most 500 invitations a day.)",
      };
    case "INVITATION_QUOTA_REACHED":
      return { title: "Daily invitation limit reached", body: e.message };
    case "COURSE_NOT_MODIFIABLE":
      return { title: "This class can't change right now", body: e.message };
    case "VALIDATION":
      return { title: "Check the form", body: e.message };
    case "SIGNED_OUT":
    case "REAUTH_REQUIRED":
      return { title: "Sign in again", body: e.message };
    default:
      return { title: "The invitation wasn't sent", body: e.message };
  }
}
