import type { Metadata } from "next";

import { JobsList } from "@/components/jobs/jobs-list";
import { NoticeCard } from "@/components/layout/notice-card";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const user = await requireUser();
  if (!canManageInvitations(user.role)) return <NoticeCard title="Jobs are for teachers and administrators" />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Jobs</h1>
        <p className="text-sm text-slate-600">
          Bulk work runs on the server: it goes on when you close the page, and waits for Google&apos;s daily invitation
          limit by itself.
        </p>
      </div>
      <JobsList showCreator={user.role === "admin"} />
    </div>
  );
}
