import { loadCoursePage } from "@/lib/query/course-server";
import { errorResponse, json, jsonError, requireManager } from "@/lib/query/route-auth";

export const dynamic = "force-dynamic";

const COURSE_ID = /^[A-Za-z0-9:_.\-]{1,200}$/;

/** The course page's data for client refetches; authorised on the server like the page itself. */
export async function GET(_request: Request, { params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  if (!COURSE_ID.test(courseId)) return jsonError(400, "VALIDATION", "Not a valid class id.");
  const auth = await requireManager();
  if ("response" in auth) return auth.response;
  try {
    const result = await loadCoursePage(auth.viewer, auth.token, courseId);
    if (result.kind === "forbidden") return jsonError(403, "FORBIDDEN", result.message);
    if (result.kind === "not_found") return jsonError(404, "COURSE_NOT_FOUND", "We couldn't find that class.");
    return json(result.data);
  } catch (e) {
    return errorResponse(e);
  }
}
