"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { lazy, Suspense, useCallback, useDeferredValue, useMemo, useState } from "react";

import { Button, buttonClasses } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { invitationsListQueryOptions } from "@/lib/query/invitations";
import type { InvitationRole } from "@/lib/view/invitations";
import {
  countText,
  COURSE_STATE_LABELS,
  createRowJoiner,
  createRowSorter,
  filterRows,
  hasFilters,
  INVITATION_CSV_COLUMNS,
  numberFormat,
  type InvitationFilters,
  type InvitationRow,
} from "@/lib/view/invitation-rows";

import { EmptyState } from "./empty-state";
import { InvitationFiltersBar, type FilterOption } from "./filters";
import { InvitationsTable, VIRTUALIZE_ABOVE, type RowSelection } from "./table";
import { useInvitationMutations } from "./use-invitation-mutations";
import { useInvitationsParams } from "./use-invitations-params";

// Not needed for the first paint: loaded when first opened, so they stay out of the page's
// first-load JS (issue 5 (e)). React.lazy rather than next/dynamic, which adds its own ~2 kB.
const CreateInvitationForm = lazy(() =>
  import("@/components/invitations/create-form").then((m) => ({ default: m.CreateInvitationForm })),
);
const RevokeDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.RevokeDialog })));
const ChangeRoleDialog = lazy(() => import("./dialogs").then((m) => ({ default: m.ChangeRoleDialog })));

/**
 * The /invitations workspace: streamed list, URL-held filters and sort, count, progress,
 * export and row operations. Filtering 5,000 rows per keystroke stays cheap: rows are joined
 * once per invitation (names arriving rebuild only the rows they name) and re-sorted only when
 * the list, the sort or (for name sorts) the names change; the text filter reads a deferred
 * value; the table's rows are memoized and virtualized past 1,000.
 *
 * Everything shown, the count and its "final" mark included, is derived from one deferred
 * snapshot (`view`), so the page never marks a count final that it has not rendered yet.
 */
export function InvitationsView({ viewerEmail }: { viewerEmail: string }) {
  const query = useQuery(invitationsListQueryOptions());
  const data = query.data;
  const { search, setFilters, setSort, clearFilters } = useInvitationsParams();
  const [q, setQ] = useState(search.filters.q);
  const deferredQ = useDeferredValue(q);

  // Streamed chunks (names arriving) update the rows in a deferred render that yields to keystrokes.
  const view = useDeferredValue(data);
  const [joinRows] = useState(createRowJoiner);
  const [sortJoined] = useState(createRowSorter);
  const allRows = useMemo(() => (view ? joinRows(view) : []), [view, joinRows]);
  const { id: sortId, desc: sortDesc } = search.sort;
  const sort = useMemo(() => ({ id: sortId, desc: sortDesc }), [sortId, sortDesc]);
  const sorted = useMemo(() => (view ? sortJoined(allRows, view, sort) : []), [allRows, view, sort, sortJoined]);
  const { course, role, state, owner } = search.filters;
  const filters: InvitationFilters = useMemo(
    () => ({ q: deferredQ, course, role, state, owner }),
    [deferredQ, course, role, state, owner],
  );
  const rows = useMemo(() => filterRows(sorted, filters), [sorted, filters]);
  const filtered = hasFilters({ ...filters, q });

  const courses = view?.courses;
  const people = view?.people;
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
  const stateOptions = useMemo<FilterOption[]>(
    () =>
      [...new Set(Object.values(courses ?? {}).map((c) => c.state))]
        .sort()
        .map((s) => ({ value: s, label: COURSE_STATE_LABELS[s] ?? s })),
    [courses],
  );

  const mutations = useInvitationMutations(viewerEmail);
  const [selection, setSelection] = useState<RowSelection>({});
  const [revoking, setRevoking] = useState<InvitationRow[] | null>(null);
  const [reRoling, setReRoling] = useState<InvitationRow | null>(null);

  const selectedRows = useMemo(
    () => (Object.keys(selection).length ? rows.filter((r) => selection[r.id]) : []),
    [rows, selection],
  );
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

  const exportCsv = async () => {
    // The CSV writer (papaparse) loads on first export, not with the page.
    const { CSV_BOM, csvFileName, toCsv } = await import("@/lib/view/csv");
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

  const fatal = view?.error ?? (query.error ? { code: "ERROR", message: query.error.message } : null);
  // Final only once the snapshot whose rows are on screen is complete (not merely the latest one).
  const listed = Boolean(view?.listed);
  const loadingCourses = !listed && !fatal;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Invitations</h1>
          <p className="mt-1 text-sm text-slate-600">
            {view?.scope === "admin"
              ? "Pending invitations in every class of the domain."
              : "Pending invitations in the classes you teach."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            aria-expanded={inviting}
            aria-controls="new-invitation"
            onClick={() => setInviting((v) => !v)}
          >
            Invite
          </Button>
          <Link href="/invitations/bulk" className={buttonClasses("secondary", "sm")}>
            Bulk invite
          </Link>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching && listed ? "Refreshing…" : "Refresh"}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void exportCsv()}
            disabled={!listed || rows.length === 0}
          >
            Export CSV
          </Button>
        </div>
      </div>

      {inviting ? (
        <div id="new-invitation">
          <Suspense fallback={<p className="text-sm text-slate-600">Loading the form…</p>}>
            <CreateInvitationForm courses={inviteCourses} title="New invitation" />
          </Suspense>
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
          <span
            data-testid="invitation-count"
            data-final={listed ? "true" : "false"}
            className="font-semibold text-slate-900"
          >
            {view ? countText(rows.length) : "Loading invitations…"}
          </span>
          {view && filtered ? (
            <span className="text-slate-500"> match, of {numberFormat.format(allRows.length)}</span>
          ) : null}
          {view && !listed ? <span className="text-slate-500"> so far</span> : null}
        </p>
        <div role="status" aria-live="polite" className="flex items-center gap-3 text-sm text-slate-600">
          {loadingCourses && view?.coursesTotal != null ? (
            <>
              <progress
                max={Math.max(1, view.coursesTotal)}
                value={view.coursesLoaded}
                aria-label="Courses loaded"
                className="h-2 w-40 overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
              />
              <span>
                Loading {numberFormat.format(view.coursesLoaded)} of {numberFormat.format(view.coursesTotal)} courses
              </span>
            </>
          ) : loadingCourses ? (
            <span>Loading your classes…</span>
          ) : listed && view && !view.complete ? (
            <span>Looking up names…</span>
          ) : listed && view ? (
            <span className="sr-only">
              Loaded {countText(allRows.length)} from {numberFormat.format(view.coursesTotal ?? 0)} courses.
            </span>
          ) : null}
        </div>
      </div>

      {fatal ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200"
        >
          <p>
            <strong className="font-semibold">The invitations could not all be loaded.</strong> {fatal.message}
          </p>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}

      {view && view.failures.length > 0 ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <div>
            <p className="font-semibold">
              {numberFormat.format(view.failures.length)} {view.failures.length === 1 ? "class" : "classes"} could not
              be read, so the count leaves them out.
            </p>
            <p className="mt-1">
              {view.failures
                .slice(0, 3)
                .map((f) => `${view.courses[f.courseId]?.name ?? f.courseId}: ${f.message}`)
                .join(" · ")}
            </p>
          </div>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void mutations.refreshCourses(view.failures.map((f) => f.courseId))}
          >
            Retry these classes
          </Button>
        </div>
      ) : null}

      {selectedRows.length > 0 ? (
        <div className="sticky top-2 z-20 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg">
          <span>{numberFormat.format(selectedRows.length)} selected</span>
          <div className="flex gap-2">
            <Button
              variant="ghost"
              size="sm"
              className="text-white hover:bg-slate-800"
              onClick={() => setSelection({})}
            >
              Clear selection
            </Button>
            <Button variant="danger" size="sm" onClick={() => setRevoking(selectedRows)}>
              Revoke selected
            </Button>
          </div>
        </div>
      ) : null}

      {!view ? (
        fatal ? null : (
          <TableSkeleton />
        )
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

      {revoking ? (
        <Suspense fallback={null}>
          <RevokeDialog
            rows={revoking}
            onClose={() => setRevoking(null)}
            onConfirm={(list) => {
              setRevoking(null);
              setSelection({});
              revokeMutate(list);
            }}
          />
        </Suspense>
      ) : null}
      {reRoling ? (
        <Suspense fallback={null}>
          <ChangeRoleDialog
            row={reRoling}
            onClose={() => setReRoling(null)}
            onConfirm={(row, toRole: InvitationRole) => {
              setReRoling(null);
              changeRoleMutate({ row, toRole });
            }}
          />
        </Suspense>
      ) : null}
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
