import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";

import { MyInvitationsView } from "@/components/my-invitations/my-invitations-view";
import { requireUser } from "@/lib/auth/session";
import { getQueryClient } from "@/lib/query/client";
import { getMyInvitations } from "@/lib/loaders/my-invitations";
import { myInvitationsQueryOptions } from "@/lib/query/my-invitations";

export const metadata: Metadata = { title: "My invitations" };

/**
 * The server reads through the same loader as GET /api/my-invitations and hands the
 * result to the client cache; the client then reads it with useSuspenseQuery and refetches
 * through the route handler. fetchQuery (not prefetchQuery) so a failure reaches error.tsx
 * here instead of becoming a fetch during server rendering.
 */
export default async function MyInvitationsPage() {
  const user = await requireUser();
  const queryClient = getQueryClient();
  await queryClient.fetchQuery({ ...myInvitationsQueryOptions(), queryFn: () => getMyInvitations(user) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MyInvitationsView />
    </HydrationBoundary>
  );
}
