// Reading Google's error answers by duck-typing: a GaxiosError's `response`, a /batch part, a
// fetch failure's cause chain. Only shapes here; which code each one means is errors.ts's table.
import type { QuotaRefusal } from "./app-error";

export interface ErrorInfoLike {
  reason?: string;
  domain?: string;
  metadata?: Record<string, unknown>;
}

/** The first `google.rpc.ErrorInfo` in `error.details` (AIP-193). */
export function readErrorInfo(data: unknown): ErrorInfoLike | undefined {
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

/** Google's legacy reason for a cap (`quotaExceeded`, `dailyLimitExceeded`), as opposed to `rateLimitExceeded`. */
export function isCapLegacy(data: unknown): boolean {
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
export function quotaRefusalOf(message: string | undefined, info: ErrorInfoLike | undefined): QuotaRefusal {
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

export interface ResponseInfo {
  httpStatus: number;
  status?: string;
  message?: string;
  data: unknown;
  headers: unknown;
}

export function readResponse(e: unknown): ResponseInfo | undefined {
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

export function isInsufficientScopes(httpStatus: number, message: string | undefined, data: unknown): boolean {
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

/** A failure with no HTTP answer, by its code or name anywhere in the cause chain. */
export function transportCode(e: unknown): "NETWORK" | "TIMEOUT" | undefined {
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

export function readHeader(headers: unknown, name: string): string | undefined {
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

export function readProp(obj: unknown, key: string): unknown {
  if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

export function safeString(v: unknown): string {
  try {
    return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}
