"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { queryKeys } from "@/lib/query/keys";
import type { MyInvitationsData } from "@/lib/view/my-invitations";

/**
 * Shows the newer of two counts: the server's (rendered with the layout, which client-side
 * navigation doesn't re-render) and the client cache's, which accepts and declines update at
 * once. It only watches the cache: useQuery would create the query entry before the page's
 * HydrationBoundary runs, which then defers hydration and leaves the page without its data
 * during server rendering.
 */
export function PendingCountBadge({
  label,
  serverCount,
  serverAt,
}: {
  label: string;
  serverCount: number;
  serverAt: number;
}) {
  const queryClient = useQueryClient();
  const state = useSyncExternalStore(
    (onChange) => queryClient.getQueryCache().subscribe(onChange),
    () => queryClient.getQueryState<MyInvitationsData>(queryKeys.myInvitations()),
    () => undefined,
  );
  const count = state?.data && state.dataUpdatedAt >= serverAt ? state.data.invitations.length : serverCount;
  if (count === 0) return label;
  // One text node for assistive tech ("My invitations, 3 pending"): a visually hidden span next
  // to the label would be read with a stray space, since the link lays its children out as flex items.
  return (
    <>
      <span className="sr-only">{`${label}, ${count} pending`}</span>
      <span aria-hidden className="inline-flex items-center">
        {label}
        <span className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs leading-5 font-semibold text-white">
          {count > 99 ? "99+" : count}
        </span>
      </span>
    </>
  );
}
