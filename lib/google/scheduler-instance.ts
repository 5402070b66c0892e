// The process-wide scheduler, and the environment it is built from.
import type { SharedBudget } from "./quota-leases";
import { QuotaScheduler } from "./scheduler";
import type { SchedulerConfig } from "./scheduler-config";

const schedulerKey = Symbol.for("classroom-invitations.quota-scheduler");
type Holder = { [schedulerKey]?: QuotaScheduler };

/** Read lazily so that importing this module never reads the environment. */
let configSource: () => Partial<SchedulerConfig> = () => ({});
let budgetSource: (windowMs: number) => SharedBudget | undefined = () => undefined;

/**
 * lib/google/client.ts wires the environment in (keeps this module free of server-only imports):
 * the limits, and the budget shared with other instances when the database is Postgres.
 */
export function setSchedulerConfigSource(
  source: () => Partial<SchedulerConfig>,
  shared?: (windowMs: number) => SharedBudget | undefined,
): void {
  configSource = source;
  if (shared) budgetSource = shared;
}

/**
 * One scheduler per server process, shared through globalThis because Next may load this
 * module in several bundles (route handlers, actions, RSC) and they must share one budget.
 */
export function getScheduler(): QuotaScheduler {
  const g = globalThis as Holder;
  if (!g[schedulerKey]) {
    const scheduler = new QuotaScheduler(configSource());
    const budget = budgetSource(scheduler.config.windowMs);
    if (budget) scheduler.share(budget);
    g[schedulerKey] = scheduler;
  }
  return g[schedulerKey];
}

/** Replaces the process-wide scheduler (tests, the bench); `undefined` rebuilds it from config. */
export function setScheduler(scheduler: QuotaScheduler | undefined): void {
  const g = globalThis as Holder;
  if (scheduler) g[schedulerKey] = scheduler;
  else delete g[schedulerKey];
}
