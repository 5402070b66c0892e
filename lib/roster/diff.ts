/**
 * The diff, class by class: the roster's people against what Classroom holds, where a pending
 * invitation counts as present. Pure, so every case is a unit test (diff.test.ts):
 *
 * | roster says          | Classroom has                       | change         |
 * |----------------------|-------------------------------------|----------------|
 * | X as R               | nothing                             | invite as R    |
 * | X as R, in-domain    | nothing, and the admin adds directly | add as R       |
 * | X as R               | an invitation as R                  | pending        |
 * | X as R               | an invitation as another role       | change role    |
 * | X as TEACHER         | X as a student member               | invite as R    |
 * | X as R               | X as a member with R or higher      | present        |
 * | nobody               | an invitation for X                 | revoke         |
 * | nobody               | X as a member                       | extra          |
 * | X as primary teacher | someone else owns the class         | owner (report) |
 *
 * A pending OWNER invitation is an ownership transfer under way: it stands for a teacher place
 * and is never revoked or changed by a sync. An extra member is reported; removing them is a
 * write kind of its own that no commit carries unless the class was opted in (and confirmed),
 * and the class owner (or a co-teacher an ownership transfer is pending for) is never removed.
 */
import { ADD_DIRECTLY_EXPLAINED, roleCovers, type InvitationRole } from "@/lib/concepts";

import type { RosterEnrollment } from "./model";

export const CHANGE_KINDS = ["invite", "add", "pending", "change-role", "revoke", "extra", "owner", "present"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** The kinds a commit can carry out (`extra` = remove them); the others are reported only. */
export const WRITE_KINDS = ["invite", "add", "change-role", "revoke", "extra"] as const satisfies readonly ChangeKind[];
export type WriteKind = (typeof WRITE_KINDS)[number];
/** Staged unless switched off. Removal is destructive: off until a class is opted in. */
export const DEFAULT_KINDS = ["invite", "add", "change-role", "revoke"] as const satisfies readonly WriteKind[];

export interface DiffOptions {
  /**
   * Who may be added directly instead of invited: set only when an administrator chose "add
   * directly", and true only for people of their own domain (Classroom refuses the others).
   */
  direct?: (email: string) => boolean;
}

export interface ClassState {
  /** Member email → place (the owner as OWNER). */
  members: ReadonlyMap<string, InvitationRole>;
  /** Invitee email → their pending invitation. */
  invitations: ReadonlyMap<string, { id: string; role: InvitationRole }>;
}

export interface PersonChange {
  kind: ChangeKind;
  email: string;
  /** The place the roster wants (invite, add, pending, change-role, present, owner), or the current one (revoke, extra). */
  role: InvitationRole;
  /** What Classroom holds now, when it holds something. */
  current?: { as: "member" | "invitation"; role: InvitationRole };
  /** The invitation acted on (change-role, revoke), counted (pending), or, for an extra member, their pending ownership transfer. */
  invitationId?: string;
}

export const isWriteKind = (kind: ChangeKind): kind is WriteKind => (WRITE_KINDS as readonly string[]).includes(kind);

/** An extra member a commit may remove: anyone but the class owner and a co-teacher being made owner. */
export const isRemovable = (c: Pick<PersonChange, "kind" | "role" | "invitationId">): boolean =>
  c.kind === "extra" && c.role !== "OWNER" && c.invitationId === undefined;

/** One person per class: a teacher row wins over a student row, and `primary` sticks. */
export function desiredOf(
  enrollments: readonly RosterEnrollment[],
): Map<string, { role: InvitationRole; primary: boolean }> {
  const out = new Map<string, { role: InvitationRole; primary: boolean }>();
  for (const e of enrollments) {
    const before = out.get(e.email);
    const role: InvitationRole = before?.role === "TEACHER" || e.role === "TEACHER" ? "TEACHER" : "STUDENT";
    out.set(e.email, { role, primary: (before?.primary ?? false) || e.primary });
  }
  return out;
}

export function diffClass(
  enrollments: readonly RosterEnrollment[],
  state: ClassState,
  options: DiffOptions = {},
): PersonChange[] {
  const desired = desiredOf(enrollments);
  const changes: PersonChange[] = [];
  for (const [email, want] of desired) {
    const member = state.members.get(email);
    const invitation = state.invitations.get(email);
    const asInvitation = invitation ? { as: "invitation" as const, role: invitation.role } : undefined;
    if (member && roleCovers(member, want.role)) {
      changes.push({ kind: "present", email, role: want.role, current: { as: "member", role: member } });
    } else if (invitation && (invitation.role === want.role || invitation.role === "OWNER")) {
      changes.push({ kind: "pending", email, role: want.role, current: asInvitation, invitationId: invitation.id });
    } else if (invitation) {
      changes.push({ kind: "change-role", email, role: want.role, current: asInvitation, invitationId: invitation.id });
    } else if (member) {
      // A student who should teach needs an invitation: a direct add of a member is refused.
      changes.push({ kind: "invite", email, role: want.role, current: { as: "member", role: member } });
    } else {
      changes.push({ kind: options.direct?.(email) ? "add" : "invite", email, role: want.role });
    }
    if (want.primary && member !== "OWNER" && invitation?.role !== "OWNER") {
      changes.push({
        kind: "owner",
        email,
        role: "OWNER",
        ...(member ? { current: { as: "member", role: member } } : {}),
      });
    }
  }
  for (const [email, invitation] of state.invitations) {
    if (desired.has(email) || invitation.role === "OWNER") continue;
    changes.push({
      kind: "revoke",
      email,
      role: invitation.role,
      current: { as: "invitation", role: invitation.role },
      invitationId: invitation.id,
    });
  }
  for (const [email, role] of state.members) {
    if (desired.has(email)) continue;
    // A co-teacher being made owner keeps their place while the transfer is pending.
    const transfer = state.invitations.get(email);
    changes.push({
      kind: "extra",
      email,
      role,
      current: { as: "member", role },
      ...(transfer?.role === "OWNER" ? { invitationId: transfer.id } : {}),
    });
  }
  return changes;
}

export function countChanges(changes: readonly Pick<PersonChange, "kind">[]): Record<ChangeKind, number> {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const c of changes) counts[c.kind]++;
  return counts;
}

/** Why, in a few words, for the drill-down. One owner for these sentences. */
export function changeReason(c: PersonChange): string {
  const place = (r: InvitationRole) => (r === "STUDENT" ? "student" : r === "TEACHER" ? "co-teacher" : "owner");
  switch (c.kind) {
    case "invite":
      return c.current
        ? `In the class as ${place(c.current.role)}; the roster says ${place(c.role)}.`
        : `Not in the class; the roster says ${place(c.role)}.`;
    case "add":
      return `Not in the class; the roster says ${place(c.role)}. Added directly: ${ADD_DIRECTLY_EXPLAINED}`;
    case "pending":
      return `Already invited as ${place(c.current!.role)}; counted as present.`;
    case "change-role":
      return `Invited as ${place(c.current!.role)}; the roster says ${place(c.role)}.`;
    case "revoke":
      return `Invited as ${place(c.role)}, but not in the roster.`;
    case "extra":
      if (c.role === "OWNER") return "Owns the class, but is not in the roster. The owner is never removed by a sync.";
      if (c.invitationId)
        return `In the class as ${place(c.role)}, but not in the roster. Not removed: an ownership transfer to them is pending.`;
      return `In the class as ${place(c.role)}, but not in the roster. Removed only from classes you opt in, after you confirm.`;
    case "owner":
      return "The roster's primary teacher does not own the class. Transfer ownership from the class page: they must be a co-teacher first, then invite them as owner.";
    case "present":
      return `In the class as ${place(c.current!.role)}.`;
  }
}
