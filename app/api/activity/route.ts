import { recheckedRole } from "@/lib/auth/session";
import { withViewer, json } from "@/lib/http/route";
import { loadActivity } from "@/lib/loaders/activity";
import { parseActivitySearch } from "@/lib/view/activity";

export const dynamic = "force-dynamic";

/** The activity log, filtered and scoped on the server (admins: all; teachers: their courses). */
export const GET = withViewer("manager", async ({ viewer, token, request }) => {
  // The domain-wide log trusts only a recent admin role (ADMIN_VIEW_ROLE_MAX_AGE_SECONDS).
  const rechecked = { ...viewer, role: await recheckedRole(viewer) };
  return json(await loadActivity(rechecked, token, parseActivitySearch(new URL(request.url).searchParams)));
});
