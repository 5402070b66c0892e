import { withViewer, json } from "@/lib/http/route";
import { loadMyInvitations } from "@/lib/loaders/my-invitations";

// Per-user Classroom data: never cached, never prerendered.
export const dynamic = "force-dynamic";

/** The client read behind TanStack Query's `myInvitationsQueryOptions`. */
export const GET = withViewer("signed-in", async ({ token }) => json(await loadMyInvitations(token)));
