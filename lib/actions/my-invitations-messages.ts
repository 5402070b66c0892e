// What an invitee reads when Classroom refuses their accept or decline. The shared table in
// lib/google/errors.ts speaks to whoever manages a class ("remove people who no longer need
// access"); here the reader is the person invited, so the same codes get advice they can follow.
// Keyed by AppErrorCode only: upstream text never reaches this module.
import { AppError, type AppErrorCode } from "@/lib/classroom/errors";

export const ACCEPT_MESSAGES: Partial<Record<AppErrorCode, string>> = {
  COURSE_MEMBER_LIMIT_REACHED:
    "This class is full: it has reached Classroom's limit on members, so you can't join it right now. Let your teacher know; your invitation stays here, and you can accept it once there is room.",
  COURSE_TEACHER_LIMIT_REACHED:
    "This class already has as many teachers as Classroom allows, so you can't join it as a teacher yet. Ask the class owner to remove a co-teacher who no longer needs access, then accept again.",
  COURSE_NOT_MODIFIABLE:
    "This class is archived or otherwise locked, so nobody can join it. Ask your teacher to restore the class; your invitation stays here until then.",
  USER_GROUPS_LIMIT_REACHED:
    "Your account is already in as many classes and groups as Google allows, so it can't join another one. Leave classes you no longer need, or ask your school's Google administrator for help.",
  PERMISSION_DENIED:
    "Classroom didn't let your account accept this invitation. Check that you're signed in with the account that was invited; if you are, ask your teacher to send the invitation again.",
  INVITATION_NOT_FOUND:
    "This invitation no longer exists and you're not in the class: the teacher may have revoked or replaced it. Ask them to invite you again if you still need to join.",
  NOT_FOUND:
    "This invitation no longer exists and you're not in the class: the teacher may have revoked or replaced it. Ask them to invite you again if you still need to join.",
  JOIN_RATE_LIMITED:
    "Your account has joined as many classes as Classroom allows in one day. Accept this invitation again tomorrow.",
};

export const DECLINE_MESSAGES: Partial<Record<AppErrorCode, string>> = {
  // The API doesn't say whether an invitee may delete their own invitation (docs/classroom-api.md §2.3, §3).
  PERMISSION_DENIED:
    "Classroom doesn't let you decline this invitation yourself. You can safely ignore it: nothing changes unless you accept. To have it removed, ask the teacher to revoke it.",
};

/** The same error with invitee-facing text, when we have better text for its code. */
export function forInvitee(error: AppError, messages: Partial<Record<AppErrorCode, string>>): AppError {
  const text = messages[error.code];
  if (!text) return error;
  return new AppError({
    code: error.code,
    httpStatus: error.httpStatus,
    reason: error.reason,
    status: error.status,
    correlationId: error.correlationId,
    userMessage: text,
  });
}
