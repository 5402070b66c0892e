// The time source and the sliding-window log the quota scheduler budgets with. Google checks
// its quotas "on a 60-second moving average" (docs/classroom-api.md, "Quotas"), so a log of
// (time, cost) pairs is the model that matches it.

export interface Clock {
  now(): number;
  /** Returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export interface WindowEntry {
  at: number;
  cost: number;
}

/** A sliding-window log of (time, cost), oldest first. */
export class SlidingWindow {
  private entries: WindowEntry[] = [];
  used = 0;

  prune(now: number, windowMs: number): void {
    let drop = 0;
    while (drop < this.entries.length && this.entries[drop]!.at + windowMs <= now) {
      this.used -= this.entries[drop]!.cost;
      drop++;
    }
    if (drop) this.entries.splice(0, drop);
  }

  /** The earliest time at which `cost` more fits under `limit` (now if it fits already). */
  fitsAt(now: number, windowMs: number, limit: number, cost: number): number {
    this.prune(now, windowMs);
    let excess = this.used + cost - limit;
    if (excess <= 0) return now;
    for (const e of this.entries) {
      excess -= e.cost;
      if (excess <= 0) return e.at + windowMs;
    }
    return now + windowMs; // unreachable while cost <= limit
  }

  add(entry: WindowEntry): void {
    this.used += entry.cost;
    this.insert(entry);
  }

  /** Moves an entry to a later time (when its request completed), keeping the log sorted. */
  restamp(entry: WindowEntry, at: number): void {
    const i = this.entries.indexOf(entry);
    if (i < 0) return; // already expired
    this.entries.splice(i, 1);
    entry.at = Math.max(entry.at, at);
    this.insert(entry);
  }

  refund(entry: WindowEntry, n: number): void {
    const k = Math.min(n, entry.cost);
    if (k <= 0 || !this.entries.includes(entry)) return;
    entry.cost -= k;
    this.used -= k;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  private insert(entry: WindowEntry): void {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.at > entry.at) i--;
    this.entries.splice(i, 0, entry);
  }
}
