import { redirect } from "next/navigation";

import { getCurrentUser } from "@/lib/auth/session";
import { getPendingInvitationCount } from "@/lib/loaders/my-invitations";

/**
 * Where sign-in lands: invitees go straight to their invitations, everyone else
 * home. One invitations.list; if Classroom can't answer, home is the safe default.
 */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  const pending = await getPendingInvitationCount(user);
  redirect(pending?.count ? "/my-invitations" : "/home");
}
