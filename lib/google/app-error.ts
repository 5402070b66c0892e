// What every failure becomes on its way up: an AppError with one of error-codes.ts's codes and
// our own text, and the one form of it that may cross to the browser. No Google imports: the UI
// may import these.
import { APP_ERRORS, type AppErrorCode } from "./error-codes";

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

/**
 * The daily invitation cap, told apart by Google's own signal: the `@UserInvitationQuotaExhausted`
 * reason (or its ErrorInfo). Never by the absence of `Retry-After`: Google's per-minute quota
 * refusals carry none either.
 */
export function isDailyInvitationLimit(error: AppError): boolean {
  return error.code === "INVITATION_QUOTA_REACHED";
}

/** Reasons that are day-long caps: 429s that no backoff clears, and that never re-send. */
const DAILY_CAP_CODES: ReadonlySet<AppErrorCode> = new Set(["INVITATION_QUOTA_REACHED", "JOIN_RATE_LIMITED"]);

/** A 429 that no backoff clears today (daily invitation cap, daily join limit). */
export function isDailyCap(error: AppError): boolean {
  return DAILY_CAP_CODES.has(error.code);
}

/** A per-minute quota refusal: the server refused before running the call, so any method may be re-sent. */
export function isQuotaRefusal(error: AppError): boolean {
  return error.quota !== undefined;
}

function newCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}
