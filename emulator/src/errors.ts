/**
 * Google's JSON error envelope (classroom-api-notes §4.1, AIP-193):
 * `{"error":{"code":<http>,"message":…,"errors":[…],"status":<google.rpc.Code name>}}`.
 *
 * The legacy `errors[]` array is emitted (the older Classroom error page shows it) and its
 * `message` always equals `error.message`, because gaxios builds `err.message` from
 * `errors[].message` when the array exists (§4.3, checklist #4): the `@Reason ` prefix survives.
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

/** HTTP status for each google.rpc.Code ([RPC] mapping, notes §4.1). */
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

export class ApiError extends Error {
  httpStatus: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly status: RpcStatus,
    message?: string,
    /** Classroom reason, rendered as the `@Reason ` message prefix (checklist #3). */
    readonly reason?: string,
    headers: Record<string, string> = {},
  ) {
    super(reason ? `@${reason} ${message ?? DEFAULT_MESSAGE[status]}` : (message ?? DEFAULT_MESSAGE[status]));
    this.httpStatus = HTTP_FOR_STATUS[status];
    this.headers = headers;
  }
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
  };
}

export function errorBody(err: ApiError): ErrorBody {
  const legacy: ErrorBody["error"]["errors"][number] = {
    message: err.message,
    domain: "global",
    reason: LEGACY_REASON[err.httpStatus] ?? "backendError",
  };
  if (err.httpStatus === 401) {
    legacy.location = "Authorization";
    legacy.locationType = "header";
  }
  return { error: { code: err.httpStatus, message: err.message, errors: [legacy], status: err.status } };
}

export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";
