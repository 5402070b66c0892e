import { CLASSROOM_ID_PATTERN } from "@/lib/concepts";
import { withViewer, json, jsonError } from "@/lib/http/route";
import { authorizeCourses, loadInvitationsSnapshot } from "@/lib/loaders/invitations";

export const dynamic = "force-dynamic";

const MAX_COURSE_IDS = 50;

/**
 * JSON read of invitations. `?courseId=…` (repeatable) reads just those courses, after a
 * server-side check that the viewer teaches them (or is an admin): the table uses it to
 * refresh the courses a mutation touched. Without it, the whole list in one answer (scripts,
 * tests); the page itself uses the streaming variant. A failure answers with its own status.
 */
export const GET = withViewer("manager", async ({ viewer, token, request }) => {
  const courseIds = new URL(request.url).searchParams.getAll("courseId");
  if (courseIds.length > MAX_COURSE_IDS || courseIds.some((id) => !CLASSROOM_ID_PATTERN.test(id))) {
    return jsonError(400, "VALIDATION", `Give up to ${MAX_COURSE_IDS} valid course ids.`);
  }
  const courses = courseIds.length ? await authorizeCourses(viewer, token, courseIds, request.signal) : undefined;
  return json(await loadInvitationsSnapshot(viewer, token, { signal: request.signal, courses }));
});
