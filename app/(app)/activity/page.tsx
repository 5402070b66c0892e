import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";

import { ActivityLog } from "@/components/activity/activity-log";
import { NoticeCard } from "@/components/layout/notice-card";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireRecheckedUser, requireToken } from "@/lib/auth/session";
import { activityQueryOptions } from "@/lib/query/activity";
import { parseActivitySearch } from "@/lib/view/activity";
import { loadActivity } from "@/lib/loaders/activity";
import { getQueryClient } from "@/lib/query/client";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The domain-wide log trusts only a recent admin role (ADMIN_VIEW_ROLE_MAX_AGE_SECONDS).
  const user = await requireRecheckedUser();
  if (!canManageInvitations(user.role)) {
    return <NoticeCard title="The activity log is for teachers and administrators" />;
  }
  const raw = await searchParams;
  const search = parseActivitySearch({ get: (k) => (typeof raw[k] === "string" ? (raw[k] as string) : null) });
  const queryClient = getQueryClient();
  const token = await requireToken(user);
  await queryClient.prefetchQuery({
    ...activityQueryOptions(search),
    queryFn: () => loadActivity(user, token, search),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={<p className="text-sm text-slate-600">Loading activity…</p>}>
        <ActivityLog isAdmin={user.role === "admin"} />
      </Suspense>
    </HydrationBoundary>
  );
}
