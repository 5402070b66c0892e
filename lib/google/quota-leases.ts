// Quota budgets shared by every app instance on one Postgres, without a database round trip
// per Google call (docs/DEPLOY.md, "Shared quota").
//
// Each instance leases slices of a budget (the Cloud project's, a user's) from the
// `quota_leases` table, spends them locally for a short while (`sliceMs`), then settles each
// slice with what it actually spent and when its last call finished. A grant is made only if
// every slice that could share a moving window with it, that is every slice still open or
// settled less than one window ago, leaves room: a slice counts in full while open and with
// what it spent once settled. An open slice of an instance that died counts in full until its
// `ends_at` (the spending time plus a grace for calls still in flight) and one window more.
//
// Background slices are also paced: granted only while every instance's background slices of
// the last `paceMs` hold less than the background cap's share of that time, so that a job
// streams at its share instead of taking the window's 80 % in one burst and leaving clicks on
// every instance only the 20 % reserve for the rest of the minute.
//
// The instances must run with the same quota settings: each grant is checked against the
// limit the asking instance sends.
//
// No `server-only` import: the Vitest suites drive it with two schedulers on one Postgres.
import { randomUUID } from "node:crypto";
import type { Priority } from "./lanes";
import { deleteOldLeases, leaseSlices, settleSlice, type LeaseDb, type Want } from "./quota-lease-sql";

export interface SharedBudgetOptions {
  /** Names this instance's rows (for monitoring and for a test to tell instances apart). */
  instanceId?: string;
  /** How long a slice may be spent from; then it is settled. Default: a thirtieth of the window, at most 2 s. */
  sliceMs?: number;
  /**
   * After its spending time a slice stays counted in full this long unless settled (a crash):
   * the longest a call admitted under it may still be running. Default 15 s, lib/google's request timeout.
   */
  graceMs?: number;
  /** Wait before asking again after a refusal (the budget was spent by others). Default: `sliceMs`, at most 1 s. */
  retryMs?: number;
  /**
   * Background work may lease at most its share of the window over any stretch this long
   * (default: a sixth of the window), so a job never takes a whole window's budget in one burst
   * and the interactive lane finds room on every instance all along. Default: `windowMs / 6`.
   */
  paceMs?: number;
  /** Reports a failed lease query (the budget then waits and asks again). */
  onError?: (e: unknown) => void;
}

/** Wants are kept per scope and lane: a background want merged into an interactive one would get a slice background may not spend. */
const wantKey = (scope: string, lane: Priority) => `${lane} ${scope}`;

interface Slice {
  id: string;
  scope: string;
  lane: Priority;
  left: number;
  spent: number;
  inFlight: number;
  /** Local time after which nothing more is spent from it. */
  validUntil: number;
  settled: boolean;
}

/** What one admitted request took from the slices of its scopes. */
export interface SliceUse {
  /** `n` units were refused by Google (not counted there): they are not reported as spent. */
  refund(n: number): void;
  /** The request finished: a slice past its time settles once its last request is done. */
  done(): void;
}

const CLEANUP_EVERY_MS = 60_000;

export class SharedBudget {
  readonly instanceId: string;
  readonly windowMs: number;
  readonly sliceMs: number;
  private readonly graceMs: number;
  private readonly retryMs: number;
  private readonly paceMs: number;
  private readonly slices = new Map<string, Slice[]>();
  private wants = new Map<string, Want>();
  private asking = false;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private lastCleanup = 0;
  private closed = false;
  private listener: () => void = () => undefined;
  /** Settlements still being written, so that `close` can wait for them. */
  private readonly writes = new Set<Promise<unknown>>();
  private readonly counters = { rounds: 0, granted: 0, spent: 0, refused: 0 };

  constructor(
    private readonly db: LeaseDb,
    windowMs: number,
    private readonly options: SharedBudgetOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.windowMs = windowMs;
    this.sliceMs = options.sliceMs ?? Math.max(50, Math.min(2_000, Math.floor(windowMs / 30)));
    this.graceMs = options.graceMs ?? 15_000;
    this.retryMs = options.retryMs ?? Math.min(1_000, this.sliceMs);
    this.paceMs = options.paceMs ?? Math.max(this.sliceMs, Math.floor(windowMs / 6));
  }

  /** Called when slices arrive or a refused round may be tried again (the scheduler pumps). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** The size of a slice worth asking for when demand is high: one slice's time at the full rate. */
  sliceSize(limit: number): number {
    return Math.max(1, Math.ceil((limit * this.sliceMs) / this.windowMs));
  }

  /** Units of `scope` spendable now by `lane` (background spends only slices leased within its cap). */
  available(scope: string, lane: Priority): number {
    const now = Date.now();
    let n = 0;
    for (const s of this.slices.get(scope) ?? []) {
      if (this.spendable(s, lane, now)) n += s.left;
    }
    return n;
  }

  /**
   * Asks for `amount` more of `scope` in the next lease round, filling the shared window at most
   * to `cap` (the lane's share of `limit`). A background grant smaller than `need` is not made
   * (it could not be spent); an interactive one may be. Rounds run one at a time; wants made
   * meanwhile are merged into the next one, and a scope wanted by both lanes is asked for by
   * the interactive lane first and by the background lane in the round after.
   */
  want(scope: string, amount: number, cap: number, lane: Priority, need = 1, limit = cap): void {
    if (this.closed) return;
    const key = wantKey(scope, lane);
    const prev = this.wants.get(key);
    this.wants.set(key, {
      scope,
      amount: Math.max(amount, prev?.amount ?? 0),
      need: lane === "interactive" ? 1 : Math.max(need, prev?.need ?? 1),
      cap: Math.max(cap, prev?.cap ?? 0),
      limit: Math.max(limit, prev?.limit ?? 0),
      lane,
    });
    if (!this.asking && !this.retryTimer) void this.round();
  }

  /** Takes `cost` from each scope's slices (the caller checked `available`). */
  spend(scopes: readonly string[], cost: number, lane: Priority): SliceUse {
    const now = Date.now();
    const taken: { slice: Slice; n: number }[] = [];
    for (const scope of scopes) {
      let need = cost;
      const list = (this.slices.get(scope) ?? []).filter((s) => this.spendable(s, lane, now));
      list.sort((a, b) => a.validUntil - b.validUntil);
      for (const s of list) {
        if (need <= 0) break;
        const n = Math.min(need, s.left);
        s.left -= n;
        s.spent += n;
        s.inFlight++;
        need -= n;
        taken.push({ slice: s, n });
      }
      if (need > 0) throw new Error(`quota slice overdrawn for ${scope}`);
    }
    this.counters.spent += cost;
    let finished = false;
    return {
      refund: (n) => {
        for (const t of taken) {
          const k = Math.min(n, t.n);
          t.slice.spent -= k;
          t.n -= k;
        }
      },
      done: () => {
        if (finished) return;
        finished = true;
        for (const t of taken) {
          t.slice.inFlight--;
          if (t.slice.validUntil <= Date.now()) this.settle(t.slice);
        }
      },
    };
  }

  stats() {
    let open = 0;
    for (const list of this.slices.values()) open += list.filter((s) => !s.settled).length;
    return { ...this.counters, openSlices: open };
  }

  /**
   * Stops leasing and settles every slice at what it spent (graceful shutdown: call it once
   * in-flight requests are done, so that the rest of the budget goes back to the other
   * instances now rather than after the grace).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.wants.clear();
    for (const list of this.slices.values()) for (const s of list) this.settle(s, true);
    await Promise.allSettled([...this.writes]);
  }

  private spendable(s: Slice, lane: Priority, now: number): boolean {
    return !s.settled && s.left > 0 && s.validUntil > now && (lane === "interactive" || s.lane === "background");
  }

  /** One lease round: every scope wanted so far, in one transaction. */
  private async round(): Promise<void> {
    if (this.closed || this.wants.size === 0) return;
    // One want per scope in a round (the grants of one statement see the same window): the
    // interactive lane's; a background want of the same scope waits for the next round.
    const picked = new Map<string, Want>();
    const later = new Map<string, Want>();
    for (const [key, w] of this.wants) {
      const other = picked.get(w.scope);
      if (!other) picked.set(w.scope, w);
      else if (w.lane === "interactive") {
        later.set(wantKey(other.scope, other.lane), other);
        picked.set(w.scope, w);
      } else later.set(key, w);
    }
    const wants = [...picked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.wants = later;
    this.asking = true;
    this.counters.rounds++;
    let refused = false;
    try {
      const sentAt = Date.now();
      const rows = await this.lease(wants);
      const validUntil = sentAt + this.sliceMs;
      const got = new Set<string>();
      for (const r of rows) {
        const lane = wants.find(([scope]) => scope === r.scope)![1].lane;
        const slice: Slice = {
          id: String(r.id),
          scope: r.scope,
          lane,
          left: r.granted,
          spent: 0,
          inFlight: 0,
          validUntil,
          settled: false,
        };
        const list = this.slices.get(r.scope) ?? [];
        list.push(slice);
        this.slices.set(r.scope, list);
        this.counters.granted += r.granted;
        got.add(r.scope);
        setTimeout(() => {
          if (slice.inFlight === 0) this.settle(slice);
        }, this.sliceMs).unref?.();
      }
      refused = got.size < wants.length;
      if (refused) this.counters.refused++;
      // Scopes that got nothing are asked for again after a pause, not in a tight loop.
      for (const [scope, w] of wants) if (!got.has(scope)) this.requeue(scope, w);
      this.maybeCleanup();
    } catch (e) {
      this.options.onError?.(e);
      for (const [scope, w] of wants) this.requeue(scope, w);
      refused = true;
    } finally {
      this.asking = false;
    }
    if (refused && this.wants.size > 0) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        // The scheduler re-states what it still needs when it pumps.
        this.wants.clear();
        this.listener();
        if (this.wants.size > 0 && !this.asking) void this.round();
      }, this.retryMs);
      this.retryTimer.unref?.();
    } else if (this.wants.size > 0) {
      void this.round();
    }
    this.listener();
  }

  private requeue(_scope: string, w: Want): void {
    const key = wantKey(w.scope, w.lane);
    if (!this.wants.has(key)) this.wants.set(key, w);
  }

  /** Grants each wanted scope what fits, in one transaction (quota-lease-sql.ts). */
  private lease(wants: [string, Want][]) {
    return leaseSlices(this.db, wants, {
      windowMs: this.windowMs,
      instanceId: this.instanceId,
      sliceMs: this.sliceMs,
      graceMs: this.graceMs,
      retryMs: this.retryMs,
      paceMs: this.paceMs,
    });
  }

  /** Records what a slice spent, stamped now (after its last request): the rest goes back. */
  private settle(slice: Slice, force = false): void {
    if (slice.settled || (!force && slice.inFlight > 0)) return;
    slice.settled = true;
    slice.left = 0;
    const list = this.slices.get(slice.scope);
    if (list) {
      const rest = list.filter((s) => s !== slice);
      if (rest.length) this.slices.set(slice.scope, rest);
      else this.slices.delete(slice.scope);
    }
    const write = settleSlice(this.db, slice.id, Math.max(0, slice.spent))
      .catch((e: unknown) => this.options.onError?.(e))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
    // Budget handed back may let a refused scope in sooner.
    this.listener();
  }

  /** Drops rows no window can see any more, at most once a minute per instance. */
  private maybeCleanup(): void {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    void deleteOldLeases(this.db, this.windowMs).catch((e: unknown) => this.options.onError?.(e));
  }
}

/** The scope names in `quota_leases`. */
export const CLIENT_SCOPE = "client";
export const userScope = (key: string): string => `per-user:${key}`;
