// Two app instances on one Postgres, each configured with the full budget, together stay
// within it: two QuotaSchedulers, each with its own SharedBudget on one real database, driven
// as hard as they go. The windows are shortened to seconds; the leasing is the production code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openDatabase, type Db } from "@/lib/db/open";
import { freshPostgres } from "@/lib/test/fresh-postgres";

import { SharedBudget } from "./quota-leases";
import { runInBackground } from "./lanes";
import { QuotaScheduler } from "./scheduler";
import type { SchedulerConfig } from "./scheduler-config";

const WINDOW = 2_000;
const LIMIT = 60;

let d: Db;
let drop: (() => Promise<void>) | undefined;
const budgets: SharedBudget[] = [];

beforeAll(async () => {
  const pg = await freshPostgres("quota_leases");
  if (!pg) return;
  drop = pg.drop;
  d = await openDatabase({ kind: "postgres", url: pg.url });
});

afterAll(async () => {
  await Promise.all(budgets.map((b) => b.close()));
  await d?.close();
  await drop?.();
});

/** One instance: a scheduler with the full budget, sharing it through the database when `shared`. */
function instance(config: Partial<SchedulerConfig>, shared = true): QuotaScheduler {
  const s = new QuotaScheduler({
    perClientPerWindow: LIMIT,
    perUserPerWindow: 10_000,
    windowMs: WINDOW,
    headroom: 1,
    maxConcurrency: 8,
    ...config,
  });
  if (shared) {
    const b = new SharedBudget(d, WINDOW, { sliceMs: 200, graceMs: 1_000 });
    budgets.push(b);
    s.share(b);
  }
  return s;
}

type Call = { start: number; end: number; instance: number; user: string };

/** Keeps `users` × `perUser` requests going on the scheduler until `until`, each lasting ~5 ms. */
async function hammer(s: QuotaScheduler, id: number, users: string[], until: number, calls: Call[]): Promise<void> {
  const worker = async (user: string) => {
    while (Date.now() < until) {
      const lease = await s.acquire(user, 1, AbortSignal.timeout(Math.max(1, until - Date.now())));
      const start = Date.now();
      await new Promise((r) => setTimeout(r, 5));
      lease.release();
      calls.push({ start, end: Date.now(), instance: id, user });
    }
  };
  await Promise.all(users.flatMap((u) => [worker(u), worker(u)])).catch((e: unknown) => {
    if (!(e instanceof DOMException && e.name === "TimeoutError")) throw e;
  });
}

/**
 * The most calls that any `window`-long moving window sees, counting a call in every window
 * its run [start, end] touches (Google counts it at some moment in between).
 */
function busiestWindow(calls: Call[], window: number): number {
  let most = 0;
  for (const edge of calls.flatMap((c) => [c.start, c.end])) {
    // Windows (edge - window, edge] and [edge, edge + window).
    const upTo = calls.filter((c) => c.start <= edge && c.end > edge - window).length;
    const from = calls.filter((c) => c.end >= edge && c.start < edge + window).length;
    most = Math.max(most, upTo, from);
  }
  return most;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "shared quota budget across instances (real Postgres)",
  { timeout: 30_000 },
  () => {
    it("without sharing, two instances with the full budget each spend twice the project's limit", async () => {
      const calls: Call[] = [];
      const until = Date.now() + WINDOW;
      await Promise.all([
        hammer(instance({}, false), 1, ["a", "b"], until, calls),
        hammer(instance({}, false), 2, ["c", "d"], until, calls),
      ]);
      expect(busiestWindow(calls, WINDOW)).toBeGreaterThan(1.5 * LIMIT);
    });

    it("two instances sharing one Postgres never exceed the project's limit in any moving window, and use most of it", async () => {
      const calls: Call[] = [];
      const until = Date.now() + 3 * WINDOW;
      await Promise.all([
        hammer(instance({}), 1, ["a", "b", "c"], until, calls),
        hammer(instance({}), 2, ["d", "e", "f"], until, calls),
      ]);
      expect(busiestWindow(calls, WINDOW)).toBeLessThanOrEqual(LIMIT);
      // Both instances got a share, and together they used at least half of what the limit allows.
      expect(calls.filter((c) => c.instance === 1).length).toBeGreaterThan(LIMIT / 4);
      expect(calls.filter((c) => c.instance === 2).length).toBeGreaterThan(LIMIT / 4);
      expect(calls.length).toBeGreaterThan(1.5 * LIMIT);
    });

    it("one user's budget is shared too: the same user on two instances stays within the per-user limit", async () => {
      const calls: Call[] = [];
      const until = Date.now() + 2 * WINDOW;
      const perUser = { perUserPerWindow: 20, perClientPerWindow: 10_000 };
      await Promise.all([
        hammer(instance(perUser), 1, ["same-user"], until, calls),
        hammer(instance(perUser), 2, ["same-user"], until, calls),
      ]);
      expect(busiestWindow(calls, WINDOW)).toBeLessThanOrEqual(20);
      expect(calls.length).toBeGreaterThan(20);
    });

    it("background work on one instance leaves the interactive reserve to a click on another", async () => {
      const busy = instance({ perClientPerWindow: 50, interactiveReserve: 0.2 });
      const other = instance({ perClientPerWindow: 50, interactiveReserve: 0.2 });
      // 60 background requests on `busy` for a window: at most 40 (80 %) may be admitted in it,
      // paced over the window.
      let admitted = 0;
      const background = runInBackground(() =>
        Array.from({ length: 60 }, () =>
          busy.acquire("bulk-admin", 1, AbortSignal.timeout(WINDOW)).then(
            (l) => {
              admitted++;
              l.release();
            },
            () => undefined,
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, 400));
      const t0 = Date.now();
      const clicks = await Promise.all(Array.from({ length: 8 }, () => other.acquire("teacher", 1)));
      const waited = Date.now() - t0;
      clicks.forEach((l) => l.release());
      await Promise.all(background);
      expect(admitted).toBeLessThanOrEqual(40);
      // Paced over the window, and every lane counting against the 80 %, the job has most of
      // what the 8 clicks left it (32) when the window closes.
      expect(admitted).toBeGreaterThanOrEqual(24);
      // The clicks did not wait for the window to turn over.
      expect(waited).toBeLessThan(WINDOW / 2);
    });

    it("background is paced on every instance: clicks beyond the interactive reserve on another instance are admitted at once", async () => {
      // Fresh window: wait out the earlier tests' use.
      await new Promise((r) => setTimeout(r, WINDOW + 1_300));
      const busy = instance({ interactiveReserve: 0.2 });
      const other = instance({ interactiveReserve: 0.2 });
      // A job on `busy` that would take its whole 80 % (48) at once if it could.
      const admitted: number[] = [];
      const background = runInBackground(() =>
        Array.from({ length: 100 }, () =>
          busy.acquire("bulk-admin", 1, AbortSignal.timeout(WINDOW)).then(
            (l) => {
              admitted.push(Date.now());
              l.release();
            },
            () => undefined,
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, WINDOW / 4));
      // Half the window's budget in clicks from three teachers on `other`: more than the 20 %
      // reserve, so they get in only if the job has not taken its share in one burst.
      const t0 = Date.now();
      const waits = await Promise.all(
        Array.from({ length: LIMIT / 2 }, (_, i) =>
          other.acquire(`teacher-${i % 3}`, 1).then((l) => {
            l.release();
            return Date.now() - t0;
          }),
        ),
      );
      await Promise.all(background);
      // Each click waited for a lease round or two, not for the window to turn over.
      expect(Math.max(...waits)).toBeLessThan(WINDOW / 4);
      // The job still had its turn, within its 80 %, and went on once the clicks were served.
      expect(admitted.length).toBeGreaterThan(0);
      expect(admitted.length).toBeLessThanOrEqual(0.8 * LIMIT);
      expect(admitted.filter((t) => t > t0).length).toBeGreaterThan(0);
    });

    it("a job on one instance keeps its floor while clicks on another want the whole window; the limit holds", async () => {
      await new Promise((r) => setTimeout(r, WINDOW + 1_300));
      const calls: Call[] = [];
      const until = Date.now() + 2 * WINDOW;
      await Promise.all([
        runInBackground(() => hammer(instance({ interactiveReserve: 0.2 }), 1, ["bulk-admin"], until, calls)),
        hammer(instance({ interactiveReserve: 0.2 }), 2, ["t1", "t2", "t3"], until, calls),
      ]);
      const job = calls.filter((c) => c.instance === 1).length;
      const clicks = calls.filter((c) => c.instance === 2).length;
      expect(busiestWindow(calls, WINDOW)).toBeLessThanOrEqual(LIMIT);
      // Half the background cap (24 of 60) a window is the job's floor: over two windows it gets
      // at least most of one floor's worth (without the floor it got 6 or 7), and the clicks
      // still get most of the budget.
      expect(job).toBeGreaterThanOrEqual(0.3 * LIMIT);
      expect(clicks).toBeGreaterThan(job);
    });

    it("an instance that closes hands its unused slices back at once; one that dies holds them until they expire", async () => {
      const scope = "client";
      const take = async (b: SharedBudget) => {
        b.want(scope, LIMIT, LIMIT, "interactive");
        for (let i = 0; i < 50 && b.available(scope, "interactive") === 0; i++)
          await new Promise((r) => setTimeout(r, 20));
        return b.available(scope, "interactive");
      };
      // Fresh window: wait out the earlier tests' use.
      await new Promise((r) => setTimeout(r, WINDOW + 1_300));
      const closing = new SharedBudget(d, WINDOW, { sliceMs: 5_000, graceMs: 1_000 });
      expect(await take(closing)).toBe(LIMIT);
      await closing.close();
      const next = new SharedBudget(d, WINDOW, { sliceMs: 5_000, graceMs: 1_000 });
      budgets.push(next);
      expect(await take(next)).toBe(LIMIT);
      // `next` now "dies": it never settles. Its slice counts until its end (5 s + 1 s grace) plus a window.
      const survivor = new SharedBudget(d, WINDOW, { sliceMs: 200, graceMs: 1_000, retryMs: 100 });
      budgets.push(survivor);
      expect(await take(survivor)).toBe(0);
      const rows = await d.query<{ ends_in_ms: number }>(
        "SELECT (EXTRACT(EPOCH FROM ends_at - clock_timestamp()) * 1000)::int AS ends_in_ms FROM quota_leases WHERE instance_id = $1 AND used IS NULL",
        [next.instanceId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.ends_in_ms).toBeGreaterThan(4_000);
      expect(rows[0]!.ends_in_ms).toBeLessThanOrEqual(6_000);
    });
  },
);
