// Classroom's reads lag its writes (eventual consistency; GAM, for one, sleeps 10 s after
// adding a teacher before reading it back). A reconcile that lists to learn whether a write
// landed must therefore not take one empty read as "it didn't": it reads again, within a bound.
import { abortableSleep } from "./retry";

export interface RereadOptions {
  /** How long after the first read to keep looking. Default 3 s. */
  windowMs?: number;
  /** Wait before the second read; each later wait is 1.5× the previous one. Default 300 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const REREAD_DEFAULTS = { windowMs: 3_000, intervalMs: 300 } as const;

/**
 * Calls `read` until it finds something or `windowMs` of waiting has passed; returns the last
 * answer (undefined = still not there). Errors from `read` propagate.
 */
export async function rereadUntilFound<T>(
  read: () => Promise<T | undefined>,
  opts: RereadOptions = {},
): Promise<T | undefined> {
  const windowMs = opts.windowMs ?? REREAD_DEFAULTS.windowMs;
  const sleep = opts.sleep ?? abortableSleep;
  let wait = opts.intervalMs ?? REREAD_DEFAULTS.intervalMs;
  let waited = 0;
  for (;;) {
    const found = await read();
    if (found !== undefined || waited >= windowMs) return found;
    const step = Math.min(wait, windowMs - waited);
    await sleep(step, opts.signal);
    waited += step;
    wait = Math.ceil(wait * 1.5);
  }
}
