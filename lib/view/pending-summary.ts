import type { InvitationItem } from "./invitations";

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Home's pending invitations at a glance, over the classes the viewer manages. */
export type PendingSummary = {
  pending: number;
  /** When the dashboard first saw the oldest pending invitation; null when none (or unknown). */
  oldestFirstSeenAt: string | null;
  /** Pending invitations first seen in the last 7 days. */
  lastWeek: number;
  /** Some classes could not be listed: the numbers are a lower bound. */
  partial: boolean;
};

export function summarizePending(
  invitations: readonly Pick<InvitationItem, "firstSeenAt">[],
  now = Date.now(),
): Omit<PendingSummary, "partial"> {
  let oldest: string | null = null;
  let lastWeek = 0;
  for (const { firstSeenAt } of invitations) {
    if (!firstSeenAt) continue;
    if (oldest === null || firstSeenAt < oldest) oldest = firstSeenAt;
    if (now - Date.parse(firstSeenAt) <= WEEK_MS) lastWeek++;
  }
  return { pending: invitations.length, oldestFirstSeenAt: oldest, lastWeek };
}
