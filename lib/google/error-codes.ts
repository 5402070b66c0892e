// Every error code the dashboard can show, with its user-facing text: the one owner of each
// generic sentence (invitation sentences that other layers also show are lib/invitation-messages.ts's).
// The codes are this table's keys, so a code can't exist without its text. The UI iterates over
// the table, and errors.ts maps Google's errors to it. Client-safe: no server or Google imports.
import { ALREADY_INVITED } from "@/lib/invitation-messages";

export interface AppErrorSpec {
  /** What happened and what to do next. Never contains upstream text. */
  message: string;
  /** Safe to retry the same read (or an idempotent delete) after a backoff. */
  retryable: boolean;
  /** The HTTP status this code usually arrives with (or that a route handler should answer). */
  httpStatus: number;
  /** The section of the in-app help (/help#…) that explains the rule behind this error. */
  help?: HelpTopic;
}

/** The sections of /help, each an anchor on that page. */
export const HELP_TOPICS = ["roles", "ownership", "daily-cap", "domains", "direct-add"] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

const CHECK_LATER = "Try again in a moment.";

const TABLE = {
  // Sign-in and access (403 PERMISSION_DENIED family unless noted)
  UNAUTHENTICATED: {
    message: "Your Google sign-in has expired. Sign in again to continue.",
    retryable: false,
    httpStatus: 401,
  },
  INSUFFICIENT_SCOPES: {
    message:
      "The dashboard is missing a Google Classroom permission for this. Sign out, sign in again and allow every permission it asks for.",
    retryable: false,
    httpStatus: 403,
  },
  PERMISSION_DENIED: {
    message:
      "You don't have permission to do this in this class. Ask the class owner or your Google Workspace administrator for access.",
    retryable: false,
    httpStatus: 403,
  },
  CLASSROOM_API_DISABLED: {
    message:
      "Classroom access for apps is turned off for this account. Check that you signed in with your school account, or ask your administrator to allow the Classroom API.",
    retryable: false,
    httpStatus: 403,
  },
  CLASSROOM_DISABLED: {
    message: "Google Classroom is turned off for this account. Ask your Google Workspace administrator to turn it on.",
    retryable: false,
    httpStatus: 403,
  },
  CANNOT_DIRECT_ADD_USER: {
    message: "This person can't be added to the class directly. Send them an invitation instead.",
    retryable: false,
    httpStatus: 403,
    help: "direct-add",
  },
  UNTRUSTED_DOMAIN: {
    message:
      "This person's account belongs to a domain your school doesn't allow in Classroom. Invite their school account instead, or ask your administrator to trust their domain.",
    retryable: false,
    httpStatus: 403,
    help: "domains",
  },
  DOMAIN_NOT_ALLOWED: {
    message:
      "The school that runs this class only lets accounts from certain domains join its classes, and this account's domain isn't one of them. Use an account in an allowed domain, or ask that school's administrator to allow this domain in Classroom's settings.",
    retryable: false,
    httpStatus: 403,
    help: "domains",
  },
  PROJECT_PERMISSION_DENIED: {
    message:
      "This item was created by another app, so the dashboard can't change it. Make the change in Google Classroom itself.",
    retryable: false,
    httpStatus: 403,
  },
  GRADING_PERIOD_SETTINGS_DENIED: {
    message: "You can't change grading period settings for this class. Ask the class owner or your administrator.",
    retryable: false,
    httpStatus: 403,
  },
  // Lookups and conflicts
  NOT_FOUND: {
    message:
      "We couldn't find that class or person. Check the email address and the class, then try again; it may have been deleted.",
    retryable: false,
    httpStatus: 404,
  },
  COURSE_NOT_FOUND: {
    message: "We couldn't find that class. It may have been deleted; choose it again from the list.",
    retryable: false,
    httpStatus: 404,
  },
  USER_NOT_FOUND: {
    message:
      "We couldn't find a Google account for that email address. Check the spelling, or ask the person for the address they use at school.",
    retryable: false,
    httpStatus: 404,
  },
  INVITATION_NOT_FOUND: {
    message:
      "This invitation no longer exists: it was accepted, revoked or replaced. Refresh the list to see where things stand.",
    retryable: false,
    httpStatus: 404,
  },
  ALREADY_EXISTS: {
    message: ALREADY_INVITED,
    retryable: false,
    httpStatus: 409,
  },
  CONFLICT: {
    message: "Someone changed this at the same time. Refresh and try again.",
    retryable: false,
    httpStatus: 409,
  },
  // 400 FAILED_PRECONDITION and its reasons
  FAILED_PRECONDITION: {
    message:
      "Classroom refused this: the person may already be in the class with this role or a higher one, or their account may be disabled. Check the class roster and the account, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  ALREADY_MEMBER: {
    message: "This person is already in the class with this role or a higher one, so there's nothing to send.",
    retryable: false,
    httpStatus: 400,
    help: "roles",
  },
  ACCOUNT_DISABLED: {
    message:
      "This person's Google account is disabled, so they can't be invited. Ask your administrator to restore the account, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  COURSE_MEMBER_LIMIT_REACHED: {
    message:
      "This class is full: it has reached Classroom's limit on members. Remove people who no longer need access, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  COURSE_NOT_MODIFIABLE: {
    message:
      "This class is archived or otherwise locked, so its members can't change. Ask a teacher to restore the class, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  COURSE_TEACHER_LIMIT_REACHED: {
    message:
      "This class already has the most teachers Classroom allows. A co-teacher must leave before anyone else can join as a teacher.",
    retryable: false,
    httpStatus: 400,
  },
  USER_GROUPS_LIMIT_REACHED: {
    message:
      "This account is in the most groups Google allows, so it can't join another class. Leave classes you no longer need, or ask your administrator.",
    retryable: false,
    httpStatus: 400,
  },
  INELIGIBLE_OWNER: {
    message:
      "Only a co-teacher of this class can become its owner. Invite this person as a co-teacher first; once they accept, invite them as owner.",
    retryable: false,
    httpStatus: 400,
    help: "ownership",
  },
  PENDING_INVITATION_EXISTS: {
    message:
      "An ownership transfer for this class is already waiting to be accepted. Revoke that owner invitation first, or wait until it is accepted.",
    retryable: false,
    httpStatus: 400,
    help: "ownership",
  },
  INACTIVE_COURSE_OWNER: {
    message:
      "This class's owner account has been deleted, so the class can't change. Ask your administrator to transfer ownership first.",
    retryable: false,
    httpStatus: 400,
  },
  USER_CANNOT_OWN_COURSE: {
    message: "This person's account isn't allowed to own classes. Choose a teacher account, or ask your administrator.",
    retryable: false,
    httpStatus: 400,
    help: "ownership",
  },
  COURSE_TITLE_CONTAINS_URL: {
    message: "Class names can't contain a web address. Remove the link from the name and try again.",
    retryable: false,
    httpStatus: 400,
  },
  CANNOT_REMOVE_COURSE_OWNER: {
    message: "The class owner can't be removed. Transfer ownership to another teacher first.",
    retryable: false,
    httpStatus: 400,
  },
  CANNOT_REMOVE_COURSE_FOLDER_OWNER: {
    message:
      "This teacher owns the class's Drive folder, so they can't be removed. Transfer the folder to the class owner first.",
    retryable: false,
    httpStatus: 400,
  },
  OWNER_TRANSFER_INCOMPLETE: {
    message: "An ownership transfer for this class is still finishing. Wait a few minutes, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  NO_ACTIVE_COURSE_OWNER: {
    message:
      "This class has no active owner, so teachers can't be removed. Ask your administrator to assign an owner first.",
    retryable: false,
    httpStatus: 400,
  },
  LIST_FILTER_CONFLICT: {
    message: "Classes can be filtered by teacher or by student, not both. Clear one of the two filters.",
    retryable: false,
    httpStatus: 400,
  },
  INVALID_ARGUMENT: {
    message: "Classroom rejected the request as invalid. Check the email address, class and role, then try again.",
    retryable: false,
    httpStatus: 400,
  },
  // Quota
  RATE_LIMITED: {
    message: "Google Classroom is receiving too many requests right now. Wait a minute, then try again.",
    retryable: true,
    httpStatus: 429,
  },
  INVITATION_QUOTA_REACHED: {
    message:
      "You've reached Classroom's daily limit on invitations you can send (500 a day for school accounts). Send the rest tomorrow.",
    retryable: false,
    httpStatus: 429,
    help: "daily-cap",
  },
  JOIN_RATE_LIMITED: {
    message: "This account has joined as many classes as Classroom allows in one day. Try again tomorrow.",
    retryable: false,
    httpStatus: 429,
  },
  // Transient
  INTERNAL: {
    message: `Google Classroom had an internal error. ${CHECK_LATER}`,
    retryable: true,
    httpStatus: 500,
  },
  UNAVAILABLE: {
    message: `Google Classroom is temporarily unavailable. ${CHECK_LATER}`,
    retryable: true,
    httpStatus: 503,
  },
  DEADLINE_EXCEEDED: {
    message:
      "Google Classroom took too long to answer. Refresh to check whether the change went through before trying again.",
    retryable: true,
    httpStatus: 504,
  },
  NETWORK: {
    message: "We couldn't reach Google Classroom. Check the connection and try again.",
    retryable: true,
    httpStatus: 502,
  },
  TIMEOUT: {
    message:
      "Google Classroom didn't answer in time. Refresh to check whether the change went through before trying again.",
    retryable: true,
    httpStatus: 504,
  },
  CANCELLED: {
    message: "The request was cancelled.",
    retryable: false,
    httpStatus: 499,
  },
  UNKNOWN: {
    message:
      "Something unexpected went wrong. Try again; if it keeps happening, give your administrator the reference code.",
    retryable: false,
    httpStatus: 500,
  },
} satisfies Record<string, AppErrorSpec>;

export type AppErrorCode = keyof typeof TABLE;

/** Every code with its user-facing text. The UI and the tests iterate over this table. */
export const APP_ERRORS: Readonly<Record<AppErrorCode, AppErrorSpec>> = TABLE;

export const APP_ERROR_CODES = Object.keys(APP_ERRORS) as AppErrorCode[];
