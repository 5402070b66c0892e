import type { Metadata } from "next";

import { StaffOnlyNotice } from "@/components/layout/staff-only-notice";
import { RosterSync } from "@/components/roster/roster-sync";
import { canManageInvitations } from "@/lib/auth/roles";
import { requireToken, requireUser } from "@/lib/auth/session";
import { listRosterProfiles } from "@/lib/db/roster-profiles";
import { loadInvitableCourses } from "@/lib/loaders/course";

export const metadata: Metadata = { title: "Roster sync" };

export default async function RosterPage() {
  const user = await requireUser();
  if (!canManageInvitations(user.role)) {
    return <StaffOnlyNotice title="Roster sync is for teachers and administrators" />;
  }
  const token = await requireToken(user);
  const [courses, profiles] = await Promise.all([loadInvitableCourses(user, token), listRosterProfiles(user.id)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Roster sync</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Make Classroom match your school&apos;s roster. Upload a plain CSV (email, class, role) or a OneRoster export
          from your student information system. The preview compares each class with its teachers, students{" "}
          <strong>and pending invitations</strong>, and changes nothing; the changes you commit run as one background
          job within your daily invitation limit.{" "}
          {user.role === "admin"
            ? "As an administrator you can sync any class of the domain."
            : "As a teacher you can sync the classes you teach."}
        </p>
      </div>
      <RosterSync courses={courses} profiles={profiles} isAdmin={user.role === "admin"} />
    </div>
  );
}
