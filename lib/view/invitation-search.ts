/**
 * The invitations table's filters and sort, as they live in the URL, and applying them to rows:
 * shared by the browser (filtering 5,000 rows per keystroke) and the CSV export route (the same
 * filters on the server). No React, no server code.
 */
import { ROLE_LABELS, ROLE_RANK } from "@/lib/concepts";

import { courseStateLabel } from "./course-state";
import type { InvitationRow } from "./invitation-rows";
import type { InvitationItem, InvitationsSnapshot } from "./invitations";

export const SORT_COLUMNS = ["invitee", "course", "role", "state", "owner", "invited"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type InvitationSort = { id: SortColumn; desc: boolean };

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

/** The day counts the stale filter offers. */
export const STALE_DAYS = ["0", "1", "3", "7", "14", "30"] as const;

/** How the stale filter names a day count, on the list and on Insights. */
export const staleLabel = (days: string) => `More than ${days} ${days === "1" ? "day" : "days"}`;

const DAY_MS = 86_400_000;

/**
 * The exact age ranges, in days from `from` (inclusive) to `to` (exclusive): Insights' "by age"
 * bars, and the list's "Pending for" choices those bars open. The last one is the stale
 * filter's "more than 30 days", so its value is that filter's.
 */
export const AGE_BUCKETS = [
  { value: "0-1", label: "0–1 day", from: 0, to: 1 },
  { value: "1-7", label: "1–7 days", from: 1, to: 7 },
  { value: "7-30", label: "7–30 days", from: 7, to: 30 },
  { value: "30", label: "Over 30 days", from: 30, to: Number.POSITIVE_INFINITY },
] as const;

/** Every "Pending for" choice, buckets first: value and label, on the list and on Insights. */
export const AGE_OPTIONS: readonly { value: string; label: string }[] = [
  ...AGE_BUCKETS.map(({ value, label }) => ({ value, label })),
  ...STALE_DAYS.filter((d) => !AGE_BUCKETS.some((b) => b.value === d)).map((d) => ({ value: d, label: staleLabel(d) })),
];

/** The [from, to) range, in days, of an `olderThan` value; null for "any" or an unknown value. */
export function ageRange(value: string): { from: number; to: number } | null {
  const bucket = AGE_BUCKETS.find((b) => b.value === value);
  if (bucket) return { from: bucket.from, to: bucket.to };
  return (STALE_DAYS as readonly string[]).includes(value)
    ? { from: Number(value), to: Number.POSITIVE_INFINITY }
    : null;
}

/**
 * Whether an age (ms since first seen) is in a range. The first bucket also takes a negative
 * age (another instance's clock a little ahead), so the buckets cover every invitation once.
 */
export function inAgeRange(ageMs: number, range: { from: number; to: number }): boolean {
  return (range.from === 0 || ageMs >= range.from * DAY_MS) && ageMs < range.to * DAY_MS;
}

export type InvitationSearch = { filters: InvitationFilters; sort: InvitationSort };

export const DEFAULT_SORT: InvitationSort = { id: "course", desc: false };

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

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function sortKey(row: InvitationRow, id: SortColumn): string {
  switch (id) {
    case "invitee":
      return row.inviteeName ?? row.inviteeEmail ?? `\uffff${row.userId}`;
    case "course":
      return `${row.courseName}\u0000${row.courseSection}`;
    case "role":
      return String(ROLE_RANK[row.role]);
    case "state":
      return courseStateLabel(row.courseState);
    case "owner":
      return row.ownerName ?? `\uffff${row.ownerId}`;
    case "invited":
      return row.firstSeenAt ?? "";
  }
}

/**
 * Sorted copy. Keys are computed once per row (not per comparison), and ties fall back to the
 * course, then the invitation id, so the order is stable across re-renders and refetches.
 */
export function sortRows(rows: readonly InvitationRow[], sort: InvitationSort): InvitationRow[] {
  const keyed = rows.map((row, i) => keyOf(row, i, sort.id));
  keyed.sort(comparer(sort));
  return keyed.map((k) => rows[k.i]!);
}

type Keyed = { i: number; key: string; tie: string };

function keyOf(row: InvitationRow, i: number, id: SortColumn): Keyed {
  return { i, key: sortKey(row, id), tie: `${row.courseName}\u0000${row.courseSection}\u0000${row.id}` };
}

function comparer(sort: InvitationSort): (a: Keyed, b: Keyed) => number {
  const dir = sort.desc ? -1 : 1;
  return (a, b) => dir * collator.compare(a.key, b.key) || collator.compare(a.tie, b.tie);
}

/** Sorts that read names: only these change order when names arrive. */
const SORTS_BY_NAME: ReadonlySet<SortColumn> = new Set(["invitee", "owner"]);

/**
 * `sortRows` for rows built from a snapshot (one row per `snapshot.invitations` entry, in
 * order), remembering the sorted keys between calls:
 * - names arrived and the sort doesn't read names: the order is reused, O(rows);
 * - a chunk of courses was appended (streaming): only the new rows are sorted, then merged;
 * - anything else (sort changed, courses re-read, rows removed): a full sort.
 * So a 5,000-row list streaming in 20 chunks and then thousands of names never collates the
 * whole list again and again.
 */
export function createRowSorter(): (
  rows: readonly InvitationRow[],
  snapshot: InvitationsSnapshot,
  sort: InvitationSort,
) => InvitationRow[] {
  let last:
    | {
        invitations: readonly InvitationItem[];
        courses: unknown;
        people: unknown;
        id: SortColumn;
        desc: boolean;
        keyed: Keyed[];
      }
    | undefined;
  return (rows, snapshot, sort) => {
    const byName = SORTS_BY_NAME.has(sort.id);
    const { invitations } = snapshot;
    const comparable =
      last !== undefined &&
      last.courses === snapshot.courses &&
      (!byName || last.people === snapshot.people) &&
      last.id === sort.id &&
      last.desc === sort.desc &&
      rows.length === invitations.length;
    let keyed: Keyed[];
    if (comparable && last!.invitations === invitations) {
      keyed = last!.keyed;
    } else if (comparable && extends_(last!.invitations, invitations)) {
      const cmp = comparer(sort);
      const added: Keyed[] = [];
      for (let i = last!.invitations.length; i < rows.length; i++) added.push(keyOf(rows[i]!, i, sort.id));
      keyed = merge(last!.keyed, added.sort(cmp), cmp);
    } else {
      keyed = rows.map((row, i) => keyOf(row, i, sort.id)).sort(comparer(sort));
    }
    last = { invitations, courses: snapshot.courses, people: snapshot.people, id: sort.id, desc: sort.desc, keyed };
    return keyed.map((k) => rows[k.i]!);
  };
}

/** `next` is `prev` with items appended (what an "invitations" event without replacements does). */
function extends_(prev: readonly InvitationItem[], next: readonly InvitationItem[]): boolean {
  if (next.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) if (prev[i] !== next[i]) return false;
  return true;
}

function merge(a: readonly Keyed[], b: readonly Keyed[], cmp: (x: Keyed, y: Keyed) => number): Keyed[] {
  const out: Keyed[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
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
