// The fetch adapter between gaxios and the quota scheduler: the generated client calls this
// `fetch` (`fetchImplementation`) for every request.
//
// No `server-only` import: the unit tests drive it from plain Node.
import { classifyError } from "./errors";
import { parseBody } from "./multipart";
import { refundAndBackOff } from "./quota";
import type { QuotaScheduler } from "./scheduler";
import { getScheduler } from "./scheduler-instance";

export interface ScheduledFetchOptions {
  scheduler?: QuotaScheduler;
  /** Applied from admission, so time spent queued doesn't count against it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A `fetch` that takes a scheduler slot for each request, starts the request timeout only
 * once admitted, and sends quota refusals through the one refund-and-back-off path.
 */
export function scheduledFetch(key: string, opts: ScheduledFetchOptions = {}): typeof fetch {
  return async (input, init) => {
    const scheduler = opts.scheduler ?? getScheduler();
    const callerSignal = init?.signal ?? undefined;
    const lease = await scheduler.acquire(key, 1, callerSignal);
    try {
      const timeout = opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined;
      const signal = timeout && callerSignal ? AbortSignal.any([callerSignal, timeout]) : (timeout ?? callerSignal);
      const response = await (opts.fetch ?? fetch)(input, { ...init, signal });
      if (response.status === 429) {
        const text = await response
          .clone()
          .text()
          .catch(() => "");
        const error = classifyError({ response: { status: 429, data: parseBody(text), headers: response.headers } });
        refundAndBackOff(scheduler, key, lease, [error]);
      }
      return response;
    } finally {
      lease.release();
    }
  };
}
