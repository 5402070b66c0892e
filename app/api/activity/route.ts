import { withViewer, json } from "@/lib/http/route";
import { loadActivity } from "@/lib/loaders/activity";
import { parseActivitySearch } from "@/lib/view/activity";

export const dynamic = "force-dynamic";

/** The activity log, filtered and scoped on the server (admins: all; teachers: their courses). */
export const GET = withViewer("manager", async ({ viewer, token, request }) =>
  json(await loadActivity(viewer, token, parseActivitySearch(new URL(request.url).searchParams))),
);
