/**
 * The invitations table's filters and sort, as they live in the URL, and applying them to rows:
 * shared by the browser (filtering 5,000 rows per keystroke) and the CSV export route (the same
 * filters on the server). No React, no server code.
 */
import { ROLE_LABELS } from "@/lib/concepts";

import { ageRange, inAgeRange } from "./invitation-age";
import type { InvitationRow } from "./invitation-rows";
import { DEFAULT_SORT, SORT_COLUMNS, sortRows, type InvitationSort, type SortColumn } from "./invitation-sort";

export type InvitationFilters = {
  q: string;
  course: string;
  role: string;
  state: string;
  owner: string;
  /**
   * How long it has been pending, counted from when the dashboard first saw it: "N" for more than
   * N days (`STALE_DAYS`), "A-B" for one of the exact `AGE_BUCKETS`; "" for any.
   */
  olderThan: string;
};

export type InvitationSearch = { filters: InvitationFilters; sort: InvitationSort };

type ParamSource = { get(name: string): string | null };

export function parseInvitationSearch(params: ParamSource): InvitationSearch {
  const get = (k: string) => (params.get(k) ?? "").slice(0, 200);
  const sortId = get("sort");
  const role = get("role").toUpperCase();
  return {
    filters: {
      q: get("q"),
      course: get("course"),
      role: role in ROLE_LABELS ? role : "",
      state: get("state").toUpperCase(),
      owner: get("owner"),
      olderThan: ageRange(get("older")) ? get("older") : "",
    },
    sort: {
      id: (SORT_COLUMNS as readonly string[]).includes(sortId) ? (sortId as SortColumn) : DEFAULT_SORT.id,
      desc: get("dir") === "desc",
    },
  };
}

/** The URL form of a search: defaults are left out so a clean URL means "no filter". */
export function toSearchParams(search: InvitationSearch): URLSearchParams {
  const out = new URLSearchParams();
  const { filters, sort } = search;
  if (filters.q.trim()) out.set("q", filters.q);
  if (filters.course) out.set("course", filters.course);
  if (filters.role) out.set("role", filters.role);
  if (filters.state) out.set("state", filters.state);
  if (filters.owner) out.set("owner", filters.owner);
  if (filters.olderThan) out.set("older", filters.olderThan);
  if (sort.id !== DEFAULT_SORT.id || sort.desc !== DEFAULT_SORT.desc) {
    out.set("sort", sort.id);
    if (sort.desc) out.set("dir", "desc");
  }
  return out;
}

export function hasFilters(filters: InvitationFilters): boolean {
  return Boolean(
    filters.q.trim() || filters.course || filters.role || filters.state || filters.owner || filters.olderThan,
  );
}

/** Order-preserving filter; free text matches every word anywhere in name, email or course. */
export function filterRows(
  rows: readonly InvitationRow[],
  filters: InvitationFilters,
  now = Date.now(),
): InvitationRow[] {
  const words = filters.q.toLowerCase().split(/\s+/).filter(Boolean);
  const { course, role, state, owner, olderThan } = filters;
  if (!words.length && !course && !role && !state && !owner && !olderThan) return rows as InvitationRow[];
  // Classroom doesn't say when an invitation was sent: the dashboard's first sight of it stands in.
  const age = ageRange(olderThan);
  return rows.filter(
    (r) =>
      (!age || (r.firstSeenAt !== null && inAgeRange(now - Date.parse(r.firstSeenAt), age))) &&
      (!course || r.courseId === course) &&
      (!role || r.role === role) &&
      (!state || r.courseState === state) &&
      (!owner || r.ownerId === owner) &&
      words.every((w) => r.haystack.includes(w)),
  );
}

export function applySearch(rows: readonly InvitationRow[], search: InvitationSearch): InvitationRow[] {
  return filterRows(sortRows(rows, search.sort), search.filters);
}
