"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useEffect, useState } from "react";

import { ColumnHeads } from "@/components/ui/column-heads";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { FilterDate, FilterSearch, FilterSelect } from "@/components/ui/filter-field";
import { countText } from "@/lib/format/count";
import { exactTime, timeAgo } from "@/lib/format/time";
import { activityExportHref, activityQueryOptions, activityRunQueryOptions } from "@/lib/query/activity";
import {
  ACTIVITY_ACTION_LABELS,
  ACTIVITY_ACTIONS,
  activityOutcomeText,
  activityRoleText,
  type ActivityActionName,
  type ActivityEntryView,
  type ActivitySearch,
} from "@/lib/view/activity";

import { useActivityParams } from "./use-activity-params";

const OUTCOME_OPTIONS = [
  { value: "ok", label: "Succeeded" },
  { value: "error", label: "Failed" },
];

const COLUMNS = ["When", "Who", "Action", "Course", "Invitee", "Role", "Outcome"] as const;

/**
 * A text filter kept in the URL, applied as you type: the log is read from the database, so
 * one request per pause in typing.
 */
function useTypedFilter(value: string | undefined, apply: (v: string | undefined) => void) {
  const [text, setText] = useState(value ?? "");
  useEffect(() => {
    if ((value ?? "") === text.trim()) return;
    const t = setTimeout(() => apply(text.trim() || undefined), 300);
    return () => clearTimeout(t);
  }, [text, value, apply]);
  return [text, setText] as const;
}

/** The activity log. What the viewer may see is decided by the server. */
export function ActivityLog({ isAdmin }: { isAdmin: boolean }) {
  const { search, setSearch } = useActivityParams();
  const query = useQuery(activityQueryOptions(search));
  const [q, setQ] = useTypedFilter(search.q, (v) => setSearch({ q: v }, { replace: true }));
  const [actor, setActor] = useTypedFilter(search.actor, (v) => setSearch({ actor: v }, { replace: true }));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const entries = query.data?.entries ?? [];
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Activity</h1>
          <p className="mt-1 text-sm text-slate-600">
            {isAdmin
              ? "Every invitation created, revoked or changed through the dashboard, across the domain."
              : "Invitations created, revoked or changed through the dashboard in the classes you teach."}
          </p>
        </div>
        <a href={activityExportHref(search)} download className={buttonClasses("secondary", "sm")}>
          Export CSV
        </a>
      </div>

      <div
        role="search"
        aria-label="Filter activity"
        className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-3"
      >
        <FilterSearch
          label="Search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Invitee, class, person or error"
        />
        <FilterSelect
          label="Action"
          allLabel="All actions"
          value={search.action ?? ""}
          options={ACTIVITY_ACTIONS.map((a) => ({ value: a, label: ACTIVITY_ACTION_LABELS[a] }))}
          onChange={(action) => setSearch({ action: action || undefined })}
        />
        <FilterSelect
          label="Outcome"
          allLabel="Any outcome"
          value={search.outcome ?? ""}
          options={OUTCOME_OPTIONS}
          onChange={(v) => setSearch({ outcome: v === "ok" || v === "error" ? v : undefined })}
        />
        {isAdmin ? (
          <FilterSearch
            label="Done by"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            placeholder="Part of a name or email"
          />
        ) : null}
        <FilterDate
          label="From (UTC)"
          value={search.from ?? ""}
          max={search.to}
          onChange={(e) => setSearch({ from: e.target.value || undefined })}
        />
        <FilterDate
          label="To (UTC)"
          value={search.to ?? ""}
          min={search.from}
          onChange={(e) => setSearch({ to: e.target.value || undefined })}
        />
      </div>

      <p className="text-sm text-slate-700" aria-live="polite">
        {query.isPending ? (
          "Loading activity…"
        ) : (
          <>
            <span data-testid="activity-count" className="font-semibold text-slate-900">
              {countText(entries.length, "entry")}
            </span>
            {query.data?.nextBefore ? " (newest first; older entries on the next page)" : null}
            {search.before ? " (older entries)" : null}
            {query.isFetching ? " · updating…" : null}
          </>
        )}
      </p>

      {query.isError && !query.data ? (
        <div
          role="alert"
          className="flex items-center justify-between gap-3 rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200"
        >
          <p>{query.error.message}</p>
          <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}

      {query.data && entries.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-600">
          {Object.keys(search).length ? (
            "No activity matches these filters."
          ) : (
            <>
              Nothing has been done through the dashboard yet.{" "}
              <Link href="/help" className="text-brand-700 underline">
                How invitations work
              </Link>
            </>
          )}
        </p>
      ) : null}

      {entries.length > 0 ? (
        <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full min-w-[60rem] text-left text-sm">
            <caption className="sr-only">Activity log, newest first; a bulk run or job is one expandable entry</caption>
            <ColumnHeads look="banded" columns={[...COLUMNS]} />
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <Fragment key={e.id}>
                  <EntryRow
                    entry={e}
                    expanded={open.has(e.id)}
                    onToggle={e.run && e.batchId ? () => toggle(e.id) : undefined}
                  />
                  {e.run && e.batchId && open.has(e.id) ? <RunRows batchId={e.batchId} search={search} /> : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div className="flex gap-3">
        {search.before ? (
          <Button variant="secondary" size="sm" onClick={() => setSearch({ before: undefined })}>
            Newest entries
          </Button>
        ) : null}
        {query.data?.nextBefore ? (
          <Button variant="secondary" size="sm" onClick={() => setSearch({ before: query.data!.nextBefore! })}>
            Older entries
          </Button>
        ) : null}
      </div>
    </div>
  );
}

const dash = <span className="text-slate-500">—</span>;

function EntryRow({
  entry: e,
  expanded,
  onToggle,
  nested = false,
}: {
  entry: ActivityEntryView;
  expanded?: boolean;
  onToggle?: () => void;
  nested?: boolean;
}) {
  const outcome = activityOutcomeText(e);
  return (
    <tr className={nested ? "bg-slate-50" : undefined} data-testid={nested ? "activity-run-row" : "activity-entry"}>
      <td className={`py-2 pr-3 whitespace-nowrap text-slate-700 ${nested ? "pl-8" : "pl-3"}`}>
        <time dateTime={e.at} title={exactTime(e.at)} suppressHydrationWarning>
          {timeAgo(e.at)}
        </time>
      </td>
      <td className="max-w-56 truncate px-3 py-2" title={e.actorEmail}>
        {e.actorEmail}
      </td>
      <td className="px-3 py-2">
        {ACTIVITY_ACTION_LABELS[e.action as ActivityActionName] ?? e.action}
        {onToggle && e.run ? (
          <Button variant="ghost" size="sm" className="ml-1" aria-expanded={expanded} onClick={onToggle}>
            {expanded ? "Hide" : "Show"} {countText(e.run.count, "row")}
          </Button>
        ) : null}
      </td>
      <td className="max-w-64 truncate px-3 py-2">
        {e.courseId ? (
          <Link
            href={`/courses/${encodeURIComponent(e.courseId)}`}
            prefetch={false}
            className="text-brand-700 hover:underline"
          >
            {e.courseName ?? e.courseId}
          </Link>
        ) : e.run ? (
          <span className="text-slate-600">Several classes</span>
        ) : (
          dash
        )}
      </td>
      <td className="max-w-56 truncate px-3 py-2" title={e.invitee ?? undefined}>
        {e.invitee ?? (e.run ? <span className="text-slate-600">Several people</span> : dash)}
      </td>
      <td className="px-3 py-2">{e.role ? activityRoleText(e.role) : dash}</td>
      <td className="max-w-80 px-3 py-2">
        <Badge tone={e.outcome === "ok" ? "green" : e.run && e.run.ok > 0 ? "amber" : "red"}>
          {e.outcome === "ok" ? "Succeeded" : e.run && e.run.ok > 0 ? "Partly failed" : "Failed"}
        </Badge>
        {outcome !== "Succeeded." ? (
          <p className="mt-1 text-xs text-slate-700" data-testid="activity-outcome">
            {outcome}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** A run's own rows, read when it is expanded. */
function RunRows({ batchId, search }: { batchId: string; search: ActivitySearch }) {
  const query = useQuery(activityRunQueryOptions(batchId, search));
  if (!query.data) {
    return (
      <tr>
        <td colSpan={COLUMNS.length} className="bg-slate-50 py-2 pl-8 text-sm text-slate-700" aria-live="polite">
          {query.isError ? query.error.message : "Loading the run's rows…"}
        </td>
      </tr>
    );
  }
  return query.data.entries.map((e) => <EntryRow key={e.id} entry={e} nested />);
}
