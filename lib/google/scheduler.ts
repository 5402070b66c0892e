// The quota-aware scheduler every Classroom request goes through.
//
// Google's limits (https://developers.google.com/workspace/classroom/reference/limits): 1,200
// requests per user and 3,000 per client
// (the Cloud project, i.e. this whole deployment) per minute, "checked on a 60-second moving
// average", and "a batch of n calls counts as n". So a request is admitted only when its cost
// (1, or n for a /batch of n parts) fits both sliding windows at a configurable fraction of
// the limit (headroom for the user's other tools, other tabs, a clock skew), and while fewer
// than `maxConcurrency` requests are in flight on this server. Waiting requests queue per user
// and users are served round-robin, so one admin's domain-wide load can't starve a teacher.
// A long load is thereby paced to the budget instead of running into 429s. If a 429 comes
// anyway (another app instance, another tool on the same account, a lower real limit), the
// user (or, for the client quota, everyone) is held for a moment (Google sends no Retry-After
// with a quota refusal; a server that does is honoured), and the limit actually observed is
// used for a while (see `penalize`). quota.ts reports refusals here; sliding-window.ts keeps
// the budget; scheduler-queues.ts holds who waits and the wake-up timer; scheduled-fetch.ts and
// batch.ts take the slots.
//
// Two lanes per user. Interactive requests (the default: a page's reads, an action) always go
// before the same user's background work (name lookups for a long list, `runInBackground`),
// and background work may fill only part of the user's budget and of the server's
// concurrency, so a click never queues behind minutes of paced background lookups. When other
// users' clicks hold the project's window past the background share, background work keeps a
// floor of half that share, so a job goes on under any click load.
//
// No `server-only` import: the class is pure and the bench drives it from plain Node.
import type { QuotaScope } from "./errors";
import { currentPriority, type Priority } from "./lanes";
import { CLIENT_SCOPE, userScope, type SharedBudget, type SliceUse } from "./quota-leases";
import { SCHEDULER_DEFAULTS, type Lease, type SchedulerConfig, type SchedulerStats } from "./scheduler-config";
import { WaitQueues, WakeTimer, type UserState, type Waiter } from "./scheduler-queues";
import { SlidingWindow, systemClock, type Clock, type WindowEntry } from "./sliding-window";

export type { Clock } from "./sliding-window";

export class QuotaScheduler {
  readonly config: SchedulerConfig;
  private readonly clock: Clock;
  private readonly queues = new WaitQueues();
  private readonly clientWindow = new SlidingWindow();
  /** The background lane's part of `clientWindow`, for its floor. */
  private readonly backgroundWindow = new SlidingWindow();
  private clientBlockedUntil = 0;
  private clientLearned?: { limit: number; until: number };
  private inFlight = 0;
  private readonly wakeTimer: WakeTimer;
  private readonly counters = { admitted: 0, admittedCost: 0, rateLimited: 0, waitedMs: 0 };
  /** The budget shared with other instances (Postgres), when there are any. */
  private budget?: SharedBudget;

  constructor(config: Partial<SchedulerConfig> = {}, clock: Clock = systemClock) {
    this.config = { ...SCHEDULER_DEFAULTS, ...config };
    const c = this.config;
    if (!(c.headroom > 0 && c.headroom <= 1)) throw new Error("headroom must be in (0, 1]");
    if (c.perUserPerWindow < 1 || c.perClientPerWindow < 1 || c.maxConcurrency < 1 || c.windowMs < 1) {
      throw new Error("scheduler limits must be positive");
    }
    if (!(c.interactiveReserve >= 0 && c.interactiveReserve < 1))
      throw new Error("interactiveReserve must be in [0, 1)");
    this.clock = clock;
    this.wakeTimer = new WakeTimer(clock, () => this.pump());
  }

  /**
   * Shares the per-user and per-project budgets with every instance on the same database: a
   * request is then admitted only when this instance holds a leased slice for both, besides
   * fitting its own windows. The windows must be the same length.
   */
  share(budget: SharedBudget): void {
    if (budget.windowMs !== this.config.windowMs) throw new Error("the shared budget's window must match");
    this.budget = budget;
    budget.onChange(() => this.pump());
  }

  /** The shared budget, if any (graceful shutdown settles it). */
  sharedBudget(): SharedBudget | undefined {
    return this.budget;
  }

  /** The budget actually used per user per window (limit × headroom, or the learned limit). */
  userLimit(key: string): number {
    const st = this.queues.get(key);
    const now = this.clock.now();
    return this.budgetOf(this.config.perUserPerWindow, st?.learned, now);
  }

  clientLimit(): number {
    return this.budgetOf(this.config.perClientPerWindow, this.clientLearned, this.clock.now());
  }

  /** A configured limit × headroom, or less while a limit learned from a 429 is in force. */
  private budgetOf(configured: number, learned: { limit: number; until: number } | undefined, now: number): number {
    const limit = learned && learned.until > now ? learned.limit : Infinity;
    return Math.max(1, Math.floor(Math.min(configured, limit) * this.config.headroom));
  }

  /**
   * How many calls `key` could make right now without waiting for either window (interactive
   * lane). Callers use it to choose between a fresh read and a recent cached one.
   */
  remaining(key: string): number {
    const now = this.clock.now();
    const { windowMs } = this.config;
    const st = this.queues.get(key);
    if ((st && st.blockedUntil > now) || this.clientBlockedUntil > now) return 0;
    st?.window.prune(now, windowMs);
    this.clientWindow.prune(now, windowMs);
    const queued = st ? st.queue.reduce((n, w) => n + w.cost, 0) : 0;
    const user = this.userLimit(key) - (st?.window.used ?? 0) - queued;
    const client = this.clientLimit() - this.clientWindow.used;
    return Math.max(0, Math.min(user, client));
  }

  /** What background work may use of a budget: the rest is the interactive reserve. */
  private backgroundShare(limit: number): number {
    return Math.max(1, Math.floor(limit * (1 - this.config.interactiveReserve)));
  }

  /**
   * Waits for a slot for a request of `cost` units on behalf of `key` (the user). A cost
   * larger than a whole window's budget is charged as the whole budget (callers split
   * batches so this doesn't happen with the defaults). `priority` defaults to the lane set by
   * `runInBackground` around the caller, else interactive.
   */
  acquire(key: string, cost = 1, signal?: AbortSignal, priority: Priority = currentPriority()): Promise<Lease> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        key,
        cost: Math.max(1, Math.floor(cost)),
        priority,
        enqueuedAt: this.clock.now(),
        resolve,
        reject,
        cleanup: () => undefined,
      };
      this.queues.enqueue(waiter, signal, () => {
        reject(abortReason(signal!));
        this.pump();
      });
      this.pump();
    });
  }

  /** acquire → fn → release. */
  async run<T>(key: string, cost: number, fn: (lease: Lease) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lease = await this.acquire(key, cost, signal);
    try {
      return await fn(lease);
    } finally {
      lease.release();
    }
  }

  /**
   * A 429 came back despite the pacing. Hold the user (or everyone, for the client quota)
   * until Retry-After, or for a second when the server sent none (Google never does). When the server named its quota ("Quota exceeded…"), the usage we had
   * in the window at that moment is the part of the real limit left to us (another app
   * instance or tool spends the rest), so for one window we budget no more than that, and
   * never less than half the configured limit: a stray 429 must not slow a user to a crawl.
   */
  penalize(key: string, retryAfterMs: number | undefined, scope: QuotaScope = "user", learn = false): void {
    const now = this.clock.now();
    const hold = Math.max(0, retryAfterMs ?? 1_000);
    const { windowMs } = this.config;
    const until = now + Math.max(windowMs, this.config.learnedLimitMs);
    this.counters.rateLimited++;
    if (scope === "client") {
      this.clientBlockedUntil = Math.max(this.clientBlockedUntil, now + hold);
      if (learn) {
        this.clientWindow.prune(now, windowMs);
        const floor = Math.ceil(this.config.perClientPerWindow / 2);
        this.clientLearned = { limit: Math.max(floor, this.clientWindow.used), until };
      }
    } else {
      const st = this.queues.state(key);
      st.blockedUntil = Math.max(st.blockedUntil, now + hold);
      if (learn) {
        st.window.prune(now, windowMs);
        const floor = Math.ceil(this.config.perUserPerWindow / 2);
        st.learned = { limit: Math.max(floor, st.window.used), until };
      }
    }
    this.pump();
  }

  stats(): SchedulerStats {
    return { inFlight: this.inFlight, queued: this.queues.count(), ...this.counters };
  }

  /** Admits whatever fits now, round-robin over users, and sets one timer for the next chance. */
  private pump(): void {
    const now = this.clock.now();
    const { windowMs } = this.config;
    let wake = Infinity;
    while (this.inFlight < this.config.maxConcurrency && this.queues.waiting) {
      const clientLimit = this.clientLimit();
      // Least recently served first: round-robin that a newcomer joins at the front of.
      let best: { st: UserState; head: Waiter; cost: number } | undefined;
      for (const [key, st] of this.queues.rotation()) {
        // Background yields: it waits while the same user has interactive requests queued.
        const head = st.queue[0] ?? st.background[0];
        if (!head || (best && st.lastServed >= best.st.lastServed)) continue;
        const background = head.priority === "background";
        if (background && this.inFlight >= Math.max(1, this.config.maxConcurrency - 1)) continue; // keep a slot for clicks
        const userLimit = background ? this.backgroundShare(this.userLimit(key)) : this.userLimit(key);
        const laneClientLimit = background ? this.backgroundShare(clientLimit) : clientLimit;
        const cost = Math.min(head.cost, userLimit, laneClientLimit);
        let clientReady = this.clientWindow.fitsAt(now, windowMs, laneClientLimit, cost);
        if (background && clientReady > now) {
          // Its floor: other users' clicks may hold the project's window past the background
          // share, but not keep a job from half of it.
          const floorReady = Math.max(
            this.backgroundWindow.fitsAt(now, windowMs, backgroundFloor(laneClientLimit), cost),
            this.clientWindow.fitsAt(now, windowMs, clientLimit, cost),
          );
          clientReady = Math.min(clientReady, floorReady);
        }
        const readyAt = Math.max(
          st.blockedUntil,
          this.clientBlockedUntil,
          st.window.fitsAt(now, windowMs, userLimit, cost),
          clientReady,
        );
        if (readyAt > now) wake = Math.min(wake, readyAt);
        else if (this.leased(key, st, head.priority, cost, userLimit, laneClientLimit)) best = { st, head, cost };
      }
      if (!best) break; // nobody fits now
      this.queues.take(best.st, best.head);
      const slices = this.budget?.spend([userScope(best.head.key), CLIENT_SCOPE], best.cost, best.head.priority);
      this.admit(best.st, best.head, best.cost, now, slices);
    }
    this.queues.prune(now, windowMs);
    this.wakeTimer.set(this.queues.waiting && this.inFlight < this.config.maxConcurrency ? wake : Infinity);
  }

  /**
   * Without a shared budget, always. With one: whether this instance holds slices covering
   * `cost` for the user and the project; if not, the missing part (and a slice's worth more
   * when more is queued) is asked for, and the lease's arrival pumps again.
   */
  private leased(
    key: string,
    st: UserState,
    lane: Priority,
    cost: number,
    userLimit: number,
    clientLimit: number,
  ): boolean {
    const budget = this.budget;
    if (!budget) return true;
    // The user's budget, then the project's: what queues behind this request sizes the ask.
    const scopes = [
      {
        scope: userScope(key),
        limit: userLimit,
        full: () => this.userLimit(key),
        queued: () => this.queues.queuedCost(st),
      },
      {
        scope: CLIENT_SCOPE,
        limit: clientLimit,
        full: () => this.clientLimit(),
        queued: () => this.queues.totalQueuedCost(),
      },
    ];
    const have = scopes.map(({ scope }) => budget.available(scope, lane));
    if (have.every((h) => h >= cost)) return true;
    scopes.forEach(({ scope, limit, full, queued }, i) => {
      const missing = cost - have[i]!;
      if (missing > 0)
        budget.want(
          scope,
          Math.max(missing, Math.min(queued(), budget.sliceSize(limit))),
          limit,
          lane,
          missing,
          full(),
        );
    });
    return false;
  }

  private admit(st: UserState, waiter: Waiter, cost: number, now: number, slices?: SliceUse): void {
    waiter.cleanup();
    // The cost goes into the user's window, the project's, and the background lane's part of it.
    const entries: [SlidingWindow, WindowEntry][] = [
      [st.window, { at: now, cost }],
      [this.clientWindow, { at: now, cost }],
    ];
    if (waiter.priority === "background") entries.push([this.backgroundWindow, { at: now, cost }]);
    for (const [window, entry] of entries) window.add(entry);
    st.inFlight++;
    this.inFlight++;
    this.counters.admitted++;
    this.counters.admittedCost += cost;
    this.counters.waitedMs += now - waiter.enqueuedAt;
    let released = false;
    waiter.resolve({
      release: () => {
        if (released) return;
        released = true;
        // Google counts a call when it runs, somewhere between send and answer; stamping the
        // cost at completion keeps our window from expiring before the server's does.
        const done = this.clock.now();
        for (const [window, entry] of entries) window.restamp(entry, done);
        st.inFlight--;
        this.inFlight--;
        slices?.done();
        this.pump();
      },
      refund: (n) => {
        for (const [window, entry] of entries) window.refund(entry, n);
        slices?.refund(n);
        this.pump();
      },
    });
  }
}

/** What background work keeps of the project's window however busy the clicks: half its share. */
export function backgroundFloor(backgroundShare: number): number {
  return Math.max(1, Math.floor(backgroundShare / 2));
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
