/**
 * What the browser sees of a job: plain JSON (dates as ISO strings), no server-only imports,
 * so the Jobs pages and their tests share one shape and one set of words. A failed row arrives
 * with its sentence (failures.ts), so the whole error table stays out of the browser. Whether a
 * job is still active, and how many rows are settled, are active.ts's: every page's navigation
 * loads those without these words.
 */
export type JobStateName = "queued" | "running" | "waiting" | "paused" | "done" | "failed" | "cancelled";
export type ItemStateName = "pending" | "sending" | "done" | "failed" | "cancelled";

export interface JobDto {
  id: string;
  kind: "invite" | "revoke" | "change-role" | "resend" | "roster-sync";
  creatorEmail: string;
  state: JobStateName;
  pauseReason: "user" | "reauth" | null;
  waitUntil: string | null;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  counts: Record<ItemStateName, number>;
  /** Failed rows whose failure was transient: what "Retry failed rows" sends again. */
  retryableFailed: number;
}

export interface JobItemDto {
  seq: number;
  courseId: string;
  /** The class's name, when the viewer's class list has it; the id stands in otherwise. */
  courseName: string | null;
  invitee: string;
  role: string | null;
  invitationId: string | null;
  state: ItemStateName;
  outcome: string | null;
  errorCode: string | null;
  /** A failed row's reason in words. */
  message: string | null;
  retryable: boolean;
}

export interface ScheduleDto {
  remaining: number;
  perWindow: number;
  windowSeconds: number;
  slots: { at: string; count: number }[];
}

export const JOB_KIND_LABELS: Record<JobDto["kind"], string> = {
  invite: "Bulk invite",
  revoke: "Bulk revoke",
  "change-role": "Change role",
  resend: "Resend",
  "roster-sync": "Roster sync",
};

/** The state in words; a waiting job says until when, a paused one why. */
export function describeState(job: Pick<JobDto, "state" | "pauseReason" | "waitUntil">, now = new Date()): string {
  switch (job.state) {
    case "queued":
      return "Queued";
    case "running":
      return "Running";
    case "waiting":
      return job.waitUntil
        ? `Waiting for the daily limit until ${formatWhen(new Date(job.waitUntil), now)}`
        : "Waiting for the daily limit";
    case "paused":
      return job.pauseReason === "reauth" ? "Paused: the creator must sign in again" : "Paused";
    case "done":
      return "Done";
    case "failed":
      return "Failed";
    case "cancelled":
      return "Cancelled";
  }
}

/** "today 14:05", "tomorrow 09:00", "Wednesday 09:00", or a date further out. */
export function formatWhen(at: Date, now = new Date()): string {
  const time = at.toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(at) - day(now)) / 86_400_000);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  if (days > 1 && days < 7) return `${at.toLocaleDateString("en-US", { weekday: "long" })} ${time}`;
  return `${at.toLocaleDateString("en-US", { month: "short", day: "numeric" })} ${time}`;
}

/**
 * The preview's schedule in one line, for example "Now 312 (your remaining budget), tomorrow
 * 09:00 500, Wednesday 09:00 188". Slots are merged by the day they fall on when that reads better.
 */
export function describeSchedule(schedule: ScheduleDto, now = new Date()): string {
  return schedule.slots
    .map((slot, i) =>
      i === 0 && new Date(slot.at).getTime() <= now.getTime() + 1_000
        ? `now ${slot.count.toLocaleString("en-US")} (your remaining budget)`
        : `${formatWhen(new Date(slot.at), now)} ${slot.count.toLocaleString("en-US")}`,
    )
    .join(", ");
}

export const ITEM_OUTCOME_LABELS: Record<string, string> = {
  created: "Invited",
  "already-invited": "Already invited",
  revoked: "Revoked",
  "already-gone": "Already gone",
  "role-changed": "Role changed",
  resent: "Resent",
  restored: "The original invitation was restored.",
  removed: "The person has no invitation now: invite them again.",
  gone: "The invitation was already gone: accepted, declined or revoked.",
  accepted: "The person has joined the class meanwhile.",
  "member-added": "Added directly",
  "already-member": "Already in the class",
  "member-removed": "Removed from the class",
  "not-a-member": "Not in the class any more",
};
