import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { JobProgress } from "@/components/jobs/job-progress";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { canControl } from "@/lib/jobs/control";
import { getJob } from "@/lib/jobs/store";
import { JOB_KIND_LABELS } from "@/lib/jobs/view";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const user = await requireUser();
  const { jobId } = await params;
  const job = /^[0-9a-f-]{36}$/i.test(jobId) ? await getJob(await db(), jobId) : undefined;
  if (!job || !canManageInvitations(user.role) || !canControl(job, user)) notFound();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{JOB_KIND_LABELS[job.kind]}</h1>
        <p className="text-sm text-slate-600">
          {`Created by ${job.creatorEmail} on ${job.createdAt.toLocaleString("en-US")}; ${job.total.toLocaleString("en-US")} rows.`}
        </p>
      </div>
      <section className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <JobProgress jobId={job.id} />
      </section>
    </div>
  );
}
