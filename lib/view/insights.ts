/**
 * The Insights page's numbers: pending invitations by age, by class and by class owner, over
 * the same rows and filters as /invitations (lib/view/invitation-search.ts), and the history
 * of invitations that left the list (lib/view/invitation-lifecycle.ts). Pure: unit-tested, and
 * checked in e2e against counts computed from the emulator's state.
 *
 * Age is counted from when the dashboard first saw an invitation (created it, or first listed
 * it): Classroom keeps no creation time for invitations.
 */
import { courseLabel } from "@/lib/bulk/plan";
import { numberFormat as nf } from "@/lib/format/count";
import { durationText } from "@/lib/format/time";

import {
  endedSince,
  filterRecords,
  historyStart,
  invitedVsAccepted,
  timeToAccept,
  type AcceptTime,
  type ClassFacts,
  type LifeRecord,
  type WeekCount,
} from "./invitation-lifecycle";
import type { InvitationRow } from "./invitation-rows";
import { AGE_BUCKETS, inAgeRange } from "./invitation-age";
import { toSearchParams, type InvitationFilters } from "./invitation-search";

export interface Bar {
  key: string;
  label: string;
  /** What the bar's length shows. */
  count: number;
  /** How the number reads, when it isn't a count ("2.5 days"). */
  valueText?: string;
  /** A second number for the table ("4 accepted"). */
  detail?: string;
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
      ages[AGE_BUCKETS.findIndex((b) => inAgeRange(age, b))]!++;
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
      key: b.value,
      label: b.label,
      count: ages[i]!,
      href: listHref(filters, { olderThan: b.value }, true),
    })),
    unknownAge,
    byClass: top(classes, "course"),
    byOwner: top(owners, "owner"),
  };
}

/** Names of the classes the history may show, with the facts the filters read. */
export type HistoryClass = ClassFacts & { name: string; section?: string };

export interface History {
  /** Oldest first. */
  weeks: WeekCount[];
  /** Over the same weeks. */
  overall: AcceptTime | null;
  /** Invitations that ended in these weeks, by outcome. */
  ended: ReturnType<typeof endedSince>;
  /** Slowest first, at most `TOP`; each opens that class's pending list. */
  byClass: Bar[];
}

/**
 * Invited vs accepted per week and the median time to accept, over the invitations the
 * dashboard recorded for the viewer's classes, narrowed by the filters that apply to history.
 */
export function buildHistory(
  records: readonly LifeRecord[],
  filters: InvitationFilters,
  classes: Readonly<Record<string, HistoryClass>>,
  now = Date.now(),
): History {
  const kept = filterRecords(records, filters, classes);
  const since = historyStart(now);
  const { overall, byClass } = timeToAccept(kept, since);
  const bars = [...byClass]
    .map(([id, t]) => ({ id, t, label: courseLabel(classes[id] ?? { name: id }) }))
    .sort((a, b) => b.t.medianMs - a.t.medianMs || a.label.localeCompare(b.label))
    .slice(0, TOP)
    .map(({ id, t, label }) => ({
      key: id,
      label,
      count: t.medianMs,
      valueText: durationText(t.medianMs),
      detail: nf.format(t.count),
      href: listHref(filters, { course: id }),
    }));
  return { weeks: invitedVsAccepted(kept, now), overall, ended: endedSince(kept, since), byClass: bars };
}
