import { describe, expect, it, vi } from "vitest";
import { runInBackground } from "./lanes";
import { QuotaScheduler, type Clock } from "./scheduler";
import type { Lease } from "./scheduler-config";

/** A manual clock: timers fire only inside `advance`, in time order, with microtasks flushed between. */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Tracks which acquisitions have resolved. */
function track(p: Promise<Lease>) {
  const state: { lease?: Lease; error?: unknown } = {};
  p.then(
    (lease) => (state.lease = lease),
    (error) => (state.error = error),
  );
  return state;
}

const MINUTE = 60_000;

describe("QuotaScheduler: sliding windows", () => {
  it("admits up to limit × headroom at once, then waits for the oldest cost to leave the window", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 100, headroom: 0.9, maxConcurrency: 100 }, clock);
    expect(s.userLimit("u")).toBe(90);
    const first = track(s.acquire("u", 50));
    const second = track(s.acquire("u", 40));
    const third = track(s.acquire("u", 1));
    await clock.advance(0);
    expect(first.lease).toBeDefined();
    expect(second.lease).toBeDefined();
    expect(third.lease).toBeUndefined(); // 90 used
    // Completion restamps the cost: the window is measured from when the server finished.
    await clock.advance(400);
    first.lease!.release();
    second.lease!.release();
    await clock.advance(MINUTE - 1);
    expect(third.lease).toBeUndefined();
    await clock.advance(401);
    expect(third.lease).toBeDefined();
  });

  it("charges a batch of n parts n, and clamps a cost larger than the budget to the budget", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 10, headroom: 1, maxConcurrency: 10 }, clock);
    const big = track(s.acquire("u", 50)); // clamped to 10
    await clock.advance(0);
    expect(big.lease).toBeDefined();
    big.lease!.release();
    const next = track(s.acquire("u", 1));
    await clock.advance(MINUTE - 1);
    expect(next.lease).toBeUndefined();
    await clock.advance(1);
    expect(next.lease).toBeDefined();
    expect(s.stats()).toMatchObject({ admitted: 2, admittedCost: 11 });
  });

  it("shares the client window between users", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler(
      { perUserPerWindow: 100, perClientPerWindow: 30, headroom: 1, maxConcurrency: 10 },
      clock,
    );
    const a = track(s.acquire("a", 20));
    const b = track(s.acquire("b", 20));
    const c = track(s.acquire("c", 10));
    await clock.advance(0);
    expect(a.lease).toBeDefined();
    expect(b.lease).toBeUndefined(); // 20 + 20 > 30, and b is the head of its queue
    expect(c.lease).toBeDefined(); // 20 + 10 fits: a blocked user doesn't block others
    a.lease!.release();
    c.lease!.release();
    await clock.advance(MINUTE);
    expect(b.lease).toBeDefined();
  });

  it("refunds refused parts", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 10, headroom: 1, maxConcurrency: 10 }, clock);
    const a = track(s.acquire("u", 10));
    await clock.advance(0);
    a.lease!.refund(4);
    a.lease!.release();
    const b = track(s.acquire("u", 4));
    await clock.advance(0);
    expect(b.lease).toBeDefined();
  });
});

describe("QuotaScheduler: concurrency and fairness", () => {
  it("never has more than maxConcurrency in flight", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 3 }, clock);
    const all = Array.from({ length: 7 }, () => track(s.acquire("u", 1)));
    await clock.advance(0);
    expect(all.filter((x) => x.lease)).toHaveLength(3);
    expect(s.stats()).toMatchObject({ inFlight: 3, queued: 4 });
    all[0]!.lease!.release();
    await clock.advance(0);
    expect(all.filter((x) => x.lease)).toHaveLength(4);
    expect(s.stats().inFlight).toBe(3);
  });

  it("serves users round-robin: a second user is not stuck behind a long load", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 1 }, clock);
    const order: string[] = [];
    const run = (key: string) =>
      s.run(key, 1, async () => {
        order.push(key);
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 10));
      });
    const jobs = [...Array.from({ length: 6 }, () => run("admin")), run("teacher"), run("teacher")];
    await clock.advance(1_000);
    await Promise.all(jobs);
    expect(order.slice(0, 5)).toEqual(["admin", "teacher", "admin", "teacher", "admin"]);
    expect(order).toHaveLength(8);
  });

  it("keeps FIFO order within one user", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 1 }, clock);
    const order: number[] = [];
    const jobs = [1, 2, 3, 4].map((n) => s.run("u", 1, async () => void order.push(n)));
    await clock.advance(0);
    await Promise.all(jobs);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("drops a waiter whose signal aborts", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 1 }, clock);
    const first = track(s.acquire("u"));
    const controller = new AbortController();
    const aborted = track(s.acquire("u", 1, controller.signal));
    const third = track(s.acquire("u"));
    await clock.advance(0);
    controller.abort(new Error("gone"));
    await clock.advance(0);
    expect((aborted.error as Error).message).toBe("gone");
    first.lease!.release();
    await clock.advance(0);
    expect(third.lease).toBeDefined();
    expect(s.stats().queued).toBe(0);
  });
});

describe("QuotaScheduler: background lane", () => {
  it("serves the same user's interactive requests before their queued background work", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 1 }, clock);
    const order: string[] = [];
    const run = (name: string, priority: "interactive" | "background") =>
      s.acquire("u", 1, undefined, priority).then((lease) => {
        order.push(name);
        clock.setTimeout(() => lease.release(), 10);
      });
    const jobs = [run("bg1", "background"), run("bg2", "background"), run("bg3", "background")];
    await clock.advance(5); // bg1 in flight, bg2 and bg3 queued
    jobs.push(run("click", "interactive"));
    await clock.advance(1_000);
    await Promise.all(jobs);
    expect(order).toEqual(["bg1", "click", "bg2", "bg3"]);
  });

  it("keeps a reserve of the user's budget that background work cannot spend", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler(
      { perUserPerWindow: 100, headroom: 1, interactiveReserve: 0.2, maxConcurrency: 100 },
      clock,
    );
    const bg = Array.from({ length: 9 }, () => track(s.acquire("u", 10, undefined, "background")));
    await clock.advance(0);
    expect(bg.filter((x) => x.lease)).toHaveLength(8); // 80 of 100: the rest is reserved
    const click = track(s.acquire("u", 10));
    await clock.advance(0);
    expect(click.lease).toBeDefined(); // no wait for the window
    for (const x of bg) x.lease?.release();
    await clock.advance(MINUTE);
    expect(bg[8]!.lease).toBeDefined(); // the background work still completes, a window later
  });

  it("keeps background work a floor of the project's window when other users' clicks hold it past the background share", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler(
      { perClientPerWindow: 100, perUserPerWindow: 1_000, headroom: 1, interactiveReserve: 0.2, maxConcurrency: 100 },
      clock,
    );
    const clicks = Array.from({ length: 90 }, (_, i) => track(s.acquire(`teacher-${i % 3}`, 1)));
    await clock.advance(0);
    expect(clicks.filter((x) => x.lease)).toHaveLength(90); // past the 80 background may fill
    for (const x of clicks) x.lease?.release();
    const job = Array.from({ length: 20 }, () => track(s.acquire("admin", 1, undefined, "background")));
    await clock.advance(0);
    // Under its floor (40, half its share), the job still gets what the window has left.
    expect(job.filter((x) => x.lease)).toHaveLength(10);
  });

  it("leaves a concurrency slot free for interactive requests", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 3 }, clock);
    const bg = Array.from({ length: 5 }, () => track(s.acquire("u", 1, undefined, "background")));
    await clock.advance(0);
    expect(bg.filter((x) => x.lease)).toHaveLength(2);
    const click = track(s.acquire("u", 1));
    await clock.advance(0);
    expect(click.lease).toBeDefined();
  });

  it("does not hold back other users: background is a lane per user", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 10, headroom: 1, maxConcurrency: 10 }, clock);
    const a = track(s.acquire("admin", 8, undefined, "background"));
    const b = track(s.acquire("teacher", 10));
    await clock.advance(0);
    expect(a.lease).toBeDefined();
    expect(b.lease).toBeDefined();
  });

  it("runInBackground puts every request made inside it in the background lane", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 1 }, clock);
    const order: string[] = [];
    const first = await s.acquire("u", 1);
    const bg = runInBackground(async () => {
      await Promise.resolve(); // the lane survives awaits
      const lease = await s.acquire("u", 1);
      order.push("names");
      lease.release();
    });
    await clock.advance(0); // the background request is queued first
    const click = s.acquire("u", 1).then((lease) => {
      order.push("click");
      lease.release();
    });
    await clock.advance(0);
    first.release();
    await clock.advance(0);
    await Promise.all([bg, click]);
    expect(order).toEqual(["click", "names"]);
  });

  it("the lane set through one copy of this module is read by a scheduler from another (Next bundles it twice)", async () => {
    vi.resetModules();
    const workers = await import("./lanes");
    vi.resetModules();
    // The scheduler module loads its own copy of the lanes; this import then returns that copy.
    const routes = { ...(await import("./scheduler")), ...(await import("./lanes")) };
    expect(workers.runInBackground).not.toBe(routes.runInBackground);
    // A request created the process's scheduler; then a job runs in the background lane.
    const clock = new FakeClock();
    const s = new routes.QuotaScheduler(
      { perUserPerWindow: 100, headroom: 1, interactiveReserve: 0.2, maxConcurrency: 100 },
      clock,
    );
    const job = workers.runInBackground(() => Array.from({ length: 9 }, () => track(s.acquire("u", 10))));
    await clock.advance(0);
    expect(job.filter((x) => x.lease)).toHaveLength(8); // background: the reserve is left
    expect(workers.runInBackground(() => routes.currentPriority())).toBe("background");
  });

  it("reports what a user could spend right now", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler(
      { perUserPerWindow: 100, perClientPerWindow: 1_000, headroom: 1, maxConcurrency: 10 },
      clock,
    );
    expect(s.remaining("u")).toBe(100);
    const a = track(s.acquire("u", 30));
    await clock.advance(0);
    expect(s.remaining("u")).toBe(70);
    a.lease!.release();
    await clock.advance(MINUTE);
    expect(s.remaining("u")).toBe(100);
    s.penalize("u", 5_000);
    expect(s.remaining("u")).toBe(0);
  });

  it("rejects an invalid reserve", () => {
    expect(() => new QuotaScheduler({ interactiveReserve: 1 })).toThrow();
  });
});

describe("QuotaScheduler: pacing a long load", () => {
  it("fits 1,000 parts into a 120/min budget at 90% with no request over the limit in any 60 s", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 120, headroom: 0.9, maxConcurrency: 4 }, clock);
    const sends: { at: number; cost: number }[] = [];
    const batches = Array.from({ length: 20 }, () =>
      s.run("u", 50, async () => {
        sends.push({ at: clock.now(), cost: 50 });
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 400));
      }),
    );
    await clock.advance(20 * MINUTE);
    await Promise.all(batches);
    // Check every 60 s window the server could see.
    for (const x of sends) {
      const inWindow = sends.filter((y) => y.at >= x.at && y.at < x.at + MINUTE).reduce((n, y) => n + y.cost, 0);
      expect(inWindow).toBeLessThanOrEqual(108);
    }
    const last = sends.at(-1)!.at + 400;
    // 2 batches of 50 per window: ≈ 10 windows; the quota bound is 1000/120 min = 8.3 min.
    expect(last).toBeLessThan(10 * MINUTE + 5_000);
  });
});

describe("QuotaScheduler: 429s", () => {
  it("holds the user until Retry-After, others keep going", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 10 }, clock);
    s.penalize("u", 5_000);
    const u = track(s.acquire("u"));
    const v = track(s.acquire("v"));
    await clock.advance(0);
    expect(u.lease).toBeUndefined();
    expect(v.lease).toBeDefined();
    await clock.advance(5_000);
    expect(u.lease).toBeDefined();
    expect(s.stats().rateLimited).toBe(1);
  });

  it("holds everyone on a client-quota 429", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ maxConcurrency: 10 }, clock);
    s.penalize("u", 2_000, "client");
    const v = track(s.acquire("v"));
    await clock.advance(1_999);
    expect(v.lease).toBeUndefined();
    await clock.advance(1);
    expect(v.lease).toBeDefined();
  });

  it("learns the real limit from a named quota refusal, never below half the configured one, for one window", async () => {
    const clock = new FakeClock();
    const s = new QuotaScheduler({ perUserPerWindow: 1_000, headroom: 1, maxConcurrency: 100 }, clock);
    const a = track(s.acquire("u", 700));
    await clock.advance(0);
    a.lease!.release();
    s.penalize("u", 0, "user", true);
    expect(s.userLimit("u")).toBe(700);
    s.penalize("v", 0, "user", true);
    expect(s.userLimit("v")).toBe(500);
    await clock.advance(MINUTE);
    expect(s.userLimit("u")).toBe(1_000);
  });
});
