import "server-only";

import type { BatchOptions } from "@/lib/google/batch";
import type { CallOptions } from "@/lib/google/call";

/**
 * Options of the invitation writes. They travel through /batch (any count, one included), and
 * their follow-up reads are single calls, so both option shapes are accepted: `retry` tunes
 * either (tests shrink the delays).
 */
export type WriteOptions = BatchOptions & Pick<CallOptions, "retry" | "reread">;

export function batchOptionsOf(opts: WriteOptions): BatchOptions {
  const { retry, reread, ...rest } = opts;
  void reread; // a reconcile's re-read window, not a batch setting
  if (!retry) return rest;
  const { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, sleep, random } = retry;
  const tuned = { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs, sleep, random };
  const defined = Object.fromEntries(Object.entries(tuned).filter(([, v]) => v !== undefined));
  return { ...defined, ...rest };
}

export function callOptionsOf(opts: WriteOptions): CallOptions {
  return { signal: opts.signal, retry: opts.retry ?? pick(opts), reread: opts.reread };
}

function pick({ baseDelayMs, maxDelayMs, maxAttempts, sleep, random }: BatchOptions): CallOptions["retry"] {
  const tuned = { baseDelayMs, maxDelayMs, maxAttempts, sleep, random };
  return Object.fromEntries(Object.entries(tuned).filter(([, v]) => v !== undefined));
}
