// The one error mapper: Google's error (a GaxiosError, a /batch part, a fetch failure) → an
// AppError with one of error-codes.ts's codes. No `server-only` and no Google imports: the UI
// may import APP_ERRORS / AppErrorCode / toPublicError. The AppError itself is app-error.ts's;
// reading Google's error shapes is error-body.ts's; this file decides which code each one means.
import { AppError } from "./app-error";
import type { AppErrorCode } from "./error-codes";
import {
  isCapLegacy,
  isInsufficientScopes,
  parseReason,
  parseRetryAfter,
  quotaRefusalOf,
  readErrorInfo,
  readHeader,
  readProp,
  readResponse,
  safeString,
  transportCode,
} from "./error-body";
import { redact } from "./redact";

export { APP_ERROR_CODES, APP_ERRORS, type AppErrorCode, type AppErrorSpec } from "./error-codes";
export {
  AppError,
  isAppError,
  isDailyCap,
  isDailyInvitationLimit,
  isQuotaRefusal,
  toPublicError,
  type AppErrorInit,
  type PublicError,
  type QuotaRefusal,
  type QuotaScope,
} from "./app-error";
export { parseReason, parseRetryAfter } from "./error-body";

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
