import { db } from "@/lib/db";
import { json, jsonError, withViewer } from "@/lib/http/route";
import { classNames } from "@/lib/jobs/class-names";
import { canControl } from "@/lib/jobs/control";
import { getJob, listItems, toJobDto, toJobItemDto } from "@/lib/jobs/store";

export const dynamic = "force-dynamic";

/** One job and its rows (all of them: a job holds at most 5,000), or only the job with `?rows=0`. */
export const GET = withViewer<{ jobId: string }>("manager", async ({ viewer, token, params, request }) => {
  const d = await db();
  const job = /^[0-9a-f-]{36}$/i.test(params.jobId) ? await getJob(d, params.jobId) : undefined;
  if (!job || !canControl(job, viewer)) return jsonError(404, "NOT_FOUND", "No such job.");
  if (new URL(request.url).searchParams.get("rows") === "0") return json({ job: toJobDto(job), items: [] });
  const [items, names] = await Promise.all([listItems(d, job.id), classNames(token, viewer)]);
  return json({ job: toJobDto(job), items: items.map((i) => toJobItemDto(i, names)) });
});
