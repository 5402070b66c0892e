import { parseActivitySearch } from "@/lib/query/activity";
import { loadActivity } from "@/lib/query/activity-server";
import { errorResponse, json, requireManager } from "@/lib/query/route-auth";

export const dynamic = "force-dynamic";

/** The activity log, filtered and scoped on the server (admins: all; teachers: their courses). */
export async function GET(request: Request) {
  const auth = await requireManager();
  if ("response" in auth) return auth.response;
  try {
    const search = parseActivitySearch(new URL(request.url).searchParams);
    return json(await loadActivity(auth.viewer, auth.token, search));
  } catch (e) {
    return errorResponse(e);
  }
}
