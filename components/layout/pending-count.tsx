import { getCurrentUser } from "@/lib/auth/session";
import { getPendingInvitationCount } from "@/lib/query/my-invitations";

import { PendingCountBadge } from "./pending-count-badge";

/**
 * The pending-invitation count beside "My invitations" (issue 4 §1), on every page. Rendered
 * inside a Suspense boundary by the header, so its invitations.list never delays a page.
 */
export async function PendingCount() {
  const user = await getCurrentUser();
  if (!user) return null;
  const pending = await getPendingInvitationCount(user);
  if (!pending) return null;
  return <PendingCountBadge serverCount={pending.count} serverAt={pending.at} />;
}
