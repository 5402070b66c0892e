import type { Metadata } from "next";
import Link from "next/link";

import { BulkInvite } from "@/components/invitations/bulk-invite/bulk-invite";
import { StaffOnlyNotice } from "@/components/layout/staff-only-notice";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireToken, requireUser } from "@/lib/auth/session";
import { loadInvitableCourses } from "@/lib/loaders/course";

export const metadata: Metadata = { title: "Bulk invite" };

export default async function BulkInvitePage() {
  const user = await requireUser();
  if (!canManageInvitations(user.role)) {
    return <StaffOnlyNotice title="Bulk invite is for teachers and administrators" />;
  }
  const token = await requireToken(user);
  const courses = await loadInvitableCourses(user, token);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/invitations" className="text-brand-700 underline hover:no-underline">
            Invitations
          </Link>{" "}
          / Bulk invite
        </p>
        <h1 className="mt-1 text-2xl font-semibold">Bulk invite</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Invite many people at once from a list or a CSV file. The preview checks every row first and sends nothing;
          then the rows that can be invited are sent by the server, within your daily limit. You can leave the page
          while it runs, and pause or cancel it from here or from Jobs.
        </p>
      </div>
      <BulkInvite courses={courses} />
    </div>
  );
}
