// The scheduler's limits and the lease and stats it hands out. No server-only imports: the bench
// drives the scheduler from plain Node.

export interface SchedulerConfig {
  /** Google: 1,200 per user per minute. */
  perUserPerWindow: number;
  /** Google: 3,000 per client (Cloud project) per minute, shared by every user of the deployment. */
  perClientPerWindow: number;
  windowMs: number;
  /** Fraction of each limit actually used, (0, 1]. Default 0.9. */
  headroom: number;
  /** Outer HTTP requests in flight at once on this server (a /batch is one). */
  maxConcurrency: number;
  /** How long a limit learned from a 429 stays in force. */
  learnedLimitMs: number;
  /**
   * Share of each budget (user and client) that background work may not use, [0, 1): kept
   * for the user's interactive requests. Default 0.2.
   */
  interactiveReserve: number;
}

export const SCHEDULER_DEFAULTS: SchedulerConfig = {
  perUserPerWindow: 1_200,
  perClientPerWindow: 3_000,
  windowMs: 60_000,
  headroom: 0.9,
  maxConcurrency: 16,
  learnedLimitMs: 60_000,
  interactiveReserve: 0.2,
};

export interface Lease {
  /** The request finished (or failed). Its cost stays in the windows, stamped now. */
  release(): void;
  /** `n` of the parts were refused (429) and so did not count against Google's quota. */
  refund(n: number): void;
}

export interface SchedulerStats {
  inFlight: number;
  queued: number;
  /** Requests admitted, and the cost they carried. */
  admitted: number;
  admittedCost: number;
  /** 429s reported through `penalize`. */
  rateLimited: number;
  /** Total time requests spent queued, ms. */
  waitedMs: number;
}
