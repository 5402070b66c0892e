"use client";

import type { JoinSetting } from "@/lib/domain-policy";

import Link from "next/link";
import { lazy, Suspense, useCallback, useMemo, useState } from "react";

import { useInvitationWrites, type WriteTarget } from "@/components/invitations/writes/use-invitation-writes";
import { Button, buttonClasses } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { INVITATION_CSV_COLUMNS, type InvitationRow } from "@/lib/view/invitation-rows";

import { EmptyState } from "./empty-state";
import { InvitationFiltersBar, useFilterOptions } from "./filters";
import { CountLine, LoadProblems, SelectionBar } from "./list-status";
import { RowDialogs, type OpenDialog } from "./row-dialogs";
import { InvitationsTable, VIRTUALIZE_ABOVE, type RowSelection } from "./table";
import { DroppedFiltersNotice, useUnknownFilters } from "./unknown-filters";
import { useInvitationRows } from "./use-invitation-rows";

// Not needed for the first paint: loaded when first shown, so they stay out of the page's
// first-load JS. React.lazy rather than next/dynamic, which adds its own ~2 kB. The empty state,
// load problems and selection bar stay static: lazy, Turbopack moved 6.6 kB onto every page.
const InviteDialog = lazy(() => import("./invite-dialog").then((m) => ({ default: m.InviteDialog })));
const JobProgress = lazy(() => import("@/components/jobs/job-progress").then((m) => ({ default: m.JobProgress })));

/**
 * The /invitations workspace: the streamed list with its URL-held filters and sort
 * (useInvitationRows), the count and progress, export, selection and the row operations.
 */
export function InvitationsView({
  viewerEmail,
  scope,
  joinSetting,
}: {
  viewerEmail: string;
  /** The viewer's reach, known before any row arrives, so the subtitle is right while loading. */
  scope: "admin" | "teacher";
  /** The school's "who can join classes" setting, for the invite form's warnings. */
  joinSetting?: JoinSetting | null;
}) {
  const list = useInvitationRows();
  const { query, view, rows, allRows, listed, fatal, filtered, sort } = list;
  const options = useFilterOptions(view?.courses, view?.people);
  const unknownFilters = useUnknownFilters({
    filters: list.search.filters,
    listed: listed && !fatal,
    courseOptions: options.courseOptions,
    ownerOptions: options.ownerOptions,
    setFilters: list.setFilters,
  });
  const [inviting, setInviting] = useState(false);
  const inviteCourses = useMemo(
    () => Object.values(view?.courses ?? {}).sort((a, b) => a.name.localeCompare(b.name)),
    [view?.courses],
  );

  const writes = useInvitationWrites();
  const [selection, setSelection] = useState<RowSelection>({});
  const [dialog, setDialog] = useState<OpenDialog>(null);
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
  const { revoke, changeRole, resend } = writes;
  const onRevoke = useCallback((row: InvitationRow) => setDialog({ kind: "revoke", rows: [target(row)] }), []);
  const onChangeRole = useCallback((row: InvitationRow) => setDialog({ kind: "role", rows: [target(row)] }), []);
  const onResend = useCallback((row: InvitationRow) => void resend([target(row)]), [resend]);
  const dialogWrites = useMemo(() => {
    // What is revoked or re-created (a new invitation, with a new id) leaves the selection; the rest of it stays.
    const deselect = (list: readonly WriteTarget[]) =>
      setSelection((prev) => {
        const next = { ...prev };
        for (const r of list) delete next[r.id];
        return next;
      });
    return {
      changeRole: (list: WriteTarget[], toRole: InvitationRole) => {
        deselect(list);
        return changeRole(list, toRole);
      },
      revoke: (list: WriteTarget[]) => {
        deselect(list);
        return revoke(list);
      },
    };
  }, [revoke, changeRole]);

  const exportCsv = async () => {
    // The CSV writer (papaparse) loads on first export, not with the page.
    const { downloadCsv } = await import("@/lib/view/csv");
    downloadCsv(rows, INVITATION_CSV_COLUMNS, "invitations");
    toast.success(`Exported ${countText(rows.length)}.`);
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Invitations</h1>
          <p className="mt-1 text-sm text-slate-600">
            {(view?.scope ?? scope) === "admin"
              ? "Pending invitations in every class of the domain."
              : "Pending invitations in the classes you teach."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" aria-haspopup="dialog" onClick={() => setInviting(true)}>
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
        <Suspense fallback={null}>
          <InviteDialog
            onClose={() => setInviting(false)}
            courses={inviteCourses}
            viewer={{ email: viewerEmail, isAdmin: scope === "admin", joinSetting }}
          />
        </Suspense>
      ) : null}

      <DroppedFiltersNotice dropped={unknownFilters.dropped} onDismiss={unknownFilters.dismiss} />

      <InvitationFiltersBar
        q={list.q}
        onQChange={list.onQChange}
        filters={list.search.filters}
        onChange={list.setFilters}
        onClear={list.onClear}
        {...options}
        filtered={filtered}
      />

      <CountLine
        view={view}
        shown={rows.length}
        total={allRows.length}
        filtered={filtered}
        listed={listed}
        loading={!listed && !fatal}
      />

      <LoadProblems
        view={view}
        fatal={fatal}
        onRetry={() => void query.refetch()}
        onRetryCourses={(ids) => void writes.refreshCourses(ids)}
      />

      <SelectionBar
        count={selectedRows.length}
        onClear={() => setSelection({})}
        onRevoke={() => setDialog({ kind: "revoke", rows: selectedRows.map(target) })}
        onResend={() => {
          setSelection({});
          void resend(selectedRows.map(target));
        }}
        onChangeRole={() => setDialog({ kind: "role", rows: selectedRows.map(target) })}
      />

      {writes.jobs.map((jobId) => (
        <div key={jobId} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <Suspense fallback={<p className="text-sm text-slate-600">Loading the job…</p>}>
            {/* fetchRows: the same read as the write that follows the job (list-jobs.ts), not a second one. */}
            <JobProgress jobId={jobId} showRows={false} fetchRows />
          </Suspense>
        </div>
      ))}

      {!view ? (
        fatal ? null : (
          <TableSkeleton />
        )
      ) : fatal && allRows.length === 0 ? null : rows.length === 0 && (listed || filtered) ? (
        <EmptyState filtered={filtered} onClear={list.onClear} working={writes.jobs.length > 0} />
      ) : (
        <InvitationsTable
          rows={rows}
          virtual={allRows.length > VIRTUALIZE_ABOVE}
          sort={sort}
          onSort={list.setSort}
          selection={selection}
          onSelectionChange={setSelection}
          onToggleRow={toggleRow}
          notes={writes.notes}
          busy={writes.busy}
          onRevoke={onRevoke}
          onChangeRole={onChangeRole}
          onResend={onResend}
          caption={`Pending invitations, sorted by ${sort.id}${sort.desc ? " descending" : ""}`}
        />
      )}

      <RowDialogs open={dialog} onClose={() => setDialog(null)} writes={dialogWrites} />
    </div>
  );
}

/** A table row as the write code names it. */
const target = (r: InvitationRow): WriteTarget => ({
  id: r.id,
  courseId: r.courseId,
  userId: r.userId,
  role: r.role,
  who: r.inviteeName ?? r.inviteeEmail ?? `User ${r.userId}`,
  courseName: r.courseName,
});

export function TableSkeleton() {
  return (
    <div aria-hidden className="space-y-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}
