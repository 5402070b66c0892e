/**
 * A per-user budget for activity-log writes. Every write action records one entry per item it
 * touched, so without a budget any signed-in user could fill the log (and the database) with
 * refused attempts. An action reserves its entries before it starts; a user over budget is
 * refused before Classroom is called, so the log stays complete for everything that happened.
 *
 * Kept in this process's memory: with several app instances each holds its own budget, which
 * bounds a user at (instances × budget), still far below what the finding showed.
 */
export const ACTIVITY_WINDOW_MS = 60_000;

/**
 * Entries per user per minute. Staff: two full bulk runs (1,000 rows each) a minute. Students
 * write only accepts and declines: one "accept all" of 100 a minute, plus a few single ones.
 */
export const ACTIVITY_BUDGET = { staff: 2_000, student: 120 } as const;

export type ActivityBudgetKind = keyof typeof ACTIVITY_BUDGET;

type Window = { start: number; used: number };

export class ActivityLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly budget: Readonly<Record<ActivityBudgetKind, number>> = ACTIVITY_BUDGET,
  ) {}

  /** Reserves `entries` for this user; false (and nothing reserved) when they would exceed the budget. */
  reserve(userId: string, kind: ActivityBudgetKind, entries: number): boolean {
    const now = this.now();
    let w = this.windows.get(userId);
    if (!w || now - w.start >= ACTIVITY_WINDOW_MS) {
      w = { start: now, used: 0 };
      this.windows.set(userId, w);
      this.sweep(now);
    }
    if (w.used + entries > this.budget[kind]) return false;
    w.used += entries;
    return true;
  }

  /** Forgets windows that have ended, so the map holds only this minute's users. */
  private sweep(now: number) {
    if (this.windows.size < 1_000) return;
    for (const [id, w] of this.windows) if (now - w.start >= ACTIVITY_WINDOW_MS) this.windows.delete(id);
  }
}

let limiter = new ActivityLimiter();

export function activityLimiter(): ActivityLimiter {
  return limiter;
}

/** For tests: a limiter with its own clock or budget (undefined restores the default). */
export function setActivityLimiter(next: ActivityLimiter | undefined): void {
  limiter = next ?? new ActivityLimiter();
}
