import Link from "next/link";

import { CourseStateBadge } from "@/components/courses/course-state-badge";
import { InvitationRoleBadge } from "@/components/invitations/role-badge";
import { timeAgo } from "@/lib/format/time";
import type { InvitationRow } from "@/lib/view/invitation-rows";
import type { SortColumn } from "@/lib/view/invitation-sort";

/**
 * The table's columns. Sorting and filtering happen in lib/view (invitation-sort.ts, invitation-search.ts)
 * (precomputed keys, 5,000 rows per keystroke), so a column is just its header, width and
 * sortable id: a plain list, no table library in the bundle.
 */
export type InvitationColumn = { id: string; label: string; width: string; sortId?: SortColumn; header?: string };

export const invitationColumns: readonly InvitationColumn[] = [
  { id: "select", width: "w-10", label: "Select" },
  { id: "invitee", header: "Invitee", sortId: "invitee", width: "w-[22%]", label: "Invitee" },
  { id: "course", header: "Course", sortId: "course", width: "w-[20%]", label: "Course" },
  { id: "role", header: "Role", sortId: "role", width: "w-28", label: "Role" },
  { id: "state", header: "Course state", sortId: "state", width: "w-32", label: "Course state" },
  { id: "owner", header: "Owner", sortId: "owner", width: "w-[13%]", label: "Owner" },
  { id: "invited", header: "Invited", sortId: "invited", width: "w-[18%]", label: "Invited" },
  { id: "actions", width: "w-32", label: "Actions" },
];

export function InviteeCell({ row }: { row: InvitationRow }) {
  if (row.inviteeName === null && !row.inviteeUnknown) {
    return (
      <div className="min-w-0">
        <span className="block h-4 w-32 animate-pulse rounded bg-slate-200" aria-hidden />
        <span className="mt-1 block truncate text-xs text-slate-500">
          <span className="sr-only">Loading name for user </span>
          {row.userId}
        </span>
      </div>
    );
  }
  return (
    <div className="min-w-0">
      <Link
        href={`/people/${encodeURIComponent(row.userId)}`}
        prefetch={false}
        className="block truncate font-medium text-slate-900 hover:underline"
        title={row.inviteeName ?? undefined}
      >
        {row.inviteeName ?? "Unknown user"}
      </Link>
      <span className="block truncate text-xs text-slate-600" title={row.inviteeEmail ?? undefined}>
        {row.inviteeEmail ?? (row.inviteeUnknown ? `User ${row.userId}` : "")}
      </span>
    </div>
  );
}

export function CourseCell({ row }: { row: InvitationRow }) {
  return (
    <div className="min-w-0">
      {/* prefetch off: thousands of rows must not prefetch thousands of course pages. */}
      <Link
        href={`/courses/${encodeURIComponent(row.courseId)}`}
        prefetch={false}
        className="block truncate font-medium text-brand-700 hover:underline"
        title={row.courseName}
      >
        {row.courseName}
      </Link>
      {row.courseSection ? (
        <span className="block truncate text-xs text-slate-600" title={row.courseSection}>
          {row.courseSection}
        </span>
      ) : null}
    </div>
  );
}

/** The invited role as a badge; also used by the class page's pending list. */
export function RoleCell({ row }: { row: InvitationRow }) {
  return <InvitationRoleBadge role={row.role} />;
}

export function StateCell({ row }: { row: InvitationRow }) {
  return <CourseStateBadge state={row.courseState === "UNSPECIFIED" ? "Unknown" : row.courseState} />;
}

export function OwnerCell({ row }: { row: InvitationRow }) {
  return (
    <span className="block truncate" title={row.ownerName ?? undefined}>
      {row.ownerName ?? <span className="text-slate-500">{row.ownerId ? `User ${row.ownerId}` : "—"}</span>}
    </span>
  );
}

export function InvitedCell({ row }: { row: InvitationRow }) {
  const age = row.firstSeenAt ? timeAgo(row.firstSeenAt) : null;
  return (
    <div className="min-w-0 text-xs">
      {/* An address may be cut (its title has it whole); the phrase always wraps, never cut. */}
      {row.inviterEmail ? (
        <span className="block truncate text-slate-800" title={row.inviterEmail}>
          by {row.inviterEmail}
        </span>
      ) : (
        <span className="block text-slate-800">outside the dashboard</span>
      )}
      {age ? (
        <time
          dateTime={row.firstSeenAt!}
          title={row.firstSeenAt!}
          className="block text-slate-500"
          suppressHydrationWarning
        >
          {row.inviterEmail ? age : `first seen ${age}`}
        </time>
      ) : null}
    </div>
  );
}
