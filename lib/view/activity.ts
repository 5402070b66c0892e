/** The activity log as data: its entries, its filters and the one parser of its URL. */
import { ACTIVITY_ACTIONS, CLASSROOM_ID_PATTERN, type ActivityActionName } from "@/lib/concepts";

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
};

export type ActivityPage = { entries: ActivityEntryView[]; nextBefore: string | null; scope: "admin" | "teacher" };

export type ActivitySearch = {
  action?: string;
  outcome?: "ok" | "error";
  q?: string;
  actor?: string;
  course?: string;
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
  const before = params.get("before") ?? "";
  if (/^\d{1,18}$/.test(before)) out.before = before;
  return out;
}

export function toActivitySearchParams(search: ActivitySearch): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v) out.set(k, v);
  return out;
}
