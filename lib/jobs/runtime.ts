import "server-only";

import { fromPglite, PgBoss } from "pg-boss";

import { db } from "@/lib/db";
import { env } from "@/lib/env";

import { runSlice, type RunOptions } from "./run";
import { transition } from "./store";

/**
 * pg-boss carries the work: one queue message per slice of a job, `singleton` per job id so
 * two slices of one job never run at once, with a heartbeat so that a slice whose process was
 * killed is handed to a live worker within seconds. The job and item rows (lib/jobs/store.ts)
 * stay the source of truth; a queue message only says "look at job X (after T)".
 */
export const QUEUE = "bulk-jobs";

type Data = { jobId: string };

interface Runtime {
  boss: PgBoss;
  workers: boolean;
  /** This process's worker (pg-boss's id), woken when a message it can take becomes due. */
  workerId?: string;
  timer?: ReturnType<typeof setInterval>;
}

const key = Symbol.for("classroom-invitations.jobs");
type Holder = { [key]?: Promise<Runtime> };

/** How often paused-for-sign-in jobs are checked for a renewed grant. */
const REAUTH_SWEEP_MS = 10_000;

/**
 * How a slice's claim is kept and, when its process dies, taken over (docs/DEPLOY.md, "Jobs").
 * A live worker renews its claim every `heartbeatRefreshSeconds`, so it loses it only after
 * `heartbeatSeconds` (pg-boss' minimum) without one successful renewal. A dead worker's slice is
 * failed by the first supervisor pass after that (passes run every `monitorIntervalSeconds`, on
 * whichever instance claims the pass), retried after `retryDelaySeconds`, and claimed by the
 * next worker that polls: within `TAKEOVER_BOUND_SECONDS` of the last renewal.
 */
export const CLAIM = {
  heartbeatSeconds: 10,
  heartbeatRefreshSeconds: 2,
  monitorIntervalSeconds: 2,
  /** The first retry's delay; later ones back off (a database that is down) up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 30,
  pollingIntervalSeconds: 1,
} as const;

/** The first retry waits between one and two `retryDelaySeconds` (pg-boss' backoff with jitter). */
export const TAKEOVER_BOUND_SECONDS =
  CLAIM.heartbeatSeconds + CLAIM.monitorIntervalSeconds + 2 * CLAIM.retryDelaySeconds + CLAIM.pollingIntervalSeconds;

async function open(): Promise<Runtime> {
  const d = await db();
  const common = {
    schema: "pgboss",
    // Jobs wait for their own times (startAfter); pg-boss's cron scheduler is not used.
    schedule: false,
    // Finds slices whose worker died (missed heartbeats) soon after the heartbeat's bound, not
    // the default minute: the expiry check runs in the monitor pass.
    superviseIntervalSeconds: 1,
    monitorIntervalSeconds: CLAIM.monitorIntervalSeconds,
  } as const;
  const database = env().database;
  const boss =
    database.kind === "postgres"
      ? new PgBoss({ ...common, connectionString: database.url, max: 4 })
      : // One process owns a PGlite directory, so the queue shares the app's instance (README "Jobs").
        new PgBoss({ ...common, db: fromPglite(d.pglite!), backend: "pglite" });
  boss.on("error", (e: Error) => console.error("[jobs] queue error:", e.message));
  await boss.start();
  const settings = {
    heartbeatSeconds: CLAIM.heartbeatSeconds,
    // A slice that throws (the database went away) is tried again; the job rows say where it was.
    retryLimit: 1_000,
    retryDelay: CLAIM.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: CLAIM.retryDelayMaxSeconds,
    expireInSeconds: 15 * 60,
    deleteAfterSeconds: 24 * 60 * 60,
  };
  await boss.createQueue(QUEUE, { policy: "singleton", ...settings });
  // createQueue leaves an existing queue as it was: a deployment made before these settings gets them too.
  await boss.updateQueue(QUEUE, settings);
  return { boss, workers: false };
}

function runtime(): Promise<Runtime> {
  const g = globalThis as Holder;
  g[key] ??= open().catch((e: unknown) => {
    delete g[key];
    throw e;
  });
  return g[key];
}

/** Asks a worker to run the job (now, or from `startAfter`). */
export async function enqueue(jobId: string, startAfter?: Date): Promise<void> {
  const rt = await runtime();
  await rt.boss.send(QUEUE, { jobId } satisfies Data, {
    singletonKey: jobId,
    ...(startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {}),
  });
  wake(rt, startAfter);
}

/**
 * pg-boss's workers poll (every second here), so a message would wait up to a poll for a worker:
 * a worker in this process is woken the moment the message is due instead. A job waiting for
 * its budget then goes on as the slot frees, not a poll later, which otherwise adds up over
 * every window of a long job. Polling stays the carrier for other processes and restarts.
 */
function wake(rt: Runtime, startAfter?: Date): void {
  const { workerId } = rt;
  if (!workerId) return;
  // pg-boss compares startAfter with the database's clock: a few milliseconds late, never early.
  const delay = startAfter ? Math.max(0, startAfter.getTime() - Date.now() + WAKE_MARGIN_MS) : 0;
  // Longer than a timer can hold: the poll finds it.
  if (delay > MAX_TIMER_MS) return;
  setTimeout(() => rt.boss.notifyWorker(workerId), delay).unref?.();
}
const WAKE_MARGIN_MS = 5;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs job workers in this process (server start, or `npm run worker`), and re-queues every
 * unfinished job: a job whose message was lost with a killed process goes on all the same.
 */
export async function startJobWorkers(options: RunOptions = {}): Promise<void> {
  const rt = await runtime();
  if (rt.workers) return;
  rt.workers = true;
  rt.workerId = await rt.boss.work<Data>(
    QUEUE,
    {
      batchSize: 1,
      pollingIntervalSeconds: CLAIM.pollingIntervalSeconds,
      heartbeatRefreshSeconds: CLAIM.heartbeatRefreshSeconds,
      localConcurrency: Math.max(1, env().jobWorkers),
    },
    async ([message]) => {
      if (!message) return;
      const result = await runSlice(message.data.jobId, { ...options, signal: message.signal });
      if (result.next === "continue") await enqueue(message.data.jobId);
      else if (result.next === "wait") await enqueue(message.data.jobId, result.until);
    },
  );
  if (env().database.kind === "pglite") await reclaimFromDeadProcess(rt.boss);
  await requeueUnfinished();
  rt.timer = setInterval(() => {
    resumeReauthorized().catch((e: unknown) =>
      console.error("[jobs] reauth sweep failed:", e instanceof Error ? e.message : e),
    );
  }, REAUTH_SWEEP_MS);
  rt.timer.unref?.();
}

/**
 * A PGlite directory is opened by one process at a time, so at start every slice the queue
 * still holds as active belonged to a process that is gone: it is cancelled at once (and its
 * job queued again below) instead of waiting out the heartbeat (10 s at least). On Postgres,
 * another live instance may hold them, so the heartbeat decides there.
 */
async function reclaimFromDeadProcess(boss: PgBoss): Promise<void> {
  const stale = (await boss.findJobs<Data>(QUEUE)).filter((j) => j.state === "active").map((j) => j.id);
  if (stale.length > 0) await boss.cancel(QUEUE, stale);
}

async function requeueUnfinished(): Promise<void> {
  const d = await db();
  const rows = await d.query<{ id: string; wait_until: Date | string | null }>(
    "SELECT id, wait_until FROM jobs WHERE state IN ('queued', 'running', 'waiting')",
  );
  for (const r of rows) await enqueue(r.id, r.wait_until ? new Date(r.wait_until) : undefined);
}

/**
 * Jobs paused because their creator's grant stopped working go on once the creator has signed
 * in again: their account row has been updated since the pause, with no refresh error.
 */
export async function resumeReauthorized(): Promise<string[]> {
  const d = await db();
  const rows = await d.query<{ id: string }>(
    `SELECT j.id FROM jobs j JOIN accounts a ON a.user_id = j.creator_id AND a.provider = 'google'
     WHERE j.state = 'paused' AND j.pause_reason = 'reauth' AND a.refresh_error IS NULL
       AND a.access_token IS NOT NULL AND a.updated_at > j.updated_at`,
  );
  const resumed: string[] = [];
  for (const { id } of rows) {
    if (await transition(d, id, ["paused"], "queued")) {
      await enqueue(id);
      resumed.push(id);
    }
  }
  return resumed;
}

/** Stops the queue (tests, and the worker process on SIGTERM). */
export async function stopJobs(): Promise<void> {
  const g = globalThis as Holder;
  const pending = g[key];
  if (!pending) return;
  delete g[key];
  const rt = await pending.catch(() => undefined);
  if (!rt) return;
  if (rt.timer) clearInterval(rt.timer);
  await rt.boss.stop({ graceful: true, timeout: 5_000 });
}
