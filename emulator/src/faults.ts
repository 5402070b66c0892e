/**
 * What a fault rule answers. A rule may name an HTTP status (`"status": 403`), a
 * `google.rpc.Code` name (`"status": "PERMISSION_DENIED"`), a Classroom reason
 * (`"reason": "@ClassroomApiDisabled"`), or a mix; `retryAfter` adds a `Retry-After` header,
 * which Google's quota refusals never carry, so a test asks for it explicitly.
 */
import type { FaultRule } from "./emulator";
import {
  ApiError,
  HTTP_FOR_STATUS,
  badRequest,
  dailyCap,
  isDailyCapReason,
  quotaRefusal,
  statusForHttp,
  type RpcStatus,
} from "./errors";

/**
 * The status each documented Classroom reason arrives with, for rules that name only a reason
 * (Google's "Common Classroom API errors" page groups them by status). Unknown reasons
 * default to 400 FAILED_PRECONDITION, the status most Classroom reasons use.
 */
const REASON_STATUS: Readonly<Record<string, RpcStatus>> = {
  ClassroomApiDisabled: "PERMISSION_DENIED",
  ClassroomDisabled: "PERMISSION_DENIED",
  CannotDirectAddUser: "PERMISSION_DENIED",
  CannotInviteUserInUntrustedDomain: "PERMISSION_DENIED",
  UserInIllegalDomain: "PERMISSION_DENIED",
  ProjectPermissionDenied: "PERMISSION_DENIED",
  UserIneligibleToUpdateGradingPeriodSettings: "PERMISSION_DENIED",
  UserCourseJoinRateLimitReached: "RESOURCE_EXHAUSTED",
  UserInvitationQuotaExhausted: "RESOURCE_EXHAUSTED",
};

/** The default text Google's page gives for the reasons a test is likeliest to inject. */
const REASON_MESSAGE: Readonly<Record<string, string>> = {
  ClassroomApiDisabled: "The user is not permitted to access the Classroom API.",
  ClassroomDisabled: "The user is not permitted to access Classroom.",
  UserInIllegalDomain: "The user's domain is not allowed to join this course.",
  InactiveCourseOwner: "The course owner's account is inactive.",
  UserCourseJoinRateLimitReached: "The user has joined the maximum number of courses allowed in one day.",
  UserInvitationQuotaExhausted: "The user does not have enough quota to invite users to this course.",
};

type FaultEffect = Pick<FaultRule, "status" | "reason" | "retryAfter" | "message">;

/** Parses and validates the answer part of one rule of `POST /emulator/v1/faults`. */
export function parseFaultEffect(r: Record<string, unknown>, i: number): FaultEffect {
  const out: FaultEffect = {};
  const { status, reason, retryAfter, message } = r;
  if (status !== undefined) {
    if (typeof status === "string") {
      if (!(status in HTTP_FOR_STATUS)) throw badRequest(`rules[${i}].status is not a google.rpc.Code name.`);
      out.status = status as RpcStatus;
    } else if (typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599) {
      out.status = status;
    } else {
      throw badRequest(`rules[${i}].status must be an integer between 100 and 599 or a google.rpc.Code name.`);
    }
  }
  if (reason !== undefined) {
    if (typeof reason !== "string" || !/^@?[A-Za-z][A-Za-z0-9_]*$/.test(reason)) {
      throw badRequest(`rules[${i}].reason must look like "@ClassroomApiDisabled".`);
    }
    out.reason = reason.replace(/^@/, "");
  }
  if (retryAfter !== undefined) {
    if (typeof retryAfter !== "number" || !Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 86_400) {
      throw badRequest(`rules[${i}].retryAfter must be a whole number of seconds (0–86400).`);
    }
    out.retryAfter = retryAfter;
  }
  if (message !== undefined) {
    if (typeof message !== "string") throw badRequest(`rules[${i}].message must be a string.`);
    out.message = message;
  }
  return out;
}

/** Whether the rule answers an error (rather than only delaying or dropping). */
export function answersError(rule: FaultRule): boolean {
  return rule.status !== undefined || rule.reason !== undefined;
}

/** The HTTP status a rule answers with. */
export function faultHttpStatus(rule: FaultRule): number {
  if (typeof rule.status === "number") return rule.status;
  if (typeof rule.status === "string") return HTTP_FOR_STATUS[rule.status];
  return HTTP_FOR_STATUS[(rule.reason && REASON_STATUS[rule.reason]) || "FAILED_PRECONDITION"];
}

/**
 * A rule's answer rendered as Google would. A 429 without a reason is a quota refusal
 * (RATE_LIMIT_EXCEEDED details, no Retry-After); a daily-cap reason gets the legacy
 * `quotaExceeded`. `Retry-After` appears only when the rule sets `retryAfter`.
 */
export function faultError(rule: FaultRule): ApiError {
  const http = faultHttpStatus(rule);
  const status: RpcStatus =
    typeof rule.status === "string"
      ? rule.status
      : rule.status === undefined && rule.reason
        ? (REASON_STATUS[rule.reason] ?? "FAILED_PRECONDITION")
        : statusForHttp(http);
  const headers: Record<string, string> =
    rule.retryAfter !== undefined ? { "Retry-After": String(rule.retryAfter) } : {};
  let err: ApiError;
  if (rule.reason && isDailyCapReason(rule.reason) && status === "RESOURCE_EXHAUSTED") {
    err = dailyCap(rule.reason, rule.message ?? REASON_MESSAGE[rule.reason]);
  } else if (!rule.reason && status === "RESOURCE_EXHAUSTED" && rule.message === undefined) {
    err = quotaRefusal("user", 1200); // Google's default per-user limit
  } else {
    const message = rule.message ?? (rule.reason ? (REASON_MESSAGE[rule.reason] ?? "Injected fault.") : undefined);
    err = new ApiError(status, message, rule.reason);
  }
  Object.assign(err.headers, headers);
  // Keep the exact HTTP status the rule asked for, even one the RPC mapping doesn't produce.
  err.httpStatus = http;
  return err;
}
