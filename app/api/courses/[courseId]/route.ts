import { COURSE_REF_PATTERN } from "@/lib/concepts";
import { withViewer, json, jsonError } from "@/lib/http/route";
import { loadCoursePage } from "@/lib/loaders/course";

export const dynamic = "force-dynamic";

/** The course page's data for client refetches; authorised on the server like the page itself. */
export const GET = withViewer<{ courseId: string }>("manager", async ({ viewer, token, params }) => {
  if (!COURSE_REF_PATTERN.test(params.courseId)) return jsonError(400, "VALIDATION", "Not a valid class id.");
  const result = await loadCoursePage(viewer, token, params.courseId);
  if (result.kind === "forbidden") return jsonError(403, "FORBIDDEN", result.message);
  if (result.kind === "not_found") return jsonError(404, "COURSE_NOT_FOUND", "We couldn't find that class.");
  return json(result.data);
});
