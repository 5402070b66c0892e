import { withViewer } from "@/lib/http/route";
import { authorizeCourses, loadInvitationsSnapshot } from "@/lib/loaders/invitations";
import { CSV_BOM, csvFileName, toCsv } from "@/lib/view/csv";
import { INVITATION_CSV_COLUMNS, toInvitationRows } from "@/lib/view/invitation-rows";
import { applySearch, parseInvitationSearch } from "@/lib/view/invitation-search";

export const dynamic = "force-dynamic";

/**
 * The invitations as CSV, with the same filter and sort parameters as the page URL
 * (`/invitations?role=STUDENT&q=…` → `/api/invitations/export?role=STUDENT&q=…`). The page
 * itself builds its download from the rows it already has; this is for scripts and links.
 * Every cell goes through the formula-injection guard in lib/view/csv.ts.
 */
export const GET = withViewer("manager", async ({ viewer, token, request }) => {
  const search = parseInvitationSearch(new URL(request.url).searchParams);
  // A course filter narrows the Classroom reads too, after the same permission check.
  const courses = search.filters.course
    ? await authorizeCourses(viewer, token, [search.filters.course], request.signal)
    : undefined;
  const snapshot = await loadInvitationsSnapshot(viewer, token, { signal: request.signal, courses });
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
});
