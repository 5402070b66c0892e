import "server-only";
// The write actions' activity log: every entry is built from what the server checked (the
// session's user, classes and invitations read from Classroom), never from what the browser
// sent, and each action reserves its entries against the user's budget before it starts.
import { recordActivityBestEffort, type ActivityAction, type ActivityEntry } from "@/lib/activity/log";
export { courseFields } from "@/lib/activity/log";
import { activityLimiter } from "@/lib/activity/limit";
import type { CurrentUser } from "@/lib/auth/session";
import { toAppError } from "@/lib/classroom/errors";

import { ActionFailure } from "./safe-action";

const TOO_FAST = "You are making changes faster than the activity log accepts. Wait a minute and try again.";

/** Reserves `count` log entries for this user, or refuses the action before anything happens. */
export function reserveActivity(user: CurrentUser, count: number): void {
  const kind = user.role === "student" ? "student" : "staff";
  if (!activityLimiter().reserve(user.id, kind, count)) throw new ActionFailure("RATE_LIMITED", TOO_FAST);
}

export function activityEntry(
  user: CurrentUser,
  action: ActivityAction,
  fields: Partial<ActivityEntry> = {},
): ActivityEntry {
  return {
    courseId: null,
    invitee: null,
    role: null,
    outcome: "ok",
    ...fields,
    actor: { id: user.id, email: user.email },
    action,
  };
}

/** The code a thrown failure is logged under (our refusals keep theirs). */
export function errorCodeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof ActionFailure || code === "FORBIDDEN" ? String(code) : toAppError(e).code;
}

/**
 * Runs one write and logs its outcome. `entry` may be filled in while the write runs (the
 * verified class, the invitation made); a failure is logged with its code and rethrown.
 */
export async function logged<T>(entry: ActivityEntry, write: () => Promise<T>): Promise<T> {
  try {
    const value = await write();
    await recordActivityBestEffort({ ...entry, outcome: "ok", errorCode: null });
    return value;
  } catch (e) {
    const existing = (e as { existing?: { id?: string } } | null)?.existing?.id;
    await recordActivityBestEffort({
      ...entry,
      outcome: "error",
      errorCode: errorCodeOf(e),
      invitationId: existing ?? entry.invitationId ?? null,
    });
    throw e;
  }
}
