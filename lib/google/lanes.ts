// The two lanes a Classroom request can run in: interactive (the default) or background, set
// around the caller with `runInBackground` and read by the scheduler when it queues a request.
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The lane a Google call runs in: "interactive" (default) is served first; "background" (jobs)
 * yields to it and may not fill a budget past what is kept back for interactive requests.
 */
export type Priority = "interactive" | "background";

/**
 * One per process, like the scheduler: Next bundles this module more than once (the job workers
 * started with the server, route handlers, actions), and a lane set through one copy must be the
 * lane the shared scheduler reads through another. With a store per copy, a job's calls were
 * taken for clicks whenever a request had created the scheduler first.
 */
const lanesKey = Symbol.for("classroom-invitations.quota-lanes");
const lanes = ((globalThis as { [lanesKey]?: AsyncLocalStorage<Priority> })[lanesKey] ??=
  new AsyncLocalStorage<Priority>());

/** The lane of the code running now: "background" inside `runInBackground`, else interactive. */
export function currentPriority(): Priority {
  return lanes.getStore() ?? "interactive";
}

/**
 * Runs `fn` with every Classroom request it makes (however deep: /batch, retries) in the
 * background lane: served after the same user's interactive requests, within part of the
 * budget. For work nobody waits on, such as filling in names after a list is complete.
 */
export function runInBackground<T>(fn: () => T): T {
  return lanes.run("background", fn);
}
