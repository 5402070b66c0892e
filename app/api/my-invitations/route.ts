import { loadMyInvitations } from "@/lib/query/my-invitations";
import { errorResponse, json, requireSignedIn } from "@/lib/query/route-auth";

/** The client read behind TanStack Query's `myInvitationsQueryOptions` (STYLE 7). Never cached (STYLE 14). */
export async function GET() {
  const auth = await requireSignedIn();
  if ("response" in auth) return auth.response;
  try {
    return json(await loadMyInvitations(auth.token));
  } catch (e) {
    return errorResponse(e);
  }
}
