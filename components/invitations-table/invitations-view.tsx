"use client";

import { useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { toast } from "sonner";

import { CreateInvitationForm } from "@/components/invitations/create-form";
import { Button, buttonClasses } from "@/components/ui/button";
import { CSV_BOM, csvFileName, toCsv } from "@/lib/query/csv";
import { invitationsListQueryOptions, type InvitationRole } from "@/lib/query/invitations";
import {
  countText,
  filterRows,
  hasFilters,
  INVITATION_CSV_COLUMNS,
  numberFormat,
  sortRows,
  toInvitationRows,
  type InvitationFilters,
  type InvitationRow,
} from "@/lib/query/invitations-view";

import { ChangeRoleDialog, RevokeDialog } from "./dialogs";
import { EmptyState } from "./empty-state";
import { InvitationFiltersBar, type FilterOption } from "./filters";
import { InvitationsTable, VIRTUALIZE_ABOVE } from "./table";
import { useInvitationMutations } from "./use-invitation-mutations";
import { useInvitationsParams } from "./use-invitations-params";

/**
 * The /invitations workspace: streamed list, URL-held filters and sort, count, progress,
 * export and row operations. Filtering 5,000 rows per keystroke stays cheap: rows are joined
 * and sorted only when data or sort change, the text filter reads a deferred value, and the
 * table's rows are memoized and virtualized past 1,000.
 */
export function InvitationsView({ viewerEmail }: { viewerEmail: string }) {
  const query = useQuery(invitationsListQueryOptions());
  const data = query.data;
  const { search, setFilters, setSort, clearFilters } = useInvitationsParams();
  const [q, setQ] = useState(search.filters.q);
  const deferredQ = useDeferredValue(q);

  // Streamed chunks (thousands of names arriving) re-join and re-sort 5,000 rows: deferred, so
  // that work yields to keystrokes instead of blocking them.
  const deferredData = useDeferredValue(data);
  const allRows = useMemo(() => (deferredData ? toInvitationRows(deferredData) : []), [deferredData]);
  const { id: sortId, desc: sortDesc } = search.sort;
  const sort = useMemo(() => ({ id: sortId, desc: sortDesc }), [sortId, sortDesc]);
  const sorted = useMemo(() => sortRows(allRows, sort), [allRows, sort]);
  const { course, role, state, owner } = search.filters;
  const filters: InvitationFilters = useMemo(() => ({ q: deferredQ, course, role, state, owner }), [deferredQ, course, role, state, owner]);
  const rows = useMemo(() => filterRows(sorted, filters), [sorted, filters]);
  const filtered = hasFilters({ ...filters, q });

  const courses = data?.courses;
  const people = data?.people;
  const [inviting, setInviting] = useState(false);
  const inviteCourses = useMemo(
    () => Object.values(courses ?? {}).sort((a, b) => a.name.localeCompare(b.name)),
    [courses],
  );
  const courseOptions = useMemo<FilterOption[]>(
    () =>
      Object.values(courses ?? {})
        .map((c) => ({ value: c.id, label: c.section ? `${c.name} — ${c.section}` : c.name }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [courses],
  );
  const ownerOptions = useMemo<FilterOption[]>(() => {
    const ids = new Set(Object.values(courses ?? {}).map((c) => c.ownerId));
    return [...ids]
      .filter(Boolean)
      .map((id) => ({ value: id, label: people?.[id]?.name ?? `User ${id}` }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [courses, people]);
  const stateOptions = useMemo(() => [...new Set(Object.values(courses ?? {}).map((c) => c.state))].sort(), [courses]);

  const mutations = useInvitationMutations(viewerEmail);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [revoking, setRevoking] = useState<InvitationRow[] | null>(null);
  const [reRoling, setReRoling] = useState<InvitationRow | null>(null);

  const selectedRows = useMemo(() => rows.filter((r) => selection[r.id]), [rows, selection]);
  const toggleRow = useCallback(
    (id: string, on: boolean) =>
      setSelection((prev) => {
        const next = { ...prev };
        if (on) next[id] = true;
        else delete next[id];
        return next;
      }),
    [],
  );
  const revokeMutate = mutations.revoke.mutate;
  const changeRoleMutate = mutations.changeRole.mutate;
  const onRevoke = useCallback((row: InvitationRow) => revokeMutate([row]), [revokeMutate]);
  const onChangeRole = useCallback((row: InvitationRow) => setReRoling(row), []);
  const onQChange = useCallback(
    (value: string) => {
      setQ(value);
      setFilters({ q: value });
    },
    [setFilters],
  );
  const onClear = useCallback(() => {
    setQ("");
    clearFilters();
  }, [clearFilters]);

  const exportCsv = () => {
    const csv = CSV_BOM + toCsv(rows, INVITATION_CSV_COLUMNS) + "\r\n";
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = csvFileName("invitations");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast.success(`Exported ${countText(rows.length)}.`);
  };

  const fatal = data?.error ?? (query.error ? { code: "ERROR", message: query.error.message } : null);
  const listed = Boolean(data?.listed);
  const loadingCourses = !listed && !fatal;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Invitations</h1>
          <p className="mt-1 text-sm text-slate-600">
            {data?.scope === "admin" ? "Pending invitations in every class of the domain." : "Pending invitations in the classes you teach."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" aria-expanded={inviting} aria-controls="new-invitation" onClick={() => setInviting((v) => !v)}>
            Invite
          </Button>
          <Link href="/invitations/bulk" className={buttonClasses("secondary", "sm")}>
            Bulk invite
          </Link>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching && listed ? "Refreshing…" : "Refresh"}
          </Button>
          <Button variant="secondary" size="sm" onClick={exportCsv} disabled={!listed || rows.length === 0}>
            Export CSV
          </Button>
        </div>
      </div>

      {inviting ? (
        <div id="new-invitation">
          <CreateInvitationForm courses={inviteCourses} title="New invitation" />
        </div>
      ) : null}

      <InvitationFiltersBar
        q={q}
        onQChange={onQChange}
        filters={search.filters}
        onChange={setFilters}
        onClear={onClear}
        courseOptions={courseOptions}
        ownerOptions={ownerOptions}
        stateOptions={stateOptions}
        filtered={filtered}
      />

      <div className="flex min-h-9 flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          <span data-testid="invitation-count" data-final={listed ? "true" : "false"} className="font-semibold text-slate-900">
            {data ? countText(rows.length) : "Loading invitations…"}
          </span>
          {data && filtered ? <span className="text-slate-500"> match, of {numberFormat.format(allRows.length)}</span> : null}
          {data && !listed ? <span className="text-slate-500"> so far</span> : null}
        </p>
        <div role="status" aria-live="polite" className="flex items-center gap-3 text-sm text-slate-600">
          {loadingCourses && data?.coursesTotal != null ? (
            <>
              <progress
                max={Math.max(1, data.coursesTotal)}
                value={data.coursesLoaded}
                aria-label="Courses loaded"
                className="h-2 w-40 overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
              />
              <span>
                Loading {numberFormat.format(data.coursesLoaded)} of {numberFormat.format(data.coursesTotal)} courses
              </span>
            </>
          ) : loadingCourses ? (
            <span>Loading your classes…</span>
          ) : listed && data && !data.complete ? (
            <span>Looking up names…</span>
          ) : listed && data ? (
            <span className="sr-only">
              Loaded {countText(allRows.length)} from {numberFormat.format(data.coursesTotal ?? 0)} courses.
            </span>
          ) : null}
        </div>
      </div>

      {fatal ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
          <p>
            <strong className="font-semibold">The invitations could not all be loaded.</strong> {fatal.message}
          </p>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}

      {data && data.failures.length > 0 ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <div>
            <p className="font-semibold">
              {numberFormat.format(data.failures.length)} {data.failures.length === 1 ? "class" : "classes"} could not be read, so the count leaves them out.
            </p>
            <p className="mt-1">
              {data.failures
                .slice(0, 3)
                .map((f) => `${data.courses[f.courseId]?.name ?? f.courseId}: ${f.message}`)
                .join(" · ")}
            </p>
          </div>
          <Button variant="secondary" size="sm" onClick={() => void mutations.refreshCourses(data.failures.map((f) => f.courseId))}>
            Retry these classes
          </Button>
        </div>
      ) : null}

      {selectedRows.length > 0 ? (
        <div className="sticky top-2 z-20 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg">
          <span>{numberFormat.format(selectedRows.length)} selected</span>
          <div className="flex gap-2">
            <Button variant="ghost" size="sm" className="text-white hover:bg-slate-800" onClick={() => setSelection({})}>
              Clear selection
            </Button>
            <Button variant="danger" size="sm" onClick={() => setRevoking(selectedRows)}>
              Revoke selected
            </Button>
          </div>
        </div>
      ) : null}

      {!data ? (
        fatal ? null : <TableSkeleton />
      ) : rows.length === 0 && (listed || filtered) ? (
        <EmptyState filtered={filtered} onClear={onClear} />
      ) : (
        <InvitationsTable
          rows={rows}
          virtual={allRows.length > VIRTUALIZE_ABOVE}
          sort={sort}
          onSort={setSort}
          selection={selection}
          onSelectionChange={setSelection}
          onToggleRow={toggleRow}
          notes={mutations.notes}
          busy={mutations.busy}
          onRevoke={onRevoke}
          onChangeRole={onChangeRole}
          caption={`Pending invitations, sorted by ${sort.id}${sort.desc ? " descending" : ""}`}
        />
      )}

      <RevokeDialog
        rows={revoking}
        onClose={() => setRevoking(null)}
        onConfirm={(list) => {
          setRevoking(null);
          setSelection({});
          revokeMutate(list);
        }}
      />
      <ChangeRoleDialog
        row={reRoling}
        onClose={() => setReRoling(null)}
        onConfirm={(row, toRole: InvitationRole) => {
          setReRoling(null);
          changeRoleMutate({ row, toRole });
        }}
      />
    </div>
  );
}

export function TableSkeleton() {
  return (
    <div aria-hidden className="space-y-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
