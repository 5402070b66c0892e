import { authorizeCourses, loadInvitationsSnapshot } from "@/lib/query/invitations-server";
import { errorResponse, json, jsonError, requireManager } from "@/lib/query/route-auth";

export const dynamic = "force-dynamic";

const MAX_COURSE_IDS = 50;
const COURSE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * JSON read of invitations. `?courseId=…` (repeatable) reads just those courses, after a
 * server-side check that the viewer teaches them (or is an admin): the table uses it to
 * refresh the courses a mutation touched. Without it, the whole list in one answer (scripts,
 * tests); the page itself uses the streaming variant.
 */
export async function GET(request: Request) {
  const auth = await requireManager();
  if ("response" in auth) return auth.response;
  const { viewer, token } = auth;
  const courseIds = new URL(request.url).searchParams.getAll("courseId");
  if (courseIds.length > MAX_COURSE_IDS || courseIds.some((id) => !COURSE_ID.test(id))) {
    return jsonError(400, "VALIDATION", `Give up to ${MAX_COURSE_IDS} valid course ids.`);
  }
  try {
    const courses = courseIds.length ? await authorizeCourses(viewer, token, courseIds, request.signal) : undefined;
    const snapshot = await loadInvitationsSnapshot(viewer, token, { signal: request.signal, courses });
    if (snapshot.error) {
      return jsonError(snapshot.error.code === "FORBIDDEN" ? 403 : 502, snapshot.error.code, snapshot.error.message);
    }
    return json(snapshot);
  } catch (e) {
    return errorResponse(e);
  }
}
