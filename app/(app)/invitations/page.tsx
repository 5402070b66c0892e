import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { env } from "@/lib/env";
import { InvitationsView, TableSkeleton } from "@/components/invitations-table/invitations-view";
import { NoticeCard } from "@/components/layout/notice-card";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireToken, requireUser } from "@/lib/auth/session";
import { getQueryClient } from "@/lib/query/client";
import { invitationsListQueryOptions } from "@/lib/query/invitations";
import { loadInvitationsSnapshot } from "@/lib/loaders/invitations";

export const metadata: Metadata = { title: "Invitations" };

/**
 * A teacher's list is a handful of courses: prefetched here, so the table arrives in the
 * HTML. An admin's domain can be 1,000 courses: it streams into the page from the browser
 * (GET /api/invitations/stream) so rows and progress show as courses answer.
 */
export default async function InvitationsPage() {
  const user = await requireUser();
  if (!canManageInvitations(user.role)) {
    return (
      <NoticeCard title="Invitations are managed by teachers">
        <p className="mt-2 text-sm text-slate-600">
          To see the classes you have been invited to, open{" "}
          <Link href="/my-invitations" className="font-medium text-brand-700 underline">
            My invitations
          </Link>
          .
        </p>
      </NoticeCard>
    );
  }

  const queryClient = getQueryClient();
  if (user.role === "teacher") {
    const token = await requireToken(user);
    // A failed prefetch is not cached: the browser retries through the route handler and shows why.
    const snapshot = await loadInvitationsSnapshot(user, token).catch(() => null);
    if (snapshot) queryClient.setQueryData(invitationsListQueryOptions().queryKey, snapshot);
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={<TableSkeleton />}>
        <InvitationsView
          viewerEmail={user.email}
          scope={user.role === "admin" ? "admin" : "teacher"}
          joinSetting={env().joinSetting}
        />
      </Suspense>
    </HydrationBoundary>
  );
}
