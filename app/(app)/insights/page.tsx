import type { Metadata } from "next";

import { BarChart } from "@/components/insights/bar-chart";
import { WeeklyChart } from "@/components/insights/weekly-chart";
import { StaffOnlyNotice } from "@/components/layout/staff-only-notice";
import { Button } from "@/components/ui/button";
import { fieldSelectClass } from "@/components/ui/field";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireToken, requireUser } from "@/lib/auth/session";
import { courseLabel } from "@/lib/bulk/plan";
import { INVITATION_ROLES, ROLE_LABELS } from "@/lib/concepts";
import { classifyNoticedGone, loadHistory } from "@/lib/loaders/insights";
import { loadInvitationsSnapshot } from "@/lib/loaders/invitations";
import { courseStateLabel } from "@/lib/view/course-state";
import { buildInsights } from "@/lib/view/insights";
import { toInvitationRows } from "@/lib/view/invitation-rows";
import { AGE_OPTIONS } from "@/lib/view/invitation-age";
import { filterRows, parseInvitationSearch } from "@/lib/view/invitation-search";
import { WEEKS } from "@/lib/view/invitation-lifecycle";
import { countText, numberFormat as nf } from "@/lib/format/count";
import { durationText } from "@/lib/format/time";

export const metadata: Metadata = { title: "Insights" };

/**
 * Who was invited and never joined: the pending invitations of the classes the viewer manages
 * (the /invitations listing, its cache and its filters), and what became of the ones that left
 * the list, as charts drawn on the server.
 */
export default async function InsightsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const user = await requireUser();
  if (!canManageInvitations(user.role)) return <StaffOnlyNotice title="Insights are for teachers and administrators" />;
  const token = await requireToken(user);
  const params = new URLSearchParams(
    Object.entries(await searchParams).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
  );
  const { filters } = parseInvitationSearch(params);
  const snapshot = await loadInvitationsSnapshot(user, token);
  const rows = toInvitationRows(snapshot);
  const insights = buildInsights(filterRows(rows, filters), filters);
  // The listing above noticed which invitations left; reading their classes' members now tells
  // accepted from revoked before the history is drawn.
  await classifyNoticedGone(token, snapshot);
  const history = await loadHistory(snapshot, filters).catch((e: unknown) => {
    console.error("[insights] history unavailable", e instanceof Error ? e.message : e);
    return null;
  });
  const courses = Object.values(snapshot.courses).sort((a, b) => courseLabel(a).localeCompare(courseLabel(b)));
  const owners = [...new Map(rows.map((r) => [r.ownerId, r.ownerName ?? r.ownerId])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1]),
  );
  const states = [...new Set(courses.map((c) => c.state))].sort();
  const select = (name: string, label: string, all: string, options: [string, string][], value: string) => (
    <div>
      <label htmlFor={`insights-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`insights-${name}`} name={name} defaultValue={value} className={fieldSelectClass}>
        <option value="">{all}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Insights</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          {`${nf.format(insights.total)} pending ${insights.total === 1 ? "invitation" : "invitations"}: people invited who have not joined yet. `}
          Classroom keeps no date on an invitation, so an invitation&apos;s age is counted from when this dashboard
          first saw it — when it was sent from here, or first listed here if it was sent elsewhere. Click a bar for the
          matching list.
          {snapshot.failures.length > 0
            ? ` ${snapshot.failures.length} classes could not be read: the numbers are a lower bound.`
            : ""}
        </p>
      </div>
      <form
        method="get"
        className="grid gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-3 sm:items-end lg:grid-cols-6"
      >
        {select(
          "course",
          "Class",
          "All classes",
          courses.map((c) => [c.id, courseLabel(c)]),
          filters.course,
        )}
        {select(
          "role",
          "Role",
          "All roles",
          INVITATION_ROLES.map((r) => [r, ROLE_LABELS[r]]),
          filters.role,
        )}
        {select(
          "state",
          "Class state",
          "All states",
          states.map((s) => [s, courseStateLabel(s)]),
          filters.state,
        )}
        {select("owner", "Owner", "All owners", owners, filters.owner)}
        {select(
          "older",
          "Pending for",
          "Any time",
          AGE_OPTIONS.map((o) => [o.value, o.label]),
          filters.olderThan,
        )}
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </form>
      <div className="grid gap-6 lg:grid-cols-2">
        <BarChart id="by-age" title="Pending invitations by age" bars={insights.byAge} />
        <BarChart id="by-class" title="Pending invitations by class" bars={insights.byClass} />
        <BarChart id="by-owner" title="Pending invitations by owner" bars={insights.byOwner} />
      </div>
      {insights.unknownAge > 0 ? (
        <p className="text-sm text-slate-600">{`${nf.format(insights.unknownAge)} of them have no first-seen record yet.`}</p>
      ) : null}
      <section aria-labelledby="history-title" className="space-y-4">
        <div>
          <h2 id="history-title" className="text-xl font-semibold">
            Acceptance over time
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            {`The last ${WEEKS} weeks, as observed by the dashboard. Classroom doesn't say when an invitation is accepted or revoked: it just leaves the list. The dashboard records it when it accepts, revokes or declines one itself, and otherwise when it next lists the class (on the invitations list, here, or on the class's page) and finds it gone; an invitation that disappears between two looks is dated by the look that noticed it. A gone invitation counts as accepted if the person is now in the class in that role, and as revoked or declined if not. Weeks start on Monday (UTC). The class, role, state and owner filters apply; the search and "pending for" filters describe pending invitations only.`}
          </p>
        </div>
        {history ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <WeeklyChart id="by-week" title="Invited vs accepted per week" weeks={history.weeks} />
            <div className="space-y-2">
              <p className="text-sm" data-testid="ended">
                {`Ended in these weeks: ${nf.format(history.ended.accepted)} accepted, ${nf.format(history.ended.revoked)} revoked or declined` +
                  (history.ended.replaced > 0
                    ? `, ${nf.format(history.ended.replaced)} replaced by a new invitation (a change of role or a resend).`
                    : ".")}
              </p>
              <p className="text-sm" data-testid="median-overall">
                {history.overall
                  ? `Median time to accept: ${durationText(history.overall.medianMs)}, over ${countText(history.overall.count, "accepted invitation")}.`
                  : `No invitation was seen accepted in the last ${WEEKS} weeks.`}
              </p>
              <BarChart
                id="accept-time"
                title="Median time to accept, by class"
                bars={history.byClass}
                unit="to accept"
                groupLabel="Class"
                valueLabel="Median"
                detailLabel="Accepted"
                emptyText="No accepted invitations yet."
              />
            </div>
          </div>
        ) : (
          <p className="text-sm text-slate-600">
            The history could not be read just now. Reload the page to try again.
          </p>
        )}
      </section>
    </div>
  );
}
