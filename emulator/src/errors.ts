/**
 * Google's JSON error envelope (AIP-193, https://google.aip.dev/193):
 * `{"error":{"code":<http>,"message":…,"errors":[…],"status":<google.rpc.Code name>,"details":[…]}}`.
 *
 * The legacy `errors[]` array is emitted (the older Classroom error page shows it) and its
 * `message` always equals `error.message`, because gaxios builds `err.message` from
 * `errors[].message` when the array exists: the `@Reason ` prefix survives. `details[]` carries
 * a `google.rpc.ErrorInfo` with `reason` and `domain`, as Google's frontends send it; a quota
 * refusal carries Google's quota metadata and a `Help` link, and no `Retry-After` header.
 */

export type RpcStatus =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "OUT_OF_RANGE"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "ABORTED"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNKNOWN"
  | "UNIMPLEMENTED"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED";

/** HTTP status for each google.rpc.Code (docs/classroom-api.md §4.1). */
export const HTTP_FOR_STATUS: Record<RpcStatus, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNKNOWN: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** Reverse mapping used by fault injection, which is configured with an HTTP status. */
export function statusForHttp(http: number): RpcStatus {
  switch (http) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ABORTED";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return http >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

/** Default texts, as Google's frontends word them for the generic codes (A: Classroom documents none). */
const DEFAULT_MESSAGE: Record<RpcStatus, string> = {
  INVALID_ARGUMENT: "Request contains an invalid argument.",
  FAILED_PRECONDITION: "Precondition check failed.",
  OUT_OF_RANGE: "Request out of range.",
  UNAUTHENTICATED:
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  PERMISSION_DENIED: "The caller does not have permission",
  NOT_FOUND: "Requested entity was not found.",
  ALREADY_EXISTS: "Requested entity already exists",
  ABORTED: "The operation was aborted.",
  RESOURCE_EXHAUSTED: "Resource has been exhausted (e.g. check quota).",
  INTERNAL: "Internal error encountered.",
  UNKNOWN: "Unknown error.",
  UNIMPLEMENTED: "Method not implemented.",
  UNAVAILABLE: "The service is currently unavailable.",
  DEADLINE_EXCEEDED: "The request timed out.",
};

/** Legacy `errors[].reason` values as Google's v1 frontends emitted them. */
const LEGACY_REASON: Record<number, string> = {
  400: "badRequest",
  401: "authError",
  403: "forbidden",
  404: "notFound",
  409: "alreadyExists",
  429: "rateLimitExceeded",
  500: "backendError",
  501: "notImplemented",
  503: "backendError",
  504: "backendError",
};

export const ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";
export const HELP_TYPE = "type.googleapis.com/google.rpc.Help";

export interface ErrorInfo {
  "@type": typeof ERROR_INFO_TYPE;
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}
export interface HelpDetail {
  "@type": typeof HELP_TYPE;
  links: { description: string; url: string }[];
}
export type ErrorDetail = ErrorInfo | HelpDetail;

export interface ApiErrorExtras {
  /** Replaces the default `details` (one ErrorInfo derived from the reason or status). */
  details?: ErrorDetail[];
  /** Replaces the default legacy `errors[].reason` for the HTTP status. */
  legacyReason?: string;
}

const SERVICE = "classroom.googleapis.com";

/** `CourseMemberLimitReached` → `COURSE_MEMBER_LIMIT_REACHED`: ErrorInfo reasons are UPPER_SNAKE_CASE (AIP-193). */
export function upperSnake(reason: string): string {
  return reason.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

export class ApiError extends Error {
  httpStatus: number;
  readonly headers: Record<string, string>;
  readonly details?: ErrorDetail[];
  readonly legacyReason?: string;
  constructor(
    readonly status: RpcStatus,
    message?: string,
    /** Classroom reason, rendered as the `@Reason ` message prefix. */
    readonly reason?: string,
    headers: Record<string, string> = {},
    extras: ApiErrorExtras = {},
  ) {
    super(reason ? `@${reason} ${message ?? DEFAULT_MESSAGE[status]}` : (message ?? DEFAULT_MESSAGE[status]));
    this.httpStatus = HTTP_FOR_STATUS[status];
    this.headers = headers;
    this.details = extras.details;
    this.legacyReason = extras.legacyReason;
  }
}

/** The ErrorInfo every envelope carries unless the error brings its own (A: Classroom documents none). */
function defaultErrorInfo(err: ApiError): ErrorInfo {
  return {
    "@type": ERROR_INFO_TYPE,
    reason: err.reason ? upperSnake(err.reason) : err.status,
    domain: SERVICE,
    metadata: { service: SERVICE },
  };
}

export type QuotaLimit = "user" | "client";

/**
 * A per-minute quota refusal, as Google's quota frontend answers it: Google's text, legacy
 * reason `rateLimitExceeded`, an ErrorInfo `RATE_LIMIT_EXCEEDED` with the quota's metadata and
 * a Help link, and no `Retry-After` header (the client is expected to back off on its own).
 */
export function quotaRefusal(which: QuotaLimit, limitValue: number): ApiError {
  const limitName = which === "user" ? "Queries per minute per user" : "Queries per minute";
  const quotaLimit = which === "user" ? "DefaultPerMinutePerUser" : "DefaultPerMinutePerProject";
  return new ApiError(
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric 'Queries' and limit '${limitName}' of service '${SERVICE}' for consumer 'project_number:000000000000'.`,
    undefined,
    {},
    {
      legacyReason: "rateLimitExceeded",
      details: [
        {
          "@type": ERROR_INFO_TYPE,
          reason: "RATE_LIMIT_EXCEEDED",
          domain: "googleapis.com",
          metadata: {
            service: SERVICE,
            consumer: "projects/000000000000",
            quota_metric: `${SERVICE}/default`,
            quota_limit: quotaLimit,
            quota_limit_value: String(limitValue),
            quota_location: "global",
          },
        },
        {
          "@type": HELP_TYPE,
          links: [
            {
              description: "Request a higher quota limit.",
              url: "https://cloud.google.com/docs/quotas/help/request_increase",
            },
          ],
        },
      ],
    },
  );
}

/** Classroom reasons that are daily caps, answered 429 with the legacy reason `quotaExceeded` (A). */
const DAILY_CAP_REASONS = new Set(["UserInvitationQuotaExhausted", "UserCourseJoinRateLimitReached"]);

/** The per-teacher daily invitation cap; the text is the one GAM users quote from Google. */
export function dailyInvitationCap(): ApiError {
  return dailyCap(
    "UserInvitationQuotaExhausted",
    "The user does not have enough quota to invite users to this course.",
  );
}

export function dailyCap(reason: string, message?: string): ApiError {
  return new ApiError("RESOURCE_EXHAUSTED", message, reason, {}, { legacyReason: "quotaExceeded" });
}

export function isDailyCapReason(reason: string | undefined): boolean {
  return reason !== undefined && DAILY_CAP_REASONS.has(reason);
}

export const badRequest = (message?: string, reason?: string) => new ApiError("INVALID_ARGUMENT", message, reason);
export const failedPrecondition = (message?: string, reason?: string) =>
  new ApiError("FAILED_PRECONDITION", message, reason);
export const permissionDenied = (message?: string, reason?: string) =>
  new ApiError("PERMISSION_DENIED", message, reason);
export const notFound = (message?: string) => new ApiError("NOT_FOUND", message);
export const alreadyExists = (message?: string) => new ApiError("ALREADY_EXISTS", message);

export interface ErrorBody {
  error: {
    code: number;
    message: string;
    errors: { message: string; domain: string; reason: string; location?: string; locationType?: string }[];
    status: RpcStatus;
    details: ErrorDetail[];
  };
}

export function errorBody(err: ApiError): ErrorBody {
  const legacy: ErrorBody["error"]["errors"][number] = {
    message: err.message,
    domain: "global",
    reason: err.legacyReason ?? LEGACY_REASON[err.httpStatus] ?? "backendError",
  };
  if (err.httpStatus === 401) {
    legacy.location = "Authorization";
    legacy.locationType = "header";
  }
  return {
    error: {
      code: err.httpStatus,
      message: err.message,
      errors: [legacy],
      status: err.status,
      details: err.details ?? [defaultErrorInfo(err)],
    },
  };
}

export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";
