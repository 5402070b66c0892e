import { recheckedRole } from "@/lib/auth/session";
import { json, jsonError, withViewer } from "@/lib/http/route";
import { loadActivityRun } from "@/lib/loaders/activity";
import { parseActivitySearch } from "@/lib/view/activity";

export const dynamic = "force-dynamic";

/** The rows of one run (bulk chunks or a job), scoped like the log itself. */
export const GET = withViewer<{ batchId: string }>("manager", async ({ viewer, token, request, params }) => {
  // Run ids are UUIDs (bulk runs) or job ids; anything else matches nothing.
  if (!/^[\w-]{1,64}$/.test(params.batchId)) return jsonError(400, "VALIDATION", "Not a valid run id.");
  const rechecked = { ...viewer, role: await recheckedRole(viewer) };
  const search = parseActivitySearch(new URL(request.url).searchParams);
  return json({ entries: await loadActivityRun(rechecked, token, params.batchId, search) });
});
