// The one error mapper: Google's error (a GaxiosError, a /batch part, a fetch failure) → an
// AppError with one of error-codes.ts's codes. No `server-only` and no Google imports: the UI
// may import APP_ERRORS / AppErrorCode / toPublicError, and the mapper reads errors by
// duck-typing (`e.response.status`, `e.response.data.error.status`, `.message`, `.details`).
import { APP_ERRORS, type AppErrorCode } from "./error-codes";
import { redact } from "./redact";

export { APP_ERROR_CODES, APP_ERRORS, type AppErrorCode, type AppErrorSpec } from "./error-codes";

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
