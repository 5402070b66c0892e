/**
 * The invitations table's rows: each invitation joined with its class and people, and the CSV
 * export's columns over them. Filters are invitation-search.ts's, sort invitation-sort.ts's. No React, no server code.
 */
import { ROLE_LABELS } from "@/lib/concepts";

import { courseStateLabel } from "./course-state";
import type { CsvColumn } from "./csv";
import type { CourseSummary, InvitationItem, InvitationRole, InvitationsSnapshot, PersonSummary } from "./invitations";

export type InvitationRow = {
  id: string;
  courseId: string;
  userId: string;
  role: InvitationRole;
  /** Null while the profile is still loading. */
  inviteeName: string | null;
  inviteeEmail: string | null;
  /** True when Classroom returned no visible profile. */
  inviteeUnknown: boolean;
  courseName: string;
  courseSection: string;
  courseState: string;
  ownerId: string;
  ownerName: string | null;
  inviterEmail: string | null;
  firstSeenAt: string | null;
  /** Lower-cased name, email, user id and course: what the free-text filter searches. */
  haystack: string;
};

function toInvitationRow(
  inv: InvitationItem,
  course: CourseSummary | undefined,
  person: PersonSummary | null | undefined,
  owner: PersonSummary | null | undefined,
): InvitationRow {
  const courseName = course?.name ?? inv.courseId;
  const courseSection = course?.section ?? "";
  const inviteeName = person ? person.name : null;
  const inviteeEmail = person?.email ?? null;
  return {
    id: inv.id,
    courseId: inv.courseId,
    userId: inv.userId,
    role: inv.role,
    inviteeName,
    inviteeEmail,
    inviteeUnknown: person === null,
    courseName,
    courseSection,
    courseState: course?.state ?? "UNSPECIFIED",
    ownerId: course?.ownerId ?? "",
    ownerName: owner ? owner.name : null,
    inviterEmail: inv.inviterEmail,
    firstSeenAt: inv.firstSeenAt,
    haystack:
      `${inviteeName ?? ""}\u0000${inviteeEmail ?? ""}\u0000${inv.userId}\u0000${courseName}\u0000${courseSection}`.toLowerCase(),
  };
}

/** Joins invitations with their course and people. Stable order: as listed. */
export function toInvitationRows(snapshot: InvitationsSnapshot): InvitationRow[] {
  return createRowJoiner()(snapshot);
}

/**
 * `toInvitationRows` that reuses the row of every invitation whose course, invitee and owner
 * are unchanged (by identity). Names stream in by the thousand: each batch then rebuilds only
 * the rows it names, and the unchanged rows keep their identity, so memoized table rows
 * don't re-render.
 */
export function createRowJoiner(): (snapshot: InvitationsSnapshot) => InvitationRow[] {
  type Built = {
    row: InvitationRow;
    course: CourseSummary | undefined;
    person: PersonSummary | null | undefined;
    owner: PersonSummary | null | undefined;
  };
  const built = new WeakMap<InvitationItem, Built>();
  return ({ invitations, courses, people }) =>
    invitations.map((inv) => {
      const course = courses[inv.courseId];
      const person = people[inv.userId];
      const owner = course ? people[course.ownerId] : undefined;
      const hit = built.get(inv);
      if (hit && hit.course === course && hit.person === person && hit.owner === owner) return hit.row;
      const row = toInvitationRow(inv, course, person, owner);
      built.set(inv, { row, course, person, owner });
      return row;
    });
}

/** The CSV export's columns: the same rows as the table, with ids a spreadsheet can join on. */
export const INVITATION_CSV_COLUMNS: CsvColumn<InvitationRow>[] = [
  { header: "Invitee name", value: (r) => r.inviteeName ?? "" },
  { header: "Invitee email", value: (r) => r.inviteeEmail ?? "" },
  { header: "Invitee user id", value: (r) => r.userId },
  { header: "Course", value: (r) => r.courseName },
  { header: "Section", value: (r) => r.courseSection },
  { header: "Course id", value: (r) => r.courseId },
  { header: "Role", value: (r) => ROLE_LABELS[r.role] },
  { header: "Course state", value: (r) => courseStateLabel(r.courseState) },
  { header: "Course owner", value: (r) => r.ownerName ?? r.ownerId },
  { header: "Invited by", value: (r) => r.inviterEmail ?? "" },
  { header: "First seen", value: (r) => r.firstSeenAt ?? "" },
  { header: "Invitation id", value: (r) => r.id },
];
