import "server-only";

import { stopCacheListener } from "@/lib/classroom/cache-bus";
import { db } from "@/lib/db";
import { getScheduler } from "@/lib/google/scheduler-instance";

/** After this long the process exits whatever is still running (orchestrators kill at 30 s). */
export const SHUTDOWN_DEADLINE_MS = 25_000;

const drainingKey = Symbol.for("classroom-invitations.draining");
type Holder = { [drainingKey]?: boolean };

/** True once SIGTERM (or SIGINT) has arrived: readiness answers 503 so the load balancer moves on. */
export function isDraining(): boolean {
  return (globalThis as Holder)[drainingKey] === true;
}

const installedKey = Symbol.for("classroom-invitations.shutdown-installed");

/**
 * Graceful stop on SIGTERM or SIGINT. `next start` already closes the HTTP server on these
 * signals (no new connections; requests in flight finish) and then calls `process.exit`, with no
 * hook in between. So this handler runs first: it marks the instance as draining and stops the
 * job workers (the slice running finishes, or pg-boss hands it back), and it holds Next's exit
 * until that is done and this instance's quota slices have gone back to the others. Without
 * Next's handler (NEXT_MANUAL_SIG_HANDLE, a plain Node process) it exits by itself.
 */
export function installGracefulShutdown(stopJobs?: () => Promise<void>): void {
  const g = globalThis as { [installedKey]?: boolean };
  if (g[installedKey]) return;
  g[installedKey] = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.prependOnceListener(signal, () => beginShutdown(signal, stopJobs));
  }
}

function beginShutdown(signal: NodeJS.Signals, stopJobs?: () => Promise<void>): void {
  if (isDraining()) return;
  (globalThis as Holder)[drainingKey] = true;
  console.log(`[classroom-invitations] ${signal}: draining (new requests refused by readiness, jobs handed back)`);
  const realExit = process.exit.bind(process);
  const deadline = setTimeout(() => {
    console.error("[classroom-invitations] shutdown deadline reached; exiting");
    realExit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  const jobsStopped = (stopJobs?.() ?? Promise.resolve()).catch((e: unknown) =>
    console.error("[classroom-invitations] stopping job workers failed:", e instanceof Error ? e.message : e),
  );
  const finish = async (): Promise<void> => {
    await jobsStopped;
    await stopCacheListener().catch(() => undefined);
    await getScheduler()
      .sharedBudget()
      ?.close()
      .catch(() => undefined);
    await (await db()).close().catch(() => undefined);
    console.log("[classroom-invitations] stopped: job claims and quota slices released");
  };
  // Another listener for this signal (Next's) will close the server and then exit.
  if (process.listenerCount(signal) > 0) {
    let exiting = false;
    process.exit = ((code?: number | string | null) => {
      if (exiting) return realExit(code);
      exiting = true;
      void finish().finally(() => realExit(code));
    }) as typeof process.exit;
  } else {
    void finish().finally(() => realExit(0));
  }
}
