import "server-only";
// Batch orchestration for Classroom's `POST /batch`
// (https://developers.google.com/workspace/classroom/best-practices/batch). The Node client has
// no batching (google-api-nodejs-client#2530), so this speaks multipart/mixed (multipart.ts)
// over fetch, 50 parts per call, through the quota scheduler. Retries follow the same rules
// as retry.ts: only parts that are safe to repeat are re-sent.
import { getClassroomRootUrl, tokenRenewer, type AccessToken } from "./client";
import { DEFAULT_TIMEOUT_MS } from "./config";
import { classifyError, isQuotaRefusal, toAppError, type AppError } from "./errors";
import {
  boundaryOf,
  encodeBatch,
  indexFromContentId,
  parseBatchResponse,
  parseBody,
  type BatchRequest,
  type HttpMethod,
  type ParsedPart,
} from "./multipart";
import { quotaKeyFor, refundAndBackOff } from "./quota";
import { abortableSleep, isRetryable, RETRY_DEFAULTS, retryDelay } from "./retry";
import type { QuotaScheduler } from "./scheduler";
import { getScheduler } from "./scheduler-instance";
import { mapLimit } from "@/lib/map-limit";

export type { BatchRequest, HttpMethod, QueryValue } from "./multipart";
// lib/jobs still imports it from here.

/** "You're limited to 50 calls in a single batch request." */
export const MAX_BATCH_PARTS = 50;

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
   * server refused parts for the per-minute quota but others got through does not
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
  /** Whose quota the calls are charged to. Default: the token's owner (quota.ts `quotaKeyFor`). */
  quotaKey?: string;
  /** Default: the process-wide scheduler. */
  scheduler?: QuotaScheduler;
}

/** GET and DELETE are safe to repeat (a repeated DELETE answers NOT_FOUND; callers treat that as done). */
export function isIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "DELETE";
}

/**
 * Runs the requests through `/batch`, 50 per call, and returns one result per request in the
 * same order. Each part's error goes through the one mapper. Failed GET/DELETE parts with
 * 429/5xx, and parts of any method refused for the per-minute quota (they never ran), are
 * re-sent together in the next round, after a backoff (at least Retry-After, if one came).
 * A failure of the whole batch call:
 * - a quota 429: the server refused the call before running any part, so every part is re-sent;
 * - 5xx or network: parts may have run, so only GET/DELETE are re-sent, and the others get
 *   the error (retryable, so the caller reconciles them as it would a single create).
 * A 401 (of the whole call or of parts) gets what a single call gets (client.ts tokenRenewer):
 * one renewal, then those parts once more with the fresh token, at once. A 401 means Classroom
 * applied nothing, so a POST part is re-sent too. A 401 after the renewal stays the part's
 * result, and the grant is marked unusable.
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

  const renewer = tokenRenewer(token);
  let renewed = false;
  let pending = requests.map((_, i) => i);
  let failedRounds = 0;
  for (let round = 1; pending.length > 0; round++) {
    const sent = renewer.current as AccessToken;
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
        sent,
        indices.map((i) => requests[i]!),
        { ...opts, scheduler, quotaKey },
      );
      if (outcome.kind === "whole") {
        const error = outcome.error;
        const refused = isQuotaRefusal(error);
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

    const unauthenticated = pending.filter((i) => results[i]?.status === 401);
    if (unauthenticated.length > 0 && renewed) await renewer.refused();
    else if (unauthenticated.length > 0 && (await renewer.renew(sent))) {
      renewed = true;
      for (const i of unauthenticated) results[i] = undefined;
      // Only the refused parts: nothing else to wait for, so they go again without a backoff.
      if (retryNext.length === 0) {
        pending = unauthenticated;
        continue;
      }
      retryNext.push(...unauthenticated);
    }

    pending = retryNext.sort((a, b) => a - b);
    if (!(onlyQuota && progressed)) failedRounds++;
    if (pending.length > 0) await sleep(retryDelay(failedRounds, retryAfterMs, opts), opts.signal);
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
  // Resolve against the origin like the generated client does (docs/classroom-api.md §9), so `/batch`
  // reaches the same server as `/v1/...`.
  const url = new URL("/batch", opts.rootUrl ?? getClassroomRootUrl()).href;
  const { scheduler, quotaKey } = opts;

  let lease;
  try {
    // A batch of n parts costs n against both quotas.
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
      // A refused batch ran none of its parts: all n units go back.
      refundAndBackOff(scheduler, quotaKey, lease, [error], requests.length);
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
    refundAndBackOff(
      scheduler,
      quotaKey,
      lease,
      parts.flatMap((p) => (p.ok ? [] : [p.error])),
    );
    return { kind: "parts", parts };
  } finally {
    lease.release();
  }
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
