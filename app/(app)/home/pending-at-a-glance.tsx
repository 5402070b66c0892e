import Link from "next/link";

import { Skeleton } from "@/components/ui/skeleton";
import { requireToken, type CurrentUser } from "@/lib/auth/session";
import { countText, numberFormat as nf } from "@/lib/format/count";
import { exactTime, timeAgo } from "@/lib/format/time";
import { loadPendingSummary } from "@/lib/loaders/pending-summary";

/** Pending invitations at a glance, for the people who send them. Streams in under Suspense. */
export async function PendingAtAGlance({ user }: { user: CurrentUser }) {
  const summary = await loadPendingSummary(user, await requireToken(user));
  if ("error" in summary) {
    return (
      <p role="status" className="rounded-2xl bg-white p-4 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">
        Pending invitations can&apos;t be counted right now. {summary.error.message}
      </p>
    );
  }
  const stats = [
    { label: "Pending", value: nf.format(summary.pending), hint: countText(summary.pending) + " waiting" },
    {
      label: "Oldest pending",
      value: summary.oldestFirstSeenAt ? timeAgo(summary.oldestFirstSeenAt) : "—",
      hint: summary.oldestFirstSeenAt ? `First seen ${exactTime(summary.oldestFirstSeenAt)}` : "Nothing pending",
    },
    {
      label: "New in the last 7 days",
      value: nf.format(summary.lastWeek),
      hint: "Pending invitations first seen this week",
    },
  ];
  return (
    <div className="space-y-2">
      <dl className="grid gap-3 sm:grid-cols-3">
        {stats.map((s) => (
          <div key={s.label} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{s.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.value}</dd>
            <dd className="text-xs text-slate-500">{s.hint}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">
        {summary.partial ? "Some classes could not be read, so these are lower bounds. " : null}
        <Link href="/invitations" className="font-medium text-brand-700 underline">
          See all pending invitations
        </Link>
      </p>
    </div>
  );
}

export function PendingAtAGlanceSkeleton() {
  return (
    <div aria-busy="true" className="grid gap-3 sm:grid-cols-3">
      <p className="sr-only" role="status">
        Counting pending invitations…
      </p>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-24" />
      ))}
    </div>
  );
}
