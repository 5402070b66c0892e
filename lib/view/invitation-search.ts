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

/**
 * One part of a sort key: text compares by the collator (case and accents aside, numbers by
 * value), numbers by value. Keys are lists of parts, compared part by part: joining them into
 * one string would let the collator, which ignores control characters, blur the boundaries.
 */
type Part = string | number;

/** Name, else email, else user id; people whose profile hasn't arrived (or is hidden) last. */
const inviteeKey = (row: InvitationRow): Part[] => [
  row.inviteeName === null && row.inviteeEmail === null ? 1 : 0,
  row.inviteeName ?? row.inviteeEmail ?? row.userId,
];
const courseKey = (row: InvitationRow): Part[] => [row.courseName, row.courseSection];

function sortKey(row: InvitationRow, id: SortColumn): Part[] {
  switch (id) {
    case "invitee":
      return inviteeKey(row);
    case "course":
      return courseKey(row);
    case "role":
      return [ROLE_RANK[row.role]];
    case "state":
      return [courseStateLabel(row.courseState)];
    case "owner":
      return [row.ownerName === null ? 1 : 0, row.ownerName ?? row.ownerId];
    case "invited":
      return [row.firstSeenAt ?? ""];
  }
}

/**
 * The tie-break under a sort column, always ascending: the invitee, then the class (minus
 * whichever of the two is the sort column), then the invitation id. Rows equal on the column
 * (a class's invitations, everyone first seen in the same listing) then keep one order
 * whatever order they arrived in, and the id makes the order total.
 */
function tieKey(row: InvitationRow, id: SortColumn): Part[] {
  if (id === "invitee") return courseKey(row);
  if (id === "course") return inviteeKey(row);
  return [...inviteeKey(row), ...courseKey(row)];
}

function compareParts(a: readonly Part[], b: readonly Part[]): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    const c = typeof x === "number" || typeof y === "number" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
    if (c) return c;
  }
  return 0;
}

const sameParts = (a: readonly Part[], b: readonly Part[]) => a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * Sorted copy: by the sort column (`sort.desc` reverses only this), then `tieKey`, then the
 * invitation id. A total order, so the same rows always come out in the same order, however
 * they were listed. Keys are computed once per row, not per comparison.
 */
export function sortRows(rows: readonly InvitationRow[], sort: InvitationSort): InvitationRow[] {
  const keyed = rows.map((row, i) => keyOf(row, i, sort.id));
  keyed.sort(comparer(sort));
  return keyed.map((k) => rows[k.i]!);
}

type Keyed = { i: number; id: string; key: Part[]; tie: Part[] };

function keyOf(row: InvitationRow, i: number, id: SortColumn): Keyed {
  return { i, id: row.id, key: sortKey(row, id), tie: tieKey(row, id) };
}

/** Ties under equal sort keys: `tieKey`, then the id (by code unit: ids are distinct, so never equal). */
function compareTies(a: Keyed, b: Keyed): number {
  return compareParts(a.tie, b.tie) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function comparer(sort: InvitationSort): (a: Keyed, b: Keyed) => number {
  const dir = sort.desc ? -1 : 1;
  return (a, b) => dir * compareParts(a.key, b.key) || compareTies(a, b);
}

/** Sorts whose column reads names: only these move whole rows when names arrive. */
const SORTS_BY_NAME: ReadonlySet<SortColumn> = new Set(["invitee", "owner"]);

/** Where each run of equal sort keys starts in a sorted list (and its end), and each position's run. */
function runsOf(keyed: readonly Keyed[]): { starts: number[]; runAt: Uint32Array } {
  const starts: number[] = [];
  const runAt = new Uint32Array(keyed.length);
  for (let p = 0; p < keyed.length; p++) {
    if (p === 0 || compareParts(keyed[p - 1]!.key, keyed[p]!.key) !== 0) starts.push(p);
    runAt[p] = starts.length - 1;
  }
  starts.push(keyed.length);
  return { starts, runAt };
}

/**
 * `sortRows` for rows built from a snapshot (one row per `snapshot.invitations` entry, in
 * order), remembering the sorted keys between calls:
 * - names arrived and the sort column doesn't read names: the column's order is kept, and only
 *   the runs of equal keys holding a row whose tie-break changed (its invitee's name) are
 *   re-sorted among themselves;
 * - a chunk of courses was appended (streaming): only the new rows are sorted, then merged;
 * - anything else (sort changed, courses re-read, rows removed, names under a name sort): a
 *   full sort.
 * The result is always exactly `sortRows`'s, so a 5,000-row list streaming in 20 chunks and then
 * thousands of names never collates the whole list again and again, and never shows an order
 * that a later full sort would change.
 */
export function createRowSorter(): (
  rows: readonly InvitationRow[],
  snapshot: InvitationsSnapshot,
  sort: InvitationSort,
) => InvitationRow[] {
  let last:
    | {
        rows: readonly InvitationRow[];
        invitations: readonly InvitationItem[];
        courses: unknown;
        people: unknown;
        id: SortColumn;
        desc: boolean;
        keyed: Keyed[];
        runs: ReturnType<typeof runsOf>;
      }
    | undefined;
  return (rows, snapshot, sort) => {
    const { invitations } = snapshot;
    const cmp = comparer(sort);
    const kept =
      last !== undefined &&
      last.courses === snapshot.courses &&
      (!SORTS_BY_NAME.has(sort.id) || last.people === snapshot.people) &&
      last.id === sort.id &&
      last.desc === sort.desc &&
      rows.length === invitations.length &&
      (last.invitations === invitations || extends_(last.invitations, invitations))
        ? last
        : undefined;
    let keyed: Keyed[];
    let runs: ReturnType<typeof runsOf> | undefined;
    if (kept) {
      keyed = kept.people === snapshot.people ? kept.keyed : retied(kept, rows, sort.id);
      runs = kept.runs;
      if (kept.invitations !== invitations) {
        const added: Keyed[] = [];
        for (let i = kept.invitations.length; i < rows.length; i++) added.push(keyOf(rows[i]!, i, sort.id));
        keyed = merge(keyed, added.sort(cmp), cmp);
        runs = undefined;
      }
    } else {
      keyed = rows.map((row, i) => keyOf(row, i, sort.id)).sort(cmp);
    }
    last = {
      rows,
      invitations,
      courses: snapshot.courses,
      people: snapshot.people,
      id: sort.id,
      desc: sort.desc,
      keyed,
      runs: runs ?? runsOf(keyed),
    };
    return keyed.map((k) => rows[k.i]!);
  };
}

/**
 * The kept order after names arrived under a sort that doesn't read them: rows whose tie-break
 * changed get their new one, and only their runs of equal sort keys are re-sorted.
 */
function retied(
  last: { rows: readonly InvitationRow[]; keyed: readonly Keyed[]; runs: ReturnType<typeof runsOf> },
  rows: readonly InvitationRow[],
  id: SortColumn,
): Keyed[] {
  const keyed = last.keyed.slice();
  const dirty = new Set<number>();
  for (let p = 0; p < keyed.length; p++) {
    const k = keyed[p]!;
    const row = rows[k.i]!;
    if (row === last.rows[k.i]) continue;
    const tie = tieKey(row, id);
    if (sameParts(tie, k.tie)) continue;
    keyed[p] = { ...k, tie };
    dirty.add(last.runs.runAt[p]!);
  }
  for (const run of dirty) {
    const from = last.runs.starts[run]!;
    const to = last.runs.starts[run + 1]!;
    keyed.splice(from, to - from, ...keyed.slice(from, to).sort(compareTies));
  }
  return keyed;
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
