import { getCurrentUser } from "@/lib/auth/session";
import { getPendingInvitationCount } from "@/lib/loaders/my-invitations";

import { PendingCountBadge } from "./pending-count-badge";

/**
 * The pending-invitation count beside "My invitations", on every page. Rendered
 * inside a Suspense boundary by the header (fallback: the bare label), so its invitations.list
 * never delays a page.
 */
export async function PendingCount({ label }: { label: string }) {
  const user = await getCurrentUser();
  const pending = user ? await getPendingInvitationCount(user) : null;
  if (!pending) return label;
  return <PendingCountBadge label={label} serverCount={pending.count} serverAt={pending.at} />;
}
