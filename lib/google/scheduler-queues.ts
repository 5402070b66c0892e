// The scheduler's waiting side: each user's two lanes of waiting requests, the state kept per
// user while they have any (their window, holds and learned limit), the rotation of users with
// something queued, and the one timer for the next chance to admit. The admission itself (which
// head fits which window, and when) is scheduler.ts's.
import type { Priority } from "./lanes";
import type { Lease } from "./scheduler-config";
import { SlidingWindow, type Clock } from "./sliding-window";

export interface Waiter {
  key: string;
  cost: number;
  priority: Priority;
  enqueuedAt: number;
  resolve: (lease: Lease) => void;
  reject: (reason: unknown) => void;
  cleanup: () => void;
}

export interface UserState {
  /** Interactive requests, FIFO. */
  queue: Waiter[];
  /** Background requests, FIFO; served only while `queue` is empty. */
  background: Waiter[];
  window: SlidingWindow;
  inFlight: number;
  blockedUntil: number;
  learned?: { limit: number; until: number };
  /** Sequence number of the last admission; 0 = never. */
  lastServed: number;
}

export class WaitQueues {
  private readonly users = new Map<string, UserState>();
  /** Users with queued requests, in arrival order. */
  private order: string[] = [];
  private served = 0;

  /** The user's state, if the scheduler still holds any. */
  get(key: string): UserState | undefined {
    return this.users.get(key);
  }

  /** The user's state, created on first use. */
  state(key: string): UserState {
    let st = this.users.get(key);
    if (!st) {
      st = { queue: [], background: [], window: new SlidingWindow(), inFlight: 0, blockedUntil: 0, lastServed: 0 };
      this.users.set(key, st);
    }
    return st;
  }

  /** Whether any user has a request waiting. */
  get waiting(): boolean {
    return this.order.length > 0;
  }

  /** Users with something queued, with their state, in arrival order. */
  *rotation(): Generator<[string, UserState]> {
    for (const key of this.order) yield [key, this.users.get(key)!];
  }

  /** Queues `waiter` in its lane; an abort before admission takes it out again and calls `onAbort`. */
  enqueue(waiter: Waiter, signal: AbortSignal | undefined, onAbort: () => void): void {
    const st = this.state(waiter.key);
    const lane = waiter.priority === "background" ? st.background : st.queue;
    if (signal) {
      const abort = () => {
        const i = lane.indexOf(waiter);
        if (i >= 0) lane.splice(i, 1);
        onAbort();
      };
      signal.addEventListener("abort", abort, { once: true });
      waiter.cleanup = () => signal.removeEventListener("abort", abort);
    }
    lane.push(waiter);
    if (!this.order.includes(waiter.key)) this.order.push(waiter.key);
  }

  /** Takes `head` off the front of its lane for admission; its user goes to the back of the rotation. */
  take(st: UserState, head: Waiter): void {
    (head.priority === "background" ? st.background : st.queue).shift();
    st.lastServed = ++this.served;
    if (pending(st) === 0) this.order = this.order.filter((k) => k !== head.key);
  }

  /** The cost waiting in both of the user's lanes. */
  queuedCost(st: UserState): number {
    return [...st.queue, ...st.background].reduce((n, w) => n + w.cost, 0);
  }

  /** The cost waiting in every user's lanes. */
  totalQueuedCost(): number {
    let queued = 0;
    for (const other of this.users.values()) queued += this.queuedCost(other);
    return queued;
  }

  /** How many requests wait, over all users and lanes. */
  count(): number {
    let queued = 0;
    for (const st of this.users.values()) queued += pending(st);
    return queued;
  }

  /** Drops users with nothing queued from the rotation, and forgets idle users (bounded memory). */
  prune(now: number, windowMs: number): void {
    this.order = this.order.filter((key) => pending(this.users.get(key)) > 0);
    for (const [key, st] of this.users) {
      st.window.prune(now, windowMs);
      if (
        pending(st) === 0 &&
        st.inFlight === 0 &&
        st.window.empty &&
        !(st.blockedUntil > now) &&
        !(st.learned && st.learned.until > now)
      ) {
        this.users.delete(key);
      }
    }
  }
}

/** One timer for the next chance to admit, re-armed only when that moment changes. */
export class WakeTimer {
  private cancel?: () => void;
  private at = Infinity;
  private readonly clock: Clock;
  private readonly onWake: () => void;

  constructor(clock: Clock, onWake: () => void) {
    this.clock = clock;
    this.onWake = onWake;
  }

  /** Wakes at `at` (a clock time) instead of whenever was set before; Infinity: not at all. */
  set(at: number): void {
    if (at === this.at) return;
    this.cancel?.();
    this.cancel = undefined;
    this.at = at;
    if (!Number.isFinite(at)) return;
    this.cancel = this.clock.setTimeout(
      () => {
        this.cancel = undefined;
        this.at = Infinity;
        this.onWake();
      },
      Math.max(0, at - this.clock.now()),
    );
  }
}

function pending(st: UserState | undefined): number {
  return st ? st.queue.length + st.background.length : 0;
}
