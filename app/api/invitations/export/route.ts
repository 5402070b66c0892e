import { CSV_BOM, csvFileName, toCsv } from "@/lib/query/csv";
import { authorizeCourses, loadInvitationsSnapshot } from "@/lib/query/invitations-server";
import {
  applySearch,
  INVITATION_CSV_COLUMNS,
  parseInvitationSearch,
  toInvitationRows,
} from "@/lib/query/invitations-view";
import { errorResponse, jsonError, requireManager } from "@/lib/query/route-auth";

export const dynamic = "force-dynamic";

/**
 * The invitations as CSV, with the same filter and sort parameters as the page URL
 * (`/invitations?role=STUDENT&q=…` → `/api/invitations/export?role=STUDENT&q=…`). The page
 * itself builds its download from the rows it already has; this is for scripts and links.
 * Every cell goes through the formula-injection guard in lib/query/csv.ts.
 */
export async function GET(request: Request) {
  const auth = await requireManager();
  if ("response" in auth) return auth.response;
  const { viewer, token } = auth;
  const params = new URL(request.url).searchParams;
  const search = parseInvitationSearch(params);
  try {
    // A course filter narrows the Classroom reads too, after the same permission check.
    const courses = search.filters.course
      ? await authorizeCourses(viewer, token, [search.filters.course], request.signal)
      : undefined;
    const snapshot = await loadInvitationsSnapshot(viewer, token, { signal: request.signal, courses });
    if (snapshot.error) return jsonError(502, snapshot.error.code, snapshot.error.message);
    const rows = applySearch(toInvitationRows(snapshot), search);
    const csv = CSV_BOM + toCsv(rows, INVITATION_CSV_COLUMNS) + "\r\n";
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFileName("invitations")}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
        // Courses Classroom failed to list: the file is then not the whole picture.
        "x-incomplete-courses": String(snapshot.failures.length),
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
