"use client";

import { useQuery } from "@tanstack/react-query";

import { myInvitationsQueryOptions } from "@/lib/query/my-invitations-options";

/**
 * Shows the newer of two counts: the server's (rendered with the layout, which client-side
 * navigation doesn't re-render) and the client cache's, which accepts and declines update at
 * once. `enabled: false` only subscribes to the cache; the badge never fetches on its own.
 */
export function PendingCountBadge({ serverCount, serverAt }: { serverCount: number; serverAt: number }) {
  const { data, dataUpdatedAt } = useQuery({ ...myInvitationsQueryOptions(), enabled: false });
  const count = data && dataUpdatedAt >= serverAt ? data.invitations.length : serverCount;
  if (count === 0) return null;
  return (
    <>
      <span className="sr-only">, {count} pending</span>
      <span
        aria-hidden
        data-testid="pending-count"
        className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold leading-5 text-white"
      >
        {count > 99 ? "99+" : count}
      </span>
    </>
  );
}
