import { recheckedRole } from "@/lib/auth/session";
import { withViewer } from "@/lib/http/route";
import { loadActivityExport } from "@/lib/loaders/activity";
import { ACTIVITY_CSV_COLUMNS, parseActivitySearch } from "@/lib/view/activity";
import { CSV_BOM, csvFileName, toCsv } from "@/lib/view/csv";

export const dynamic = "force-dynamic";

/**
 * The activity log as CSV, with the page's filters (`/activity?q=…` → `/api/activity/export?q=…`),
 * one line per entry with runs expanded. Every cell goes through lib/view/csv's formula guard.
 */
export const GET = withViewer("manager", async ({ viewer, token, request }) => {
  const rechecked = { ...viewer, role: await recheckedRole(viewer) };
  const { entries, truncated } = await loadActivityExport(
    rechecked,
    token,
    parseActivitySearch(new URL(request.url).searchParams),
  );
  return new Response(CSV_BOM + toCsv(entries, ACTIVITY_CSV_COLUMNS) + "\r\n", {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName("activity")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "x-truncated": String(truncated),
    },
  });
});
