import { db } from "@/lib/db";
import { json, withViewer } from "@/lib/http/route";
import { listJobs, toJobDto } from "@/lib/jobs/store";

export const dynamic = "force-dynamic";

/** Jobs, newest first: a teacher's own, every job for an admin. */
export const GET = withViewer("manager", async ({ viewer }) => {
  const jobs = await listJobs(await db(), { creatorId: viewer.role === "admin" ? undefined : viewer.id });
  return json({ jobs: jobs.map(toJobDto) });
});
