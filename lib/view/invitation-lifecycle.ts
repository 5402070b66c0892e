/**
 * What became of invitations once they left Classroom's pending list, and the Insights
 * history built from it: invited vs accepted per week, and the median time to accept. Pure:
 * the database rows and member lists come in, numbers go out (unit-tested with fixed clocks).
 *
 * Everything here is as observed by the dashboard. Classroom keeps no dates on invitations and
 * says nothing when one is accepted or revoked, so an invitation's start is when the dashboard
 * first saw it, and its end is when the dashboard made it (its own accept, revoke, decline) or
 * the look that found it gone.
 */
import { isInvitationRole, roleCovers, type InvitationOutcome, type InvitationRole } from "@/lib/concepts";

import type { InvitationFilters } from "./invitation-search";

type Outcome = InvitationOutcome;

/** An invitation noticed gone whose outcome is not known yet (stored by lib/db/invitation-meta.ts). */
export type Gone = {
  invitationId: string;
  courseId: string;
  /** Classroom's numeric id, once a listing has shown it. */
  userId: string | null;
  /** As the creator typed it (an email), or the numeric id. */
  invitee: string | null;
  role: string | null;
};

/** A class as it stands now: its owner, its members and its still-pending invitations. */
export type ClassNow = {
  ownerId: string;
  teachers: readonly { id: string; email?: string | null }[];
  students: readonly { id: string; email?: string | null }[];
  pending: readonly { id: string; userId: string }[];
};

/**
 * The outcome of an invitation that left the list:
 * - `replaced` when the same person has another pending invitation to the class (a change of
 *   role or a resend deletes and re-creates), so the new one carries the story on;
 * - `accepted` when the person is now a member in the invited role or a higher one (the rule
 *   accept itself follows: a teacher offered a student seat is in);
 * - `revoked` otherwise: revoked, declined, or accepted and removed before the dashboard looked.
 * The person is matched by Classroom id, or by email for an invitation made here and gone before
 * any listing showed its id. Null when `now` still lists the invitation as pending (a read older
 * than the one that noticed it gone): nothing can be told from it.
 */
export function classifyGone(gone: Gone, now: ClassNow): Outcome | null {
  if (now.pending.some((p) => p.id === gone.invitationId)) return null;
  const invitee = gone.invitee?.toLowerCase() ?? null;
  const id = gone.userId ?? (invitee && /^\d+$/.test(invitee) ? invitee : null);
  const email = invitee?.includes("@") ? invitee : null;
  const isThem = (m: { id: string; email?: string | null }) =>
    (id !== null && m.id === id) || (email !== null && m.email?.toLowerCase() === email);
  if (id !== null && now.pending.some((p) => p.userId === id)) return "replaced";
  const teacher = now.teachers.find(isThem);
  const place: InvitationRole | null = teacher
    ? teacher.id === now.ownerId
      ? "OWNER"
      : "TEACHER"
    : now.students.some(isThem)
      ? "STUDENT"
      : null;
  if (place === null) return "revoked";
  const role = isInvitationRole(gone.role) ? gone.role : "STUDENT";
  return roleCovers(place, role) ? "accepted" : "revoked";
}

/** One invitation's life as the dashboard recorded it (stored by lib/db/invitation-meta.ts). */
export type LifeRecord = {
  invitationId: string;
  courseId: string;
  role: string | null;
  firstSeenAt: string;
  closedAt: string | null;
  outcome: Outcome | null;
};

/** What a record's class is, for the filters (from the listing's course summaries). */
export type ClassFacts = { state: string; ownerId: string };

/**
 * The list's filters that apply to history: class, role, class state and owner. Free text and
 * "pending for" describe pending invitations only, so they narrow the pending charts alone.
 */
export function filterRecords(
  records: readonly LifeRecord[],
  filters: InvitationFilters,
  classes: Readonly<Record<string, ClassFacts>>,
): LifeRecord[] {
  return records.filter((r) => {
    const c = classes[r.courseId];
    return (
      c !== undefined &&
      (!filters.course || r.courseId === filters.course) &&
      (!filters.role || r.role === filters.role) &&
      (!filters.state || c.state === filters.state) &&
      (!filters.owner || c.ownerId === filters.owner)
    );
  });
}

/** Weeks shown by "invited vs accepted". */
export const WEEKS = 12;
const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week holding `t` (ISO weeks; the server can't know the viewer's zone). */
export function weekStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
}

/** The first moment the history charts cover: the Monday `weeks - 1` weeks before this one. */
export function historyStart(now: number, weeks = WEEKS): number {
  return weekStart(now) - (weeks - 1) * 7 * DAY_MS;
}

export type WeekCount = { start: string; invited: number; accepted: number };

/**
 * Per week, oldest first: invitations first seen that week (a replaced one is left out: its
 * successor is the same invitation, sent again) and invitations accepted that week.
 */
export function invitedVsAccepted(records: readonly LifeRecord[], now: number, weeks = WEEKS): WeekCount[] {
  const first = historyStart(now, weeks);
  const out: WeekCount[] = Array.from({ length: weeks }, (_, k) => ({
    start: new Date(first + k * 7 * DAY_MS).toISOString().slice(0, 10),
    invited: 0,
    accepted: 0,
  }));
  const index = (iso: string) => {
    const k = Math.floor((Date.parse(iso) - first) / (7 * DAY_MS));
    return k >= 0 && k < weeks ? k : -1;
  };
  for (const r of records) {
    const i = r.outcome === "replaced" ? -1 : index(r.firstSeenAt);
    if (i >= 0) out[i]!.invited++;
    const a = r.outcome === "accepted" && r.closedAt ? index(r.closedAt) : -1;
    if (a >= 0) out[a]!.accepted++;
  }
  return out;
}

/** How many invitations ended since `since`, by outcome ("declined" counted with "revoked"). */
export function endedSince(
  records: readonly LifeRecord[],
  since: number,
): { accepted: number; revoked: number; replaced: number } {
  const out = { accepted: 0, revoked: 0, replaced: 0 };
  for (const r of records) {
    if (!r.outcome || !r.closedAt || Date.parse(r.closedAt) < since) continue;
    out[r.outcome === "declined" ? "revoked" : r.outcome]++;
  }
  return out;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type AcceptTime = { count: number; medianMs: number };

/**
 * Median time from first seen to accepted, over invitations accepted since `since`: overall and
 * per class. A negative span (clocks of two instances) counts as zero.
 */
export function timeToAccept(
  records: readonly LifeRecord[],
  since: number,
): { overall: AcceptTime | null; byClass: Map<string, AcceptTime> } {
  const spans = new Map<string, number[]>();
  for (const r of records) {
    if (r.outcome !== "accepted" || !r.closedAt || Date.parse(r.closedAt) < since) continue;
    const list = spans.get(r.courseId) ?? [];
    list.push(Math.max(0, Date.parse(r.closedAt) - Date.parse(r.firstSeenAt)));
    spans.set(r.courseId, list);
  }
  const byClass = new Map([...spans].map(([id, v]) => [id, { count: v.length, medianMs: median(v)! }]));
  const all = [...spans.values()].flat();
  return { overall: all.length ? { count: all.length, medianMs: median(all)! } : null, byClass };
}
