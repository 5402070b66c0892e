// Retry for reads and idempotent deletes. gaxios retries are off in client.ts because they
// have no jitter and ignore Retry-After.
//
// Never wrap invitations.create or invitations.accept in this: they are POSTs and not
// idempotent. A lost response to create would come back as
// ALREADY_EXISTS, a lost accept as NOT_FOUND. lib/classroom reconciles those instead.
import { classifyError, isDailyCap, type AppError } from "./errors";

/** Statuses worth another attempt: quota (429) and transient server errors (Google's error guides). */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface RetryOptions {
  /** Total attempts including the first. Default 4. */
  maxAttempts?: number;
  /** First backoff ceiling. Default 250 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 8 s. */
  maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited for: the error is thrown at once so a
   * request doesn't hang for minutes (a quota reset is better handled by the scheduler).
   * Default 30 s.
   */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Injectable for tests. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
  /** Override the default decision (e.g. to also retry a specific code). */
  shouldRetry?: (error: AppError, attempt: number) => boolean;
  /** Observability hook, called before each wait. */
  onRetry?: (info: { attempt: number; delayMs: number; error: AppError }) => void;
}

export const RETRY_DEFAULTS = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
} as const;

/** The default decision: 429/500/502/503/504, and network errors or timeouts with no response. */
export function isRetryable(error: AppError): boolean {
  if (error.code === "CANCELLED") return false;
  // A daily cap (joins, invitations) is a 429 that won't clear within any sensible backoff.
  if (isDailyCap(error)) return false;
  if (error.httpStatus !== undefined) return RETRYABLE_HTTP_STATUSES.has(error.httpStatus);
  return error.code === "NETWORK" || error.code === "TIMEOUT";
}

/**
 * Full-jitter backoff ("Exponential Backoff And Jitter", AWS architecture blog; Google's
 * Workspace limits pages also ask for randomness): a uniform draw in [0, min(cap, base·2^(n−1))].
 * `attempt` is the number of the attempt that just failed, from 1.
 */
export function backoffDelay(
  attempt: number,
  opts: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number } = {},
): number {
  const base = opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const cap = opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before the next attempt: full jitter, or, when the server sent Retry-After,
 * that as a floor with some jitter on top so that many clients don't return at once. Google's
 * quota refusals carry no Retry-After; the scheduler's hold then spaces the calls.
 */
export function retryDelay(
  failedAttempt: number,
  retryAfterMs: number | undefined,
  opts: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number } = {},
): number {
  const jitter = backoffDelay(failedAttempt, opts);
  return retryAfterMs !== undefined ? retryAfterMs + Math.min(jitter, 1_000) : jitter;
}

/**
 * Runs `fn` and retries on retryable failures. Throws the last error as thrown by `fn`
 * (callers map it with toAppError), or the signal's reason when aborted.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? RETRY_DEFAULTS.maxAttempts);
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const sleep = opts.sleep ?? abortableSleep;
  const shouldRetry = opts.shouldRetry ?? ((e: AppError) => isRetryable(e));

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(opts.signal);
    try {
      return await fn(attempt);
    } catch (raw) {
      if (attempt >= maxAttempts || opts.signal?.aborted) throw raw;
      const error = classifyError(raw, { signal: opts.signal });
      if (!shouldRetry(error, attempt)) throw raw;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) throw raw;
      const delayMs = retryDelay(attempt, error.retryAfterMs, opts);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, opts.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortReason(signal);
}

function abortReason(signal?: AbortSignal): unknown {
  return signal?.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
