/**
 * The invitations table's sort: its columns, and a total order over rows (whole, or kept between
 * calls while a snapshot streams in). No React, no server code.
 */
import { ROLE_RANK } from "@/lib/concepts";

import { courseStateLabel } from "./course-state";
import type { InvitationRow } from "./invitation-rows";
import type { InvitationItem, InvitationsSnapshot } from "./invitations";

export const SORT_COLUMNS = ["invitee", "course", "role", "state", "owner", "invited"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type InvitationSort = { id: SortColumn; desc: boolean };

export const DEFAULT_SORT: InvitationSort = { id: "course", desc: false };

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
