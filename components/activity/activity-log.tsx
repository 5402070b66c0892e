"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";

import { ColumnHeads } from "@/components/ui/column-heads";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FilterSearch, FilterSelect } from "@/components/ui/filter-field";
import { ROLE_LABELS, type InvitationRole } from "@/lib/concepts";
import { countText } from "@/lib/format/count";
import { exactTime, timeAgo } from "@/lib/format/time";
import { activityQueryOptions } from "@/lib/query/activity";
import { ACTIVITY_ACTION_LABELS, ACTIVITY_ACTIONS, type ActivityActionName } from "@/lib/view/activity";

import { useActivityParams } from "./use-activity-params";

const OUTCOME_OPTIONS = [
  { value: "ok", label: "Succeeded" },
  { value: "error", label: "Failed" },
];

/** "TEACHER→OWNER" → "Co-teacher → Owner"; an unknown role is shown as stored. */
const roleText = (role: string) =>
  role
    .split("→")
    .map((r) => ROLE_LABELS[r as InvitationRole] ?? r)
    .join(" → ");

/** The activity log. What the viewer may see is decided by the server. */
export function ActivityLog({ isAdmin }: { isAdmin: boolean }) {
  const { search, setSearch } = useActivityParams();
  const query = useQuery(activityQueryOptions(search));
  const [q, setQ] = useState(search.q ?? "");

  // Debounced: the log is read from the database, one request per pause in typing.
  useEffect(() => {
    if ((search.q ?? "") === q) return;
    const t = setTimeout(() => setSearch({ q }), 300);
    return () => clearTimeout(t);
  }, [q, search.q, setSearch]);

  const entries = query.data?.entries ?? [];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className="mt-1 text-sm text-slate-600">
          {isAdmin
            ? "Every invitation created, revoked or changed through the dashboard, across the domain."
            : "Invitations created, revoked or changed through the dashboard in the classes you teach."}
        </p>
      </div>

      <div
        role="search"
        aria-label="Filter activity"
        className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4"
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
            label="Done by (email)"
            defaultValue={search.actor ?? ""}
            onBlur={(e) => setSearch({ actor: e.target.value.trim() || undefined })}
            onKeyDown={(e) => {
              if (e.key === "Enter") setSearch({ actor: e.currentTarget.value.trim() || undefined });
            }}
          />
        ) : null}
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
          {Object.keys(search).length
            ? "No activity matches these filters."
            : "Nothing has been done through the dashboard yet."}
        </p>
      ) : null}

      {entries.length > 0 ? (
        <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full min-w-[56rem] text-left text-sm">
            <caption className="sr-only">Activity log, newest first</caption>
            <ColumnHeads look="banded" columns={["When", "Who", "Action", "Course", "Invitee", "Role", "Outcome"]} />
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                    <time dateTime={e.at} title={exactTime(e.at)} suppressHydrationWarning>
                      {timeAgo(e.at)}
                    </time>
                  </td>
                  <td className="max-w-56 truncate px-3 py-2" title={e.actorEmail}>
                    {e.actorEmail}
                  </td>
                  <td className="px-3 py-2">{ACTIVITY_ACTION_LABELS[e.action as ActivityActionName] ?? e.action}</td>
                  <td className="max-w-64 truncate px-3 py-2">
                    {e.courseId ? (
                      <Link
                        href={`/courses/${encodeURIComponent(e.courseId)}`}
                        prefetch={false}
                        className="text-brand-700 hover:underline"
                      >
                        {e.courseName ?? e.courseId}
                      </Link>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                  <td className="max-w-56 truncate px-3 py-2" title={e.invitee ?? undefined}>
                    {e.invitee ?? <span className="text-slate-500">—</span>}
                  </td>
                  <td className="px-3 py-2">{e.role ? roleText(e.role) : <span className="text-slate-500">—</span>}</td>
                  <td className="px-3 py-2">
                    {e.outcome === "ok" ? (
                      <Badge tone="green">Succeeded</Badge>
                    ) : (
                      <Badge tone="red">Failed{e.errorCode ? `: ${e.errorCode}` : ""}</Badge>
                    )}
                  </td>
                </tr>
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
