import { getRosterProfile } from "@/lib/db/roster-profiles";
import { json, jsonError, withViewer } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A saved roster sync of the signed-in user (roster, mapping), to preview it again. */
export const GET = withViewer<{ profileId: string }>("manager", async ({ viewer, params }) => {
  const profile = /^[0-9a-f-]{36}$/i.test(params.profileId)
    ? await getRosterProfile(viewer.id, params.profileId)
    : null;
  if (!profile) return jsonError(404, "NOT_FOUND", "No such saved sync.");
  return json(profile);
});
