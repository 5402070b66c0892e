/**
 * The daily invitation cap, planned ahead. Pure: given when a sender's recent invitations went
 * out, it says how many more may go out now and when the next ones may. Google counts the cap
 * per sender over a rolling window (docs/jobs.md), so a slot frees up exactly one window after
 * the invitation that used it.
 */
export interface Budget {
  /** Invitations a sender may create per window (CLASSROOM_INVITATIONS_PER_DAY). */
  perWindow: number;
  windowMs: number;
}

export interface ScheduleSlot {
  /** When this many invitations may go out (the first slot is "now"). */
  at: Date;
  count: number;
}

/** Sent times still inside the window at `now`, oldest first. */
export function inWindow(sentAt: readonly number[], budget: Budget, now: number): number[] {
  return sentAt.filter((t) => t > now - budget.windowMs).sort((a, b) => a - b);
}

/** How many may be sent at `now`. */
export function remainingAt(sentAt: readonly number[], budget: Budget, now: number): number {
  return Math.max(0, budget.perWindow - inWindow(sentAt, budget, now).length);
}

/**
 * How long after a slot frees the job waits before using it. Each ledger row is stamped when
 * Google's answer arrived, after Google counted the invitation, and both ends of the window are
 * read on our clock, so an offset between our clock and Google's cancels out. What is left is
 * our clock running fast over one window (an undisciplined clock drifts up to about 100 ppm):
 * a slack proportional to the window, 8.6 s for a day, and a few milliseconds at least.
 */
export function rollSlackMs(budget: Budget): number {
  return Math.max(MIN_ROLL_SLACK_MS, Math.ceil(budget.windowMs * 1e-4));
}
const MIN_ROLL_SLACK_MS = 50;

/** When the next invitation may be sent: `now` if the budget is not spent, else when the oldest slot frees. */
export function nextSlotAt(sentAt: readonly number[], budget: Budget, now: number): number {
  const live = inWindow(sentAt, budget, now);
  if (live.length < budget.perWindow) return now;
  // The slot that must free for one more to fit: the (excess + 1)-th oldest.
  return live[live.length - budget.perWindow]! + budget.windowMs;
}

/**
 * When `count` invitations would go out, sent as fast as the budget allows: the first slot is
 * what is left now, each next one what frees up as earlier invitations age out of the window.
 */
export function planSchedule(
  sentAt: readonly number[],
  count: number,
  budget: Budget,
  now: number,
  maxSlots = 1_000,
): ScheduleSlot[] {
  const live = inWindow(sentAt, budget, now);
  const slots: ScheduleSlot[] = [];
  let left = count;
  let t = now;
  while (left > 0 && slots.length < maxSlots) {
    while (live.length > 0 && live[0]! <= t - budget.windowMs) live.shift();
    const free = budget.perWindow - live.length;
    if (free > 0) {
      const n = Math.min(free, left);
      slots.push({ at: new Date(t), count: n });
      for (let i = 0; i < n; i++) live.push(t);
      left -= n;
    }
    if (left > 0) t = live[live.length - budget.perWindow]! + budget.windowMs;
  }
  return slots;
}
