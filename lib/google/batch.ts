import "server-only";
// Classroom's `POST /batch` (classroom-api-notes §7, [BAT]). The Node client has no batching
// (google-api-nodejs-client#2530), so this speaks multipart/mixed over fetch. Retries follow
// the same rules as retry.ts: only parts that are safe to repeat are re-sent.
import type { AccessToken } from "./client";
import { getClassroomRootUrl } from "./client";
import { DEFAULT_TIMEOUT_MS } from "./config";
import { classifyError, toAppError, type AppError } from "./errors";
import { abortableSleep, backoffDelay, isRetryable, RETRY_DEFAULTS } from "./retry";
import {
  getScheduler,
  namesQuota,
  parseRetryAfterHeader,
  quotaKeyFor,
  quotaScopeOf,
  type QuotaScheduler,
  type QuotaScope,
} from "./scheduler";

/** "You're limited to 50 calls in a single batch request." [BAT] */
export const MAX_BATCH_PARTS = 50;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | null | undefined;

export interface BatchRequest {
  method: HttpMethod;
  /** Path only, e.g. `/v1/userProfiles/me`: "full URLs are not allowed" in parts [BAT]. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export type BatchResult<T = unknown> =
  { ok: true; status: number; data: T } | { ok: false; status: number; error: AppError };

export interface BatchOptions {
  /**
   * Batch HTTP calls of this executeBatch in flight at once. Default: the scheduler's
   * `maxConcurrency`, which also bounds the whole server and shares it fairly between users.
   */
  concurrency?: number;
  /**
   * Rounds per part, including the first. Default 4 (as retry.ts). A round in which the
   * server refused parts for quota (429 with Retry-After) but others got through does not
   * count: the scheduler has learned the real limit and the load still completes.
   */
  maxAttempts?: number;
  /** Per batch HTTP call. Default 15 s (a batch of 50 takes longer than one call). */
  timeoutMs?: number;
  signal?: AbortSignal;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Overrides getClassroomRootUrl(), for tests. */
  rootUrl?: string;
  /** Whose quota the calls are charged to. Default: the token's owner (scheduler.quotaKeyFor). */
  quotaKey?: string;
  /** Default: the process-wide scheduler. */
  scheduler?: QuotaScheduler;
}

/** GET and DELETE are safe to repeat (a repeated DELETE answers NOT_FOUND; callers treat that as done). */
export function isIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "DELETE";
}

/**
 * A per-minute quota refusal: the server answered before running the call, so any method may
 * be sent again. The daily invitation limit is a 429 without Retry-After and is not one.
 */
export function isQuotaRefusal(error: AppError): boolean {
  return error.httpStatus === 429 && error.retryAfterMs !== undefined && error.code !== "JOIN_RATE_LIMITED";
}

/**
 * Runs the requests through `/batch`, 50 per call, and returns one result per request in the
 * same order. Each part's error goes through the one mapper. Failed GET/DELETE parts with
 * 429/5xx are re-sent together in the next round, after a backoff that honours Retry-After.
 * A failure of the whole batch call:
 * - 429: the server refused the call before running any part, so every part is re-sent;
 * - 5xx or network: parts may have run, so only GET/DELETE are re-sent, and the others get
 *   the error (retryable, so the caller reconciles them as it would a single create).
 */
export async function executeBatch<T = unknown>(
  token: AccessToken,
  requests: readonly BatchRequest[],
  opts: BatchOptions = {},
): Promise<BatchResult<T>[]> {
  const results: (BatchResult<T> | undefined)[] = new Array(requests.length).fill(undefined);
  const maxAttempts = Math.max(1, opts.maxAttempts ?? RETRY_DEFAULTS.maxAttempts);
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const sleep = opts.sleep ?? abortableSleep;
  const scheduler = opts.scheduler ?? getScheduler();
  const quotaKey = opts.quotaKey ?? quotaKeyFor(token);
  const concurrency = Math.max(1, opts.concurrency ?? scheduler.config.maxConcurrency);
  // Chunks never cost more than one window's budget, or they could never be admitted whole.
  const chunkSize = Math.max(1, Math.min(MAX_BATCH_PARTS, scheduler.userLimit(quotaKey), scheduler.clientLimit()));

  let pending = requests.map((_, i) => i);
  let failedRounds = 0;
  for (let round = 1; pending.length > 0; round++) {
    const isLast = failedRounds + 1 >= maxAttempts;
    const chunks = chunk(pending, chunkSize);
    const retryNext: number[] = [];
    let retryAfterMs: number | undefined;
    let progressed = false;
    let onlyQuota = true;
    const retry = (index: number, error: AppError) => {
      retryNext.push(index);
      retryAfterMs = maxOf(retryAfterMs, error.retryAfterMs);
      if (!isQuotaRefusal(error)) onlyQuota = false;
    };

    await mapLimit(chunks, concurrency, async (indices) => {
      const outcome = await sendBatch(
        token,
        indices.map((i) => requests[i]!),
        { ...opts, scheduler, quotaKey },
      );
      if (outcome.kind === "whole") {
        const error = outcome.error;
        const refused = error.httpStatus === 429;
        indices.forEach((index) => {
          const safe = refused || isIdempotent(requests[index]!.method);
          if (!isLast && safe && isRetryable(error) && !tooLong(error, maxRetryAfterMs)) retry(index, error);
          else results[index] = { ok: false, status: error.httpStatus ?? 0, error };
        });
        return;
      }
      outcome.parts.forEach((part, k) => {
        const index = indices[k]!;
        if (part.ok) {
          progressed = true;
          results[index] = part as BatchResult<T>;
          return;
        }
        const safe = isIdempotent(requests[index]!.method) || isQuotaRefusal(part.error);
        if (!isLast && safe && isRetryable(part.error) && !tooLong(part.error, maxRetryAfterMs))
          retry(index, part.error);
        else {
          progressed = true;
          results[index] = part;
        }
      });
    });

    pending = retryNext.sort((a, b) => a - b);
    if (!(onlyQuota && progressed)) failedRounds++;
    if (pending.length > 0) {
      const jitter = backoffDelay(failedRounds, opts);
      await sleep(retryAfterMs !== undefined ? retryAfterMs + Math.min(jitter, 1_000) : jitter, opts.signal);
    }
  }
  return results.map((r) => r!);
}

function tooLong(error: AppError, maxRetryAfterMs: number): boolean {
  return error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs;
}

function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

type SendOutcome = { kind: "whole"; error: AppError } | { kind: "parts"; parts: BatchResult[] };

async function sendBatch(
  token: AccessToken,
  requests: readonly BatchRequest[],
  opts: BatchOptions & { scheduler: QuotaScheduler; quotaKey: string },
): Promise<SendOutcome> {
  const boundary = `batch_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
  const idPrefix = globalThis.crypto.randomUUID().slice(0, 8);
  const body = encodeBatch(requests, boundary, idPrefix);
  // Resolve against the origin like the generated client does (notes §9), so `/batch`
  // reaches the same server as `/v1/...`.
  const url = new URL("/batch", opts.rootUrl ?? getClassroomRootUrl()).href;
  const { scheduler, quotaKey } = opts;

  let lease;
  try {
    // A batch of n parts costs n against both quotas [BAT].
    lease = await scheduler.acquire(quotaKey, requests.length, opts.signal);
  } catch (e) {
    return { kind: "whole", error: classifyError(e, { signal: opts.signal }) };
  }
  try {
    // The timeout starts once the scheduler admits the call, not while it waits for budget.
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": `multipart/mixed; boundary=${boundary}`,
          Accept: "multipart/mixed",
        },
        body,
        signal,
      });
      text = await response.text();
    } catch (e) {
      return { kind: "whole", error: classifyError(e, { signal: opts.signal }) };
    }

    if (!response.ok) {
      const error = toAppError({
        response: { status: response.status, data: parseBody(text), headers: response.headers },
      });
      if (response.status === 429) {
        const scope = quotaScopeOf(text, error.retryAfterMs);
        if (scope) {
          lease.refund(requests.length);
          scheduler.penalize(quotaKey, error.retryAfterMs, scope, namesQuota(text));
        }
      }
      return { kind: "whole", error };
    }
    const responseBoundary = boundaryOf(response.headers.get("content-type"));
    if (!responseBoundary) {
      return {
        kind: "whole",
        error: toAppError(new Error(`batch: response is not multipart (${response.headers.get("content-type")})`)),
      };
    }
    const parsed = parseBatchResponse(text, responseBoundary);
    const parts = matchParts(parsed, requests.length, idPrefix);
    reportRefusals(parsed, scheduler, quotaKey, lease);
    return { kind: "parts", parts };
  } finally {
    lease.release();
  }
}

/** Parts refused for quota did not count at the server; they also tell the scheduler to hold back. */
function reportRefusals(
  parsed: readonly ParsedPart[],
  scheduler: QuotaScheduler,
  quotaKey: string,
  lease: { refund(n: number): void },
): void {
  let refused = 0;
  let scope: QuotaScope | undefined;
  let retryAfterMs: number | undefined;
  let learn = false;
  for (const part of parsed) {
    if (part.status !== 429) continue;
    const partRetryAfter = parseRetryAfterHeader(part.headers["retry-after"]);
    const message = (part.body as { error?: { message?: unknown } } | undefined)?.error?.message;
    const partScope = quotaScopeOf(typeof message === "string" ? message : undefined, partRetryAfter);
    if (!partScope) continue;
    refused++;
    if (typeof message === "string" && namesQuota(message)) learn = true;
    if (scope !== "client") scope = partScope;
    retryAfterMs = maxOf(retryAfterMs, partRetryAfter);
  }
  if (refused === 0 || !scope) return;
  lease.refund(refused);
  scheduler.penalize(quotaKey, retryAfterMs, scope, learn);
}

/** Orders parsed parts by Content-ID (the server "might perform your calls in any order"), falling back to position. */
export function matchParts(parsed: readonly ParsedPart[], count: number, idPrefix: string): BatchResult[] {
  const out: (BatchResult | undefined)[] = new Array(count).fill(undefined);
  const unmatched: ParsedPart[] = [];
  for (const part of parsed) {
    const index = indexFromContentId(part.contentId, idPrefix);
    if (index !== undefined && index < count && out[index] === undefined) out[index] = toResult(part);
    else unmatched.push(part);
  }
  for (let i = 0; i < count; i++) {
    if (out[i] !== undefined) continue;
    const part = unmatched.shift();
    out[i] = part
      ? toResult(part)
      : { ok: false, status: 0, error: toAppError(new Error(`batch: no response part for request ${i}`)) };
  }
  return out.map((r) => r!);
}

function toResult(part: ParsedPart): BatchResult {
  if (part.status >= 200 && part.status < 300) return { ok: true, status: part.status, data: part.body ?? {} };
  return {
    ok: false,
    status: part.status,
    error: toAppError({ response: { status: part.status, data: part.body, headers: part.headers } }),
  };
}

// ---------------------------------------------------------------------------
// Encoding and parsing: pure functions.

const CRLF = "\r\n";

/** Shaped like Google's example `<item1:12930812@classroom.example.com>` [BAT]. */
export function contentIdFor(idPrefix: string, index: number): string {
  return `<item${index}:${idPrefix}@classroom-dashboard>`;
}

function indexFromContentId(contentId: string | undefined, idPrefix: string): number | undefined {
  if (!contentId) return undefined;
  // Responses echo the id as `<response-ORIGINAL>` [BAT].
  const bare = contentId
    .trim()
    .replace(/^<|>$/g, "")
    .replace(/^response-/, "");
  const m = /^item(\d+):(.*)@classroom-dashboard$/.exec(bare);
  if (!m || m[2] !== idPrefix) return undefined;
  return Number(m[1]);
}

export function buildPath(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Repeated parameters, as the generated client sends them (notes §9: arrayFormat "repeat").
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/** The multipart/mixed body for one batch call [BAT]. */
export function encodeBatch(requests: readonly BatchRequest[], boundary: string, idPrefix: string): string {
  let out = "";
  requests.forEach((request, i) => {
    if (!request.path.startsWith("/")) throw new Error(`batch: part path must start with "/": ${request.path}`);
    out += `--${boundary}${CRLF}`;
    out += `Content-Type: application/http${CRLF}`;
    out += `Content-Transfer-Encoding: binary${CRLF}`;
    out += `Content-ID: ${contentIdFor(idPrefix, i)}${CRLF}${CRLF}`;
    out += `${request.method} ${buildPath(request.path, request.query)} HTTP/1.1${CRLF}`;
    if (request.body !== undefined) {
      const json = JSON.stringify(request.body);
      out += `Content-Type: application/json; charset=UTF-8${CRLF}`;
      out += `Content-Length: ${new TextEncoder().encode(json).length}${CRLF}${CRLF}`;
      out += `${json}${CRLF}`;
    } else {
      out += CRLF;
    }
  });
  out += `--${boundary}--${CRLF}`;
  return out;
}

/** The boundary parameter of a Content-Type header, quoted or not (RFC 2046 §5.1.1). */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const raw = m?.[1] ?? m?.[2];
  return raw?.replace(/\\(.)/g, "$1");
}

export interface ParsedPart {
  contentId?: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text if not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * Splits a multipart/mixed batch response into its embedded HTTP responses. Accepts CRLF or bare
 * LF line ends, ignores preamble and epilogue, and tolerates a missing close delimiter.
 */
export function parseBatchResponse(text: string, boundary: string): ParsedPart[] {
  const lines = text.split(/\r?\n/);
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const rawParts: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd(); // transport padding after a delimiter is allowed (RFC 2046)
    if (trimmed === close) {
      if (current) rawParts.push(current);
      current = undefined;
      break;
    }
    if (trimmed === open) {
      if (current) rawParts.push(current);
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) rawParts.push(current);
  return rawParts.map(parsePart);
}

function parsePart(lines: string[]): ParsedPart {
  const { headers: mimeHeaders, rest } = splitHeaders(lines);
  // The embedded response: status line, headers, blank line, body.
  const statusIndex = rest.findIndex((l) => l.trim() !== "");
  const statusLine = statusIndex >= 0 ? rest[statusIndex]! : "";
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine.trim());
  const status = m ? Number(m[1]) : 0;
  const { headers, rest: bodyLines } = splitHeaders(rest.slice(statusIndex + 1));
  return {
    contentId: mimeHeaders["content-id"],
    status,
    headers,
    body: parseBody(bodyLines.join("\n")),
  };
}

function splitHeaders(lines: string[]): { headers: Record<string, string>; rest: string[] } {
  const headers: Record<string, string> = {};
  let i = 0;
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      break;
    }
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ` ${line.trim()}`; // obsolete header folding
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(i) };
}

function parseBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

// ---------------------------------------------------------------------------

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}
