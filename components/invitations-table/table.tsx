"use client";

import { lazy, memo, Suspense, useEffect, useRef } from "react";

import type { InvitationRow } from "@/lib/view/invitation-rows";
import type { InvitationSort, SortColumn } from "@/lib/view/invitation-sort";

import { CourseCell, InvitedCell, InviteeCell, OwnerCell, RoleCell, StateCell, invitationColumns } from "./columns";
import { RowActions, type RowActionHandlers } from "./row-actions";

/**
 * Past 200 rows the table is virtualized: a class's 500 invitations drawn whole made selecting,
 * marking and then dropping them one long task each (bench part (b), the revoke).
 */
export const VIRTUALIZE_ABOVE = 200;
/** Rows drawn while the virtualizer's code loads: more than any screen shows. */
const FIRST_SCREEN_ROWS = 40;

// The virtualizer (@tanstack/react-virtual, ~11 kB gzipped) is only needed past 200 rows:
// it loads then, not with the page (bench part (e) counts first-load JS).
const VirtualRows = lazy(() => import("./virtual-rows").then((m) => ({ default: m.VirtualRows })));

/** Selected invitation ids. */
export type RowSelection = Record<string, boolean>;

type TableProps = {
  rows: InvitationRow[];
  /** Virtualize: decided on the whole list, not the filtered one, so typing never flips modes. */
  virtual: boolean;
  sort: InvitationSort;
  onSort: (sort: InvitationSort) => void;
  selection: RowSelection;
  onSelectionChange: (next: RowSelection) => void;
  /** Stable (functional update in the owner), because memoized rows keep their first callback. */
  onToggleRow: (id: string, on: boolean) => void;
  notes: Record<string, string>;
  /** Invitations with a write in flight, and what is being done ("Revoking…"). */
  busy: Record<string, string>;
  caption: string;
} & RowActionHandlers;

/**
 * A real <table> with <th> column headers in both modes. When virtual, only the rows in view
 * (plus overscan) are in the DOM, between two spacer rows, inside a scrolling container with
 * a sticky header; aria-rowcount/aria-rowindex tell assistive technology the full size.
 */
export const InvitationsTable = memo(function InvitationsTable(props: TableProps) {
  const {
    rows,
    virtual,
    sort,
    onSort,
    selection,
    onSelectionChange,
    onToggleRow,
    notes,
    busy,
    onRevoke,
    onChangeRole,
    onResend,
  } = props;

  const scrollRef = useRef<HTMLDivElement>(null);

  // A new filter or sort starts at the top of the list.
  useEffect(() => {
    if (virtual) scrollRef.current?.scrollTo({ top: 0 });
  }, [virtual, sort, rows.length]);

  // O(rows) only while something is selected: keystrokes over 5,000 rows skip it.
  const anySelected = Object.keys(selection).length > 0;
  const allSelected = anySelected && rows.length > 0 && rows.every((r) => selection[r.id]);
  const someSelected = anySelected && !allSelected && rows.some((r) => selection[r.id]);

  const renderRow: RenderRow = (row, index, measure) => (
    <InvitationTableRow
      key={row.id}
      row={row}
      index={index}
      selected={Boolean(selection[row.id])}
      note={notes[row.id]}
      busy={busy[row.id]}
      onToggle={onToggleRow}
      onRevoke={onRevoke}
      onChangeRole={onChangeRole}
      onResend={onResend}
      measure={measure}
    />
  );

  return (
    <div
      ref={scrollRef}
      className={`rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 ${virtual ? "max-h-[70vh] overflow-auto" : "md:overflow-x-auto"}`}
      tabIndex={virtual ? 0 : undefined}
      aria-label={virtual ? "Invitations (scrollable)" : undefined}
      role={virtual ? "region" : undefined}
    >
      {/* Below md the same table draws each invitation as a card (stacked cells, actions on
          the first line), so a phone reaches every action without sideways scrolling. */}
      <table
        className="w-full border-collapse text-left text-sm max-md:block md:min-w-[56rem] md:table-fixed"
        aria-rowcount={rows.length + 1}
      >
        <caption className="sr-only">{props.caption}</caption>
        <colgroup>
          {invitationColumns.map((c) => (
            <col key={c.id} className={c.width} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase shadow-[inset_0_-1px_0_var(--color-slate-200)] max-md:sr-only">
          <tr aria-rowindex={1}>
            {invitationColumns.map((column) => {
              if (column.id === "select") {
                return (
                  <th key={column.id} scope="col" className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label="Select all invitations shown"
                      checked={allSelected}
                      ref={(el) => {
                        if (el) el.indeterminate = someSelected;
                      }}
                      disabled={rows.length === 0}
                      onChange={() => {
                        const next: RowSelection = {};
                        if (!allSelected) for (const r of rows) next[r.id] = true;
                        onSelectionChange(next);
                      }}
                      className="size-4"
                    />
                  </th>
                );
              }
              if (!column.sortId) {
                return (
                  <th key={column.id} scope="col" className="px-3 py-2">
                    <span className="sr-only">{column.label}</span>
                  </th>
                );
              }
              const sortId = column.sortId;
              const active = sort.id === sortId;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
                  className="px-3 py-2"
                >
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 rounded uppercase hover:text-slate-900"
                    onClick={() => onSort(nextSort(sort, sortId))}
                  >
                    {column.header}
                    <span aria-hidden className={active ? "text-slate-900" : "text-slate-300"}>
                      {active && sort.desc ? "▼" : "▲"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {virtual ? (
            <Suspense fallback={rows.slice(0, FIRST_SCREEN_ROWS).map((row, index) => renderRow(row, index))}>
              <VirtualRows
                rows={rows}
                scrollRef={scrollRef}
                columnCount={invitationColumns.length}
                renderRow={renderRow}
              />
            </Suspense>
          ) : (
            rows.map((row, index) => renderRow(row, index))
          )}
        </tbody>
      </table>
    </div>
  );
});

/** Draws one body row; `measure` is the virtualizer's row measurer. */
export type RenderRow = (row: InvitationRow, index: number, measure?: (el: Element | null) => void) => React.ReactNode;

function nextSort(current: InvitationSort, id: SortColumn): InvitationSort {
  return current.id === id ? { id, desc: !current.desc } : { id, desc: false };
}

type RowProps = {
  row: InvitationRow;
  index: number;
  selected: boolean;
  note: string | undefined;
  busy: string | undefined;
  onToggle: (id: string, on: boolean) => void;
  measure?: (el: Element | null) => void;
} & RowActionHandlers;

/** Memoized on the row object: re-filtering re-renders only rows that enter the view. */
const InvitationTableRow = memo(
  function InvitationTableRow({
    row,
    index,
    selected,
    note,
    busy,
    onToggle,
    onRevoke,
    onChangeRole,
    onResend,
    measure,
  }: RowProps) {
    const labelId = `inv-${row.id}-who`;
    const who = row.inviteeName ?? row.inviteeEmail ?? `user ${row.userId}`;
    return (
      <tr
        ref={measure}
        data-index={index}
        aria-rowindex={index + 2}
        aria-busy={busy ? true : undefined}
        // A row at work is shaded and says so below its actions; it is not faded, which would
        // take its text below a readable contrast.
        className={`align-middle max-md:grid max-md:grid-cols-[auto_minmax(0,1fr)_auto] max-md:items-start max-md:gap-x-2 max-md:px-1 max-md:py-2 ${busy ? "bg-slate-50" : selected ? "bg-brand-50/60" : "hover:bg-slate-50"}`}
      >
        <td className="px-3 py-2 max-md:row-span-3 max-md:pr-0">
          <input
            type="checkbox"
            aria-label={`Select invitation for ${who}`}
            checked={selected}
            onChange={(e) => onToggle(row.id, e.target.checked)}
            className="size-4"
          />
        </td>
        <td className="px-3 py-2 max-md:col-start-2 max-md:row-start-1 max-md:px-0" id={labelId}>
          <InviteeCell row={row} />
        </td>
        <td className="px-3 py-2 max-md:col-span-2 max-md:col-start-2 max-md:px-0 max-md:py-1">
          <CourseCell row={row} />
        </td>
        <td className="px-3 py-2 max-md:col-span-2 max-md:col-start-2 max-md:flex max-md:flex-wrap max-md:gap-2 max-md:px-0 max-md:py-1">
          <RoleCell row={row} />
          <span className="md:hidden">
            <StateCell row={row} />
          </span>
        </td>
        <td className="px-3 py-2 max-md:hidden">
          <StateCell row={row} />
        </td>
        <td className="px-3 py-2 max-md:hidden">
          <OwnerCell row={row} />
        </td>
        <td className="px-3 py-2 max-md:col-span-2 max-md:col-start-2 max-md:px-0 max-md:py-1">
          <InvitedCell row={row} />
        </td>
        <td className="px-3 py-2 max-md:col-start-3 max-md:row-start-1 max-md:px-1">
          <RowActions
            row={row}
            who={who}
            busy={Boolean(busy)}
            onRevoke={onRevoke}
            onChangeRole={onChangeRole}
            onResend={onResend}
          />
          {busy ? (
            <p className="mt-1 text-right text-xs text-slate-600" data-testid="row-busy">
              {busy}
            </p>
          ) : null}
          {note ? (
            <p role="alert" className="mt-1 text-right text-xs text-red-700">
              {note}
            </p>
          ) : null}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.onToggle === b.onToggle &&
    a.onRevoke === b.onRevoke &&
    a.onChangeRole === b.onChangeRole &&
    a.onResend === b.onResend &&
    a.row === b.row &&
    a.index === b.index &&
    a.selected === b.selected &&
    a.note === b.note &&
    a.busy === b.busy &&
    a.measure === b.measure,
);
