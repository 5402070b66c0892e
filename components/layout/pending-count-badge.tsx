"use client";

import { useQuery } from "@tanstack/react-query";

import { myInvitationsQueryOptions } from "@/lib/query/my-invitations-options";

/**
 * Shows the newer of two counts: the server's (rendered with the layout, which client-side
 * navigation doesn't re-render) and the client cache's, which accepts and declines update at
 * once. `enabled: false` only subscribes to the cache; the badge never fetches on its own.
 */
export function PendingCountBadge({ label, serverCount, serverAt }: { label: string; serverCount: number; serverAt: number }) {
  const { data, dataUpdatedAt } = useQuery({ ...myInvitationsQueryOptions(), enabled: false });
  const count = data && dataUpdatedAt >= serverAt ? data.invitations.length : serverCount;
  if (count === 0) return label;
  // One text node for assistive tech ("My invitations, 3 pending"): a visually hidden span next
  // to the label would be read with a stray space, since the link lays its children out as flex items.
  return (
    <>
      <span className="sr-only">{`${label}, ${count} pending`}</span>
      <span aria-hidden className="inline-flex items-center">
        {label}
        <span className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold leading-5 text-white">
          {count > 99 ? "99+" : count}
        </span>
      </span>
    </>
  );
}
