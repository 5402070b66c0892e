import { db } from "@/lib/db";
import { jsonError, withViewer } from "@/lib/http/route";
import { canControl } from "@/lib/jobs/control";
import { getJob, listItems, toJobItemDto } from "@/lib/jobs/store";
import { ITEM_OUTCOME_LABELS, type JobItemDto } from "@/lib/jobs/view";
import { CSV_BOM, csvFileName, toCsv, type CsvColumn } from "@/lib/view/csv";

export const dynamic = "force-dynamic";

const COLUMNS: CsvColumn<JobItemDto>[] = [
  { header: "row", value: (r) => r.seq + 1 },
  { header: "invitee", value: (r) => r.invitee },
  { header: "courseId", value: (r) => r.courseId },
  { header: "role", value: (r) => r.role ?? "" },
  { header: "state", value: (r) => r.state },
  { header: "outcome", value: (r) => (r.outcome ? (ITEM_OUTCOME_LABELS[r.outcome] ?? r.outcome) : "") },
  { header: "error", value: (r) => r.errorCode ?? "" },
  { header: "invitationId", value: (r) => r.invitationId ?? "" },
];

/** A job's per-row results as CSV; every cell goes through the formula-injection guard. */
export const GET = withViewer<{ jobId: string }>("manager", async ({ viewer, params }) => {
  const d = await db();
  const job = /^[0-9a-f-]{36}$/i.test(params.jobId) ? await getJob(d, params.jobId) : undefined;
  if (!job || !canControl(job, viewer)) return jsonError(404, "NOT_FOUND", "No such job.");
  const items = (await listItems(d, job.id)).map((i) => toJobItemDto(i));
  return new Response(CSV_BOM + toCsv(items, COLUMNS) + "\r\n", {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName(`job-${job.id.slice(0, 8)}`)}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
