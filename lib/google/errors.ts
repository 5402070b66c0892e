// The one error mapper (STYLE.md item 5). No `server-only` and no Google imports: the UI may
// import APP_ERRORS / AppErrorCode / toPublicError, and the mapper reads errors by duck-typing
// (`e.response.status`, `e.response.data.error.status` and `.message`).
import { redact } from "./redact";

export type AppErrorCode =
  // Sign-in and access (403 PERMISSION_DENIED family unless noted)
  | "UNAUTHENTICATED"
  | "INSUFFICIENT_SCOPES"
  | "PERMISSION_DENIED"
  | "CLASSROOM_API_DISABLED"
  | "CLASSROOM_DISABLED"
  | "CANNOT_DIRECT_ADD_USER"
  | "UNTRUSTED_DOMAIN"
  | "DOMAIN_NOT_ALLOWED"
  | "PROJECT_PERMISSION_DENIED"
  | "GRADING_PERIOD_SETTINGS_DENIED"
  // Lookups and conflicts
  | "NOT_FOUND"
  | "COURSE_NOT_FOUND"
  | "USER_NOT_FOUND"
  | "INVITATION_NOT_FOUND"
  | "ALREADY_EXISTS"
  | "CONFLICT"
  // 400 FAILED_PRECONDITION and its reasons
  | "FAILED_PRECONDITION"
  | "ALREADY_MEMBER"
  | "ACCOUNT_DISABLED"
  | "COURSE_MEMBER_LIMIT_REACHED"
  | "COURSE_NOT_MODIFIABLE"
  | "COURSE_TEACHER_LIMIT_REACHED"
  | "USER_GROUPS_LIMIT_REACHED"
  | "INELIGIBLE_OWNER"
  | "PENDING_INVITATION_EXISTS"
  | "INACTIVE_COURSE_OWNER"
  | "USER_CANNOT_OWN_COURSE"
  | "COURSE_TITLE_CONTAINS_URL"
  | "CANNOT_REMOVE_COURSE_OWNER"
  | "CANNOT_REMOVE_COURSE_FOLDER_OWNER"
  | "OWNER_TRANSFER_INCOMPLETE"
  | "NO_ACTIVE_COURSE_OWNER"
  | "LIST_FILTER_CONFLICT"
  | "INVALID_ARGUMENT"
  // Quota
  | "RATE_LIMITED"
  | "INVITATION_QUOTA_REACHED"
  | "JOIN_RATE_LIMITED"
  // Transient
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED"
  | "NETWORK"
  | "TIMEOUT"
  | "CANCELLED"
  | "UNKNOWN";

export interface AppErrorSpec {
  /** What happened and what to do next. Never contains upstream text. */
  message: string;
  /** Safe to retry the same read (or an idempotent delete) after a backoff. */
  retryable: boolean;
  /** The HTTP status this code usually arrives with (or that a route handler should answer). */
  httpStatus: number;
}

const CHECK_LATER = "Try again in a moment.";

/** Every code with its user-facing text. The UI and the tests iterate over this table. */
export const APP_ERRORS: Record<AppErrorCode, AppErrorSpec> = {
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
  },
  UNTRUSTED_DOMAIN: {
    message:
      "This person's account belongs to a domain your school doesn't allow in Classroom. Invite their school account instead, or ask your administrator to trust their domain.",
    retryable: false,
    httpStatus: 403,
  },
  DOMAIN_NOT_ALLOWED: {
    message:
      "The school that runs this class only lets accounts from certain domains join its classes, and this account's domain isn't one of them. Use an account in an allowed domain, or ask that school's administrator to allow this domain in Classroom's settings.",
    retryable: false,
    httpStatus: 403,
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
    message:
      "This person already has a pending invitation to this class. Open it to change the role, or revoke it first.",
    retryable: false,
    httpStatus: 409,
  },
  CONFLICT: {
    message: "Someone changed this at the same time. Refresh and try again.",
    retryable: false,
    httpStatus: 409,
  },
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
  },
  PENDING_INVITATION_EXISTS: {
    message:
      "An ownership transfer for this class is already waiting to be accepted. Revoke that owner invitation first, or wait until it is accepted.",
    retryable: false,
    httpStatus: 400,
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
  },
  JOIN_RATE_LIMITED: {
    message: "This account has joined as many classes as Classroom allows in one day. Try again tomorrow.",
    retryable: false,
    httpStatus: 429,
  },
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
};

export const APP_ERROR_CODES = Object.keys(APP_ERRORS) as AppErrorCode[];

/**
 * Classroom's `@Reason` names (Google's "Common Classroom API errors" page) mapped to our codes.
 * `UserInIllegalDomain` is the refusal of the domain's "Who can join classes" setting, on
 * invite and on accept alike, so its text suits both the inviter and the invitee.
 */
export const REASON_CODES: Readonly<Record<string, AppErrorCode>> = {
  ClassroomApiDisabled: "CLASSROOM_API_DISABLED",
  ClassroomDisabled: "CLASSROOM_DISABLED",
  CannotDirectAddUser: "CANNOT_DIRECT_ADD_USER",
  CannotInviteUserInUntrustedDomain: "UNTRUSTED_DOMAIN",
  UserInIllegalDomain: "DOMAIN_NOT_ALLOWED",
  ProjectPermissionDenied: "PROJECT_PERMISSION_DENIED",
  UserIneligibleToUpdateGradingPeriodSettings: "GRADING_PERIOD_SETTINGS_DENIED",
  CourseMemberLimitReached: "COURSE_MEMBER_LIMIT_REACHED",
  CourseNotModifiable: "COURSE_NOT_MODIFIABLE",
  CourseTeacherLimitReached: "COURSE_TEACHER_LIMIT_REACHED",
  UserGroupsMembershipLimitReached: "USER_GROUPS_LIMIT_REACHED",
  IneligibleOwner: "INELIGIBLE_OWNER",
  PendingInvitationExists: "PENDING_INVITATION_EXISTS",
  InactiveCourseOwner: "INACTIVE_COURSE_OWNER",
  UserCannotOwnCourse: "USER_CANNOT_OWN_COURSE",
  CourseTitleCannotContainUrl: "COURSE_TITLE_CONTAINS_URL",
  CannotRemoveCourseOwner: "CANNOT_REMOVE_COURSE_OWNER",
  CannotRemoveCourseFolderOwner: "CANNOT_REMOVE_COURSE_FOLDER_OWNER",
  CannotRemoveCourseOwnerTransferIncomplete: "OWNER_TRANSFER_INCOMPLETE",
  CannotRemoveTeacherWithNoCourseOwner: "NO_ACTIVE_COURSE_OWNER",
  ListCoursesStudentAndTeacherFilter: "LIST_FILTER_CONFLICT",
  UserCourseJoinRateLimitReached: "JOIN_RATE_LIMITED",
  // The per-teacher daily invitation cap (docs/classroom-api.md, "Daily limits").
  UserInvitationQuotaExhausted: "INVITATION_QUOTA_REACHED",
};

/** Reasons that are day-long caps: 429s that no backoff clears, and that never re-send. */
const DAILY_CAP_CODES: ReadonlySet<AppErrorCode> = new Set(["INVITATION_QUOTA_REACHED", "JOIN_RATE_LIMITED"]);

/** `google.rpc.Code` names (docs/classroom-api.md §4.1) to our codes, used when no known @Reason is present. */
const STATUS_CODES: Readonly<Record<string, AppErrorCode>> = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  ABORTED: "CONFLICT",
  FAILED_PRECONDITION: "FAILED_PRECONDITION",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  OUT_OF_RANGE: "INVALID_ARGUMENT",
  RESOURCE_EXHAUSTED: "RATE_LIMITED",
  INTERNAL: "INTERNAL",
  UNKNOWN: "INTERNAL",
  DATA_LOSS: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  CANCELLED: "CANCELLED",
  // Not something a user can act on, and not transient: log it with a reference.
  UNIMPLEMENTED: "UNKNOWN",
};

/** HTTP status fallback for bodies with no usable `status` (e.g. an HTML 502 from a proxy). */
const HTTP_CODES: Readonly<Record<number, AppErrorCode>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  408: "TIMEOUT",
  409: "ALREADY_EXISTS",
  429: "RATE_LIMITED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  501: "UNKNOWN",
  504: "DEADLINE_EXCEEDED",
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "TimeoutError", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * A per-minute request-quota refusal: which quota (per user, or the whole Cloud project) and
 * whether Google named it (then the usage at that moment tells the real limit).
 */
export type QuotaScope = "user" | "client";

export interface QuotaRefusal {
  scope: QuotaScope;
  named: boolean;
}

export interface AppErrorInit {
  code: AppErrorCode;
  httpStatus?: number;
  reason?: string;
  /** Google's `status` name, when there was one. */
  status?: string;
  retryAfterMs?: number;
  /** Set by the mapper for a 429 that refused the call for the per-minute quota. */
  quota?: QuotaRefusal;
  correlationId?: string;
  /** Override the table text (only lib/classroom does this, to add context it has verified). */
  userMessage?: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly httpStatus?: number;
  readonly reason?: string;
  readonly status?: string;
  readonly retryable: boolean;
  /** From a `Retry-After` header, when the server sent one (Google's quota refusals send none). */
  readonly retryAfterMs?: number;
  /** A per-minute quota refusal: the call never ran, so any method may be sent again. */
  readonly quota?: QuotaRefusal;
  readonly correlationId: string;

  constructor(init: AppErrorInit) {
    const spec = APP_ERRORS[init.code];
    const correlationId = init.correlationId ?? newCorrelationId();
    const userMessage =
      init.userMessage ?? (init.code === "UNKNOWN" ? `${spec.message} Reference: ${correlationId}.` : spec.message);
    // `message` is for logs: code and reason only. Upstream text stays out of it, because it
    // can echo request data, and the UI must show `userMessage` instead.
    super(`${init.code}${init.reason ? ` (@${init.reason})` : ""}${init.httpStatus ? ` HTTP ${init.httpStatus}` : ""}`);
    this.name = "AppError";
    this.code = init.code;
    this.userMessage = userMessage;
    this.httpStatus = init.httpStatus;
    this.reason = init.reason;
    this.status = init.status;
    this.retryable = spec.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.quota = init.quota;
    this.correlationId = correlationId;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export interface PublicError {
  code: AppErrorCode;
  message: string;
}

/** What may cross to the browser: a code and our own text, nothing from upstream. */
export function toPublicError(error: AppError): PublicError {
  return { code: error.code, message: error.userMessage };
}

export interface MapContext {
  /**
   * The caller's own AbortSignal. gaxios reports a timeout and a caller's abort the same way
   * ("The operation was aborted.", cause AbortError), so only the signal tells them apart.
   */
  signal?: AbortSignal;
}

/**
 * Pure classification, no logging: retry.ts and batch.ts call this on every attempt.
 * Precedence: known `@Reason` → Google `status` name → HTTP status → transport error → UNKNOWN.
 */
export function classifyError(e: unknown, ctx: MapContext = {}): AppError {
  if (e instanceof AppError) return e;

  const response = readResponse(e);
  if (response) {
    const { httpStatus, status, message, data } = response;
    const info = readErrorInfo(data);
    const reason = parseReason(message) ?? reasonFromErrorInfo(info?.reason);
    const retryAfterMs = parseRetryAfter(readHeader(response.headers, "retry-after"));
    const base = { httpStatus, reason, status, retryAfterMs };

    const byReason = reason ? REASON_CODES[reason] : undefined;
    if (byReason) return new AppError({ ...base, code: byReason });
    if (httpStatus === 429) {
      // A legacy `quotaExceeded` with no reason we know is some other cap: not re-sent as a
      // per-minute refusal would be, and not called the invitation cap either.
      const quota = isCapLegacy(data) ? undefined : quotaRefusalOf(message, info);
      return new AppError({ ...base, code: "RATE_LIMITED", quota });
    }
    if (isInsufficientScopes(httpStatus, message, data)) return new AppError({ ...base, code: "INSUFFICIENT_SCOPES" });
    const byStatus = status ? STATUS_CODES[status] : undefined;
    if (byStatus) return new AppError({ ...base, code: byStatus });
    const byHttp = HTTP_CODES[httpStatus];
    if (byHttp) return new AppError({ ...base, code: byHttp });
    return new AppError({ ...base, code: "UNKNOWN" });
  }

  if (ctx.signal?.aborted) return new AppError({ code: "CANCELLED" });
  const transport = transportCode(e);
  if (transport) return new AppError({ code: transport });
  return new AppError({ code: "UNKNOWN" });
}

/**
 * Turns anything thrown by the Classroom client, fetch or our own code into an AppError.
 * Unknown errors are logged (redacted) with their correlation id; the user sees only the id.
 */
export function toAppError(e: unknown, ctx: MapContext = {}): AppError {
  const mapped = classifyError(e, ctx);
  if (mapped !== e && mapped.code === "UNKNOWN") {
    console.error(`[classroom] unexpected error ref=${mapped.correlationId}: ${describeForLog(e)}`);
  }
  return mapped;
}

/** A one-line, redacted description for server logs. Never includes request headers or config. */
export function describeForLog(e: unknown): string {
  const response = readResponse(e);
  const parts: string[] = [];
  if (e instanceof Error) parts.push(`${e.name}: ${e.message}`);
  else parts.push(safeString(e));
  if (response) {
    parts.push(`HTTP ${response.httpStatus}`);
    if (response.status) parts.push(response.status);
    if (typeof response.data === "string") parts.push(`body: ${response.data.slice(0, 300)}`);
    else if (response.message) parts.push(`message: ${response.message.slice(0, 300)}`);
  }
  const cause = readProp(e, "cause");
  if (cause instanceof Error) parts.push(`cause ${cause.name}: ${cause.message}`);
  return redact(parts.join(" | "));
}

/**
 * The daily invitation cap, told apart by Google's own signal: the `@UserInvitationQuotaExhausted`
 * reason (or its ErrorInfo). Never by the absence of `Retry-After`: Google's per-minute quota
 * refusals carry none either.
 */
export function isDailyInvitationLimit(error: AppError): boolean {
  return error.code === "INVITATION_QUOTA_REACHED";
}

/** A 429 that no backoff clears today (daily invitation cap, daily join limit). */
export function isDailyCap(error: AppError): boolean {
  return DAILY_CAP_CODES.has(error.code);
}

/** A per-minute quota refusal: the server refused before running the call, so any method may be re-sent. */
export function isQuotaRefusal(error: AppError): boolean {
  return error.quota !== undefined;
}

// ---------------------------------------------------------------------------
// Helpers (exported for batch.ts and tests)

interface ErrorInfoLike {
  reason?: string;
  domain?: string;
  metadata?: Record<string, unknown>;
}

/** The first `google.rpc.ErrorInfo` in `error.details` (AIP-193). */
function readErrorInfo(data: unknown): ErrorInfoLike | undefined {
  const details = readProp(readProp(data, "error"), "details");
  if (!Array.isArray(details)) return undefined;
  const info = details.find((d) => String(readProp(d, "@type") ?? "").endsWith("google.rpc.ErrorInfo"));
  if (!info) return undefined;
  const reason = readProp(info, "reason");
  const domain = readProp(info, "domain");
  const metadata = readProp(info, "metadata");
  return {
    reason: typeof reason === "string" ? reason : undefined,
    domain: typeof domain === "string" ? domain : undefined,
    metadata: metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>) : undefined,
  };
}

/** `USER_INVITATION_QUOTA_EXHAUSTED` → `UserInvitationQuotaExhausted`, when it names a Classroom reason we know. */
function reasonFromErrorInfo(infoReason: string | undefined): string | undefined {
  if (!infoReason || !/^[A-Z0-9_]+$/.test(infoReason)) return undefined;
  const camel = infoReason
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  return camel in REASON_CODES ? camel : undefined;
}

/** Google's legacy reason for a cap (`quotaExceeded`, `dailyLimitExceeded`), as opposed to `rateLimitExceeded`. */
function isCapLegacy(data: unknown): boolean {
  const errors = readProp(readProp(data, "error"), "errors");
  return (
    Array.isArray(errors) &&
    errors.some((e) => {
      const r = readProp(e, "reason");
      return r === "quotaExceeded" || r === "dailyLimitExceeded";
    })
  );
}

/**
 * Which per-minute quota a 429 names: ErrorInfo `quota_limit` (e.g. `DefaultPerMinutePerUser`)
 * first, then Google's text ("…limit 'Queries per minute per user'…"). A 429 that names neither
 * is charged to the user: the narrower hold.
 */
function quotaRefusalOf(message: string | undefined, info: ErrorInfoLike | undefined): QuotaRefusal {
  const limit = info?.metadata?.quota_limit;
  const named = info?.reason === "RATE_LIMIT_EXCEEDED" || /quota exceeded/i.test(message ?? "");
  if (typeof limit === "string" && limit !== "") return { scope: /peruser/i.test(limit) ? "user" : "client", named };
  const text = message ?? "";
  if (/per user/i.test(text)) return { scope: "user", named };
  if (/quota metric|queries per minute|per project|per client/i.test(text)) return { scope: "client", named };
  return { scope: "user", named };
}

/** Extracts `Reason` from a message like "@CourseMemberLimitReached The course is full." (docs/classroom-api.md §4.1). */
export function parseReason(message: string | undefined): string | undefined {
  if (!message) return undefined;
  // Google says to match "@Reason " with the trailing space so that one reason name can't
  // match a longer one; capturing the whole word up to whitespace/end is the same guarantee.
  const m = /^@([A-Za-z][A-Za-z0-9_]*)(?:\s|$)/.exec(message);
  return m?.[1];
}

/** Parses a Retry-After value (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

interface ResponseInfo {
  httpStatus: number;
  status?: string;
  message?: string;
  data: unknown;
  headers: unknown;
}

function readResponse(e: unknown): ResponseInfo | undefined {
  const response = readProp(e, "response");
  const httpStatus = readProp(response, "status");
  if (typeof httpStatus !== "number" || httpStatus < 100) return undefined;
  const data = readProp(response, "data");
  const error = readProp(data, "error");
  const status = readProp(error, "status");
  const message = readProp(error, "message");
  return {
    httpStatus,
    status: typeof status === "string" ? status : undefined,
    message: typeof message === "string" ? message : undefined,
    data,
    headers: readProp(response, "headers"),
  };
}

function isInsufficientScopes(httpStatus: number, message: string | undefined, data: unknown): boolean {
  if (httpStatus !== 403) return false;
  // Google's generic text (docs/classroom-api.md §4.1), plus the structured forms other Google APIs send.
  if (message && /insufficient authentication scopes/i.test(message)) return true;
  const error = readProp(data, "error");
  const details = readProp(error, "details");
  if (Array.isArray(details) && details.some((d) => readProp(d, "reason") === "ACCESS_TOKEN_SCOPE_INSUFFICIENT")) {
    return true;
  }
  const errors = readProp(error, "errors");
  return Array.isArray(errors) && errors.some((d) => readProp(d, "reason") === "insufficientPermissions");
}

function transportCode(e: unknown): AppErrorCode | undefined {
  // Walk the cause chain: fetch wraps the socket error (`TypeError: fetch failed`, cause.code).
  let current: unknown = e;
  for (let depth = 0; current != null && depth < 5; depth++) {
    const code = readProp(current, "code");
    const name = readProp(current, "name");
    const message = readProp(current, "message");
    if (typeof code === "string") {
      if (TIMEOUT_CODES.has(code)) return "TIMEOUT";
      if (NETWORK_CODES.has(code)) return "NETWORK";
    }
    if (name === "TimeoutError") return "TIMEOUT";
    // gaxios reports its own `timeout` as a plain abort (see MapContext). With no caller signal
    // aborted, an abort can only come from the timeout.
    if (name === "AbortError" || (typeof message === "string" && message.includes("The operation was aborted"))) {
      return "TIMEOUT";
    }
    current = readProp(current, "cause") ?? readProp(current, "error");
  }
  const topMessage = readProp(e, "message");
  if (typeof topMessage === "string" && /socket hang up|fetch failed/i.test(topMessage)) return "NETWORK";
  return undefined;
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const get = readProp(headers, "get");
  if (typeof get === "function") {
    const v: unknown = get.call(headers, name);
    return typeof v === "string" ? v : undefined;
  }
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : typeof v === "string" ? v : undefined;
  }
  return undefined;
}

function readProp(obj: unknown, key: string): unknown {
  if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function safeString(v: unknown): string {
  try {
    return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

function newCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}
