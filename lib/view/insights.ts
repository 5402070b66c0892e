/**
 * The Insights page's numbers: pending invitations by age, by class and by class owner, over
 * the same rows and filters as /invitations (lib/view/invitation-search.ts). Pure: unit-tested,
 * and checked in e2e against counts computed from the emulator's state.
 *
 * Age is counted from when the dashboard first saw an invitation (created it, or first listed
 * it): Classroom keeps no creation time for invitations.
 */
import { courseLabel } from "@/lib/bulk/plan";

import type { InvitationRow } from "./invitation-rows";
import { toSearchParams, type InvitationFilters } from "./invitation-search";

const DAY_MS = 24 * 3600 * 1000;

/** `older`: the list's "pending for more than N days" filter that a bucket's bar opens (its lower bound). */
export const AGE_BUCKETS = [
  { key: "0-1d", label: "0–1 day", maxMs: DAY_MS, older: "" },
  { key: "1-7d", label: "1–7 days", maxMs: 7 * DAY_MS, older: "1" },
  { key: "7-30d", label: "7–30 days", maxMs: 30 * DAY_MS, older: "7" },
  { key: "30d+", label: "Over 30 days", maxMs: Number.POSITIVE_INFINITY, older: "30" },
] as const;

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** The matching filtered /invitations list. */
  href: string;
}

export interface Insights {
  total: number;
  byAge: Bar[];
  /** Pending invitations whose first sighting the dashboard has no record of. */
  unknownAge: number;
  byClass: Bar[];
  byOwner: Bar[];
}

/** Classes and owners shown; the rest are summed into one bar. */
export const TOP = 10;

const listHref = (filters: InvitationFilters, extra: Partial<InvitationFilters>, sortByAge = false) => {
  const params = toSearchParams({
    filters: { ...filters, ...extra },
    sort: sortByAge ? { id: "invited", desc: false } : { id: "course", desc: false },
  });
  const query = params.toString();
  return query ? `/invitations?${query}` : "/invitations";
};

export function buildInsights(rows: readonly InvitationRow[], filters: InvitationFilters, now = Date.now()): Insights {
  const ages = AGE_BUCKETS.map(() => 0);
  let unknownAge = 0;
  const classes = new Map<string, { label: string; count: number }>();
  const owners = new Map<string, { label: string; count: number }>();
  for (const r of rows) {
    if (r.firstSeenAt) {
      const age = now - Date.parse(r.firstSeenAt);
      ages[AGE_BUCKETS.findIndex((b) => age < b.maxMs)]!++;
    } else unknownAge++;
    const c = classes.get(r.courseId) ?? {
      label: courseLabel({ name: r.courseName, section: r.courseSection }),
      count: 0,
    };
    c.count++;
    classes.set(r.courseId, c);
    const o = owners.get(r.ownerId) ?? { label: r.ownerName ?? r.ownerId, count: 0 };
    o.count++;
    owners.set(r.ownerId, o);
  }
  const top = (m: Map<string, { label: string; count: number }>, key: "course" | "owner"): Bar[] => {
    const sorted = [...m].sort((a, b) => b[1].count - a[1].count || a[1].label.localeCompare(b[1].label));
    const bars = sorted
      .slice(0, TOP)
      .map(([id, v]) => ({ key: id, label: v.label, count: v.count, href: listHref(filters, { [key]: id }) }));
    const rest = sorted.slice(TOP).reduce((n, [, v]) => n + v.count, 0);
    if (rest > 0)
      bars.push({ key: "rest", label: `${sorted.length - TOP} more`, count: rest, href: listHref(filters, {}) });
    return bars;
  };
  return {
    total: rows.length,
    byAge: AGE_BUCKETS.map((b, i) => ({
      key: b.key,
      label: b.label,
      count: ages[i]!,
      href: listHref(filters, { olderThan: b.older }, true),
    })),
    unknownAge,
    byClass: top(classes, "course"),
    byOwner: top(owners, "owner"),
  };
}
