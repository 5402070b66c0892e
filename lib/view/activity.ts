/** The activity log as data: its entries, its filters and the one parser of its URL. */
import {
  ACTIVITY_ACTIONS,
  CLASSROOM_ID_PATTERN,
  ROLE_LABELS,
  type ActivityActionName,
  type InvitationRole,
} from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { APP_ERRORS, type AppErrorCode } from "@/lib/classroom/errors";
import { NOT_YOURS } from "@/lib/invitation-messages";

import type { CsvColumn } from "./csv";

export { ACTIVITY_ACTIONS, type ActivityActionName } from "@/lib/concepts";

export const ACTIVITY_ACTION_LABELS: Record<ActivityActionName, string> = {
  "invitation.create": "Invited",
  "invitation.revoke": "Revoked",
  "invitation.change_role": "Changed role",
  "invitation.resend": "Resent",
  "invitation.accept": "Accepted",
  "invitation.decline": "Declined",
  "bulk.invite": "Bulk invite",
  "bulk.revoke": "Bulk revoke",
  "member.add": "Added directly",
  "member.remove": "Removed from class",
};

export type ActivityEntryView = {
  id: string;
  at: string;
  actorEmail: string;
  action: string;
  courseId: string | null;
  courseName: string | null;
  invitee: string | null;
  role: string | null;
  invitationId: string | null;
  outcome: "ok" | "error";
  errorCode: string | null;
  batchId: string | null;
  /** A run (bulk chunks or a job) shown as one entry: how many rows it holds, how many succeeded. */
  run?: { count: number; ok: number };
};

export type ActivityPage = { entries: ActivityEntryView[]; nextBefore: string | null; scope: "admin" | "teacher" };

export type ActivitySearch = {
  action?: string;
  outcome?: "ok" | "error";
  q?: string;
  actor?: string;
  course?: string;
  /** Calendar days, YYYY-MM-DD (UTC), both included. */
  from?: string;
  to?: string;
  before?: string;
};

type ParamSource = { get(name: string): string | null };

/** One parser for the page URL, the route handler and the server prefetch, so keys match. */
/** Control characters have no place in a search; Postgres also refuses U+0000 in text. */
const text = (v: string | null) => (v ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();

export function parseActivitySearch(params: ParamSource): ActivitySearch {
  const out: ActivitySearch = {};
  const action = params.get("action") ?? "";
  if ((ACTIVITY_ACTIONS as readonly string[]).includes(action)) out.action = action;
  const outcome = params.get("outcome") ?? "";
  if (outcome === "ok" || outcome === "error") out.outcome = outcome;
  const q = text(params.get("q")).slice(0, 200);
  if (q) out.q = q;
  const actor = text(params.get("actor")).toLowerCase().slice(0, 200);
  if (actor) out.actor = actor;
  const course = (params.get("course") ?? "").trim();
  // The log stores canonical class ids, so an alias could never match.
  if (CLASSROOM_ID_PATTERN.test(course)) out.course = course;
  for (const key of ["from", "to"] as const) {
    const day = params.get(key) ?? "";
    // A round trip refuses days that don't exist (2026-02-31), which Postgres would reject.
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && isoDay(day) === day) out[key] = day;
  }
  const before = params.get("before") ?? "";
  if (/^\d{1,18}$/.test(before)) out.before = before;
  return out;
}

function isoDay(day: string): string | null {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

export function toActivitySearchParams(search: ActivitySearch): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v) out.set(k, v);
  return out;
}

/** Logged codes that are ours rather than Classroom's, with the sentence their refusal carried. */
const OWN_CODES: Record<string, string> = {
  FORBIDDEN: NOT_YOURS,
  VALIDATION: "Some of the input was not valid.",
  SIGNED_OUT: "The person was signed out.",
  REAUTH_REQUIRED: "The person's Google sign-in had expired or was revoked.",
};

/**
 * What happened, as a sentence: a run's counts, or the logged code's text from the one owner of
 * each error sentence (the error table), never the raw code.
 */
export function activityOutcomeText(e: Pick<ActivityEntryView, "outcome" | "errorCode" | "run" | "action">): string {
  if (e.run) {
    const failed = e.run.count - e.run.ok;
    if (failed === 0) return e.run.count === 1 ? "Succeeded." : `All ${countText(e.run.count, "row")} succeeded.`;
    if (e.run.ok === 0 && e.run.count > 1) return `All ${countText(e.run.count, "row")} failed.`;
    if (e.run.count === 1) return errorText(e.errorCode);
    return `${e.run.ok} of ${countText(e.run.count, "row")} succeeded; ${failed} failed.`;
  }
  if (e.outcome === "ok") {
    const revoke = e.action === "invitation.revoke" || e.action === "bulk.revoke";
    return revoke && e.errorCode === "NOT_FOUND"
      ? "Nothing to revoke: it had already been accepted, revoked or replaced."
      : "Succeeded.";
  }
  return errorText(e.errorCode);
}

function errorText(code: string | null): string {
  if (code && code in APP_ERRORS) return APP_ERRORS[code as AppErrorCode].message;
  return (code && OWN_CODES[code]) ?? "It failed for a reason the dashboard could not name.";
}

/** "TEACHER→OWNER" → "Co-teacher → Owner"; an unknown role is shown as stored. */
export const activityRoleText = (role: string) =>
  role
    .split("→")
    .map((r) => ROLE_LABELS[r as InvitationRole] ?? r)
    .join(" → ");

/** The log's CSV: one line per entry (runs expanded), with the outcome as a sentence and its code. */
export const ACTIVITY_CSV_COLUMNS: CsvColumn<ActivityEntryView>[] = [
  { header: "When (UTC)", value: (e) => e.at },
  { header: "Done by", value: (e) => e.actorEmail },
  { header: "Action", value: (e) => ACTIVITY_ACTION_LABELS[e.action as ActivityActionName] ?? e.action },
  { header: "Class", value: (e) => e.courseName ?? e.courseId ?? "" },
  { header: "Class id", value: (e) => e.courseId ?? "" },
  { header: "Invitee", value: (e) => e.invitee ?? "" },
  { header: "Role", value: (e) => (e.role ? activityRoleText(e.role) : "") },
  { header: "Outcome", value: (e) => (e.outcome === "ok" ? "Succeeded" : "Failed") },
  { header: "What happened", value: (e) => activityOutcomeText(e) },
  { header: "Code", value: (e) => e.errorCode ?? "" },
  { header: "Run", value: (e) => e.batchId ?? "" },
];
