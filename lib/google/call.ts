import "server-only";
import { toAppError } from "./errors";
import type { RereadOptions } from "./consistency";
import { withRetry, type RetryOptions } from "./retry";

/** Options every lib/classroom function accepts as its last argument. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Tuning for reads; tests shrink the delays. */
  retry?: Omit<RetryOptions, "signal">;
  /** How a reconcile re-reads while Classroom's reads lag its writes; tests shrink it. */
  reread?: Omit<RereadOptions, "signal">;
}

/** A read (or idempotent delete): retried with backoff, failures mapped to AppError. */
export async function callWithRetry<T>(fn: () => Promise<T>, opts: CallOptions = {}): Promise<T> {
  try {
    return await withRetry(fn, { ...opts.retry, signal: opts.signal });
  } catch (e) {
    throw toAppError(e, { signal: opts.signal });
  }
}

/** A non-idempotent call (create, accept): one attempt, failures mapped to AppError. */
export async function callOnce<T>(fn: () => Promise<T>, opts: CallOptions = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e, { signal: opts.signal });
  }
}
