/**
 * The bulk-invite preview as a pure function: given the rows and what the server learned
 * about the classes involved (who may be invited where, current members, pending
 * invitations), say what would happen to each row. No I/O, so every rule is unit-tested.
 */
import { emailProblem, normalizeEmail, parseRole } from "./email";
import { ROLE_LABELS, ROLE_PHRASES, roleCovers, type InvitationRole } from "@/lib/concepts";
import type { DomainRefusal } from "@/lib/domain-policy";
import {
  accountNotCheckedText,
  alreadyInvitedText,
  domainRefusedText,
  NO_SUCH_ACCOUNT,
  OWNER_ONLY,
  type AccountNotChecked,
} from "@/lib/invitation-messages";

export const BULK_STATUSES = [
  "will_invite",
  "already_invited",
  "already_invited_other_role",
  "already_member",
  "invalid_email",
  "invalid_role",
  "missing_course",
  "unknown_course",
  "ambiguous_course",
  "not_allowed",
  "domain_refused",
  "unknown_account",
  "duplicate_row",
] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

/** Short labels for badges and the summary line. */
export const BULK_STATUS_LABELS: Record<BulkStatus, string> = {
  will_invite: "Will invite",
  already_invited: "Already invited",
  already_invited_other_role: "Already invited (different role)",
  already_member: "Already a member",
  invalid_email: "Invalid email",
  invalid_role: "Invalid role",
  missing_course: "No class",
  unknown_course: "Unknown class",
  ambiguous_course: "Ambiguous class",
  not_allowed: "Not allowed",
  domain_refused: "Domain not allowed",
  unknown_account: "No such account",
  duplicate_row: "Duplicate row",
};

/** A place in a class has the same three names as an invitation role. */
export type MemberRole = InvitationRole;

export type BulkPreviewRow = {
  line: number;
  /** Normalised (trimmed, lower-case) when valid; as given otherwise. */
  email: string;
  /** The class as written in the row. */
  courseRef: string;
  courseId?: string;
  courseName?: string;
  role: InvitationRole | null;
  status: BulkStatus;
  /** One sentence: what will happen, or why not and what to do. */
  message: string;
  /** For already_invited*: the pending invitation. */
  existing?: { id: string; role: InvitationRole };
  /** For already_member. */
  memberRole?: MemberRole;
  /** For duplicate_row: the first row with the same person and class. */
  duplicateOf?: number;
  /** For will_invite: the preview did not check that this address of the school has an account. */
  accountNotChecked?: true;
};

/** A class the caller can see, with what they may do in it. */
export type PlanCourse = {
  id: string;
  name: string;
  section?: string;
  /** Teacher (owner or co-teacher) of the class, or a domain admin. */
  canInvite: boolean;
  /** Owner of the class, or a domain admin: only they can start an ownership transfer. */
  canInviteOwner: boolean;
};

export type CourseResolution =
  | { kind: "ok"; course: PlanCourse }
  | { kind: "unknown" }
  | { kind: "ambiguous"; candidates: PlanCourse[] }
  | { kind: "not_allowed"; course?: PlanCourse };

/** What the server read about one class: its members and pending invitations, by email. */
export type CourseSnapshot = {
  members: ReadonlyMap<string, MemberRole>;
  invitations: ReadonlyMap<string, { id: string; role: InvitationRole }>;
  /** An OWNER invitation is already pending (a second one fails with @PendingInvitationExists). */
  pendingOwnerInvitation: boolean;
};

export type PlanInputRow = { line: number; email: string; course: string; role?: string };

export type PlanContext = {
  resolveCourse: (ref: string) => CourseResolution;
  /** Undefined when the class could not be read: the row is still sent, Classroom decides. */
  snapshot: (courseId: string) => CourseSnapshot | undefined;
  defaultRole?: InvitationRole;
  /** Why the school's "Who can join classes" setting will refuse this invitee (lib/domain-policy.ts). */
  domainRefusal?: (email: string) => DomainRefusal | null;
  /**
   * What the preview learned about the account of an address of the caller's own domain
   * (lib/classroom/bulk-preview.ts): none exists, or it could not be checked. Undefined: it
   * exists, or the address was not for checking (another domain, a known member or invitee).
   */
  account?: (email: string) => AccountCheck | undefined;
};

/** `missing`: userProfiles.get refused the address. `not_checked`: over the lookup cap, or the lookup failed. */
export type AccountCheck = { kind: "missing" } | ({ kind: "not_checked" } & AccountNotChecked);

/** Whether a current member already has the invited role or a greater one (Classroom's FAILED_PRECONDITION). */
export function memberCovers(member: MemberRole, role: InvitationRole): boolean {
  return roleCovers(member, role);
}

export function courseLabel(course: Pick<PlanCourse, "name" | "section">): string {
  return course.section ? `${course.name} (${course.section})` : course.name;
}

export function normalizeCourseRef(ref: string): string {
  return ref.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * A class given by id, by exact name, or by name and section ("Algebra I (Period 1)",
 * "Algebra I - Period 1", "Algebra I — Period 1"). Names compare case-insensitively with
 * collapsed spaces; a name shared by several classes is ambiguous unless the section settles it.
 */
export function resolveCourseRef(ref: string, courses: readonly PlanCourse[]): CourseResolution {
  const trimmed = ref.trim();
  if (trimmed === "") return { kind: "unknown" };
  const byId = courses.find((c) => c.id === trimmed);
  if (byId) return byId.canInvite ? { kind: "ok", course: byId } : { kind: "not_allowed", course: byId };

  const wanted = normalizeCourseRef(trimmed);
  const withSection = courses.filter((c) => {
    if (!c.section) return false;
    const n = normalizeCourseRef(c.name);
    const s = normalizeCourseRef(c.section);
    return [`${n} (${s})`, `${n} - ${s}`, `${n} – ${s}`, `${n} — ${s}`, `${n} ${s}`].includes(wanted);
  });
  const byName = courses.filter((c) => normalizeCourseRef(c.name) === wanted);
  const matches = withSection.length > 0 ? withSection : byName;
  if (matches.length === 0) return { kind: "unknown" };
  if (matches.length > 1) {
    const invitable = matches.filter((c) => c.canInvite);
    if (invitable.length === 1) return { kind: "ok", course: invitable[0]! };
    return { kind: "ambiguous", candidates: matches };
  }
  const only = matches[0]!;
  return only.canInvite ? { kind: "ok", course: only } : { kind: "not_allowed", course: only };
}

/** Rows whose status lets them be sent. */
export function isSendable(row: Pick<BulkPreviewRow, "status">): boolean {
  return row.status === "will_invite";
}

export function planBulkInvite(rows: readonly PlanInputRow[], ctx: PlanContext): BulkPreviewRow[] {
  const seen = new Map<string, number>();
  return rows.map((input): BulkPreviewRow => {
    const courseRef = input.course.trim();
    const email = normalizeEmail(input.email);
    const role = parseRole(input.role, ctx.defaultRole ?? "STUDENT");
    const base = { line: input.line, email, courseRef, role };

    const problem = emailProblem(email);
    if (problem) return { ...base, email: input.email.trim(), status: "invalid_email", message: problem };
    if (!role) {
      return {
        ...base,
        status: "invalid_role",
        message: `"${(input.role ?? "").trim()}" isn't a role. Use Student, Co-teacher (TEACHER) or Owner.`,
      };
    }
    if (courseRef === "")
      return { ...base, status: "missing_course", message: "No class given. Add a class id or its exact name." };

    const resolution = ctx.resolveCourse(courseRef);
    if (resolution.kind === "unknown") {
      return {
        ...base,
        status: "unknown_course",
        message: `No class you can see is called or has the id "${courseRef}". Check the id or the exact name.`,
      };
    }
    if (resolution.kind === "ambiguous") {
      return {
        ...base,
        status: "ambiguous_course",
        message: `${resolution.candidates.length} classes are named "${courseRef}". Use the class id, or add the section, as in "${courseLabel(resolution.candidates[0]!)}".`,
      };
    }
    if (resolution.kind === "not_allowed") {
      const c = resolution.course;
      return {
        ...base,
        ...(c ? { courseId: c.id, courseName: courseLabel(c) } : {}),
        status: "not_allowed",
        message:
          "You don't teach this class, so you can't invite people to it. Ask one of its teachers or an administrator.",
      };
    }
    const course = resolution.course;
    const withCourse = { ...base, courseId: course.id, courseName: courseLabel(course) };

    const key = `${email}\u0000${course.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      return {
        ...withCourse,
        status: "duplicate_row",
        message: `Same person and class as row ${first}; only the first is sent.`,
        duplicateOf: first,
      };
    }
    seen.set(key, input.line);

    if (role === "OWNER" && !course.canInviteOwner) {
      return {
        ...withCourse,
        status: "not_allowed",
        message: OWNER_ONLY,
      };
    }

    const snap = ctx.snapshot(course.id);
    const member = snap?.members.get(email);
    if (member && memberCovers(member, role)) {
      const as = member === "OWNER" ? "the owner" : member === "TEACHER" ? "a teacher" : "a student";
      return {
        ...withCourse,
        status: "already_member",
        memberRole: member,
        message: `Already ${as} of this class; nothing to send.`,
      };
    }
    const existing = snap?.invitations.get(email);
    if (existing) {
      return existing.role === role
        ? {
            ...withCourse,
            status: "already_invited",
            existing,
            message: `Already invited as ${ROLE_PHRASES[existing.role]}; nothing to send.`,
          }
        : {
            ...withCourse,
            status: "already_invited_other_role",
            existing,
            message: alreadyInvitedText(existing.role),
          };
    }
    if (role === "OWNER" && snap && member !== "TEACHER") {
      return {
        ...withCourse,
        status: "not_allowed",
        message: "Only a co-teacher can become the owner. Invite this person as a co-teacher first.",
      };
    }
    if (role === "OWNER" && snap?.pendingOwnerInvitation) {
      return {
        ...withCourse,
        status: "not_allowed",
        message: "An ownership transfer for this class is already pending. Revoke it first.",
      };
    }
    const refusal = ctx.domainRefusal?.(email);
    if (refusal) return { ...withCourse, status: "domain_refused", message: domainRefusedText(refusal) };
    const account = ctx.account?.(email);
    if (account?.kind === "missing") return { ...withCourse, status: "unknown_account", message: NO_SUCH_ACCOUNT };
    const willInvite = `Will invite as ${ROLE_LABELS[role].toLowerCase()}.`;
    if (account?.kind === "not_checked") {
      return {
        ...withCourse,
        status: "will_invite",
        message: `${willInvite} ${accountNotCheckedText(account)}`,
        accountNotChecked: true,
      };
    }
    return { ...withCourse, status: "will_invite", message: willInvite };
  });
}

export function countStatuses(rows: readonly Pick<BulkPreviewRow, "status">[]): Partial<Record<BulkStatus, number>> {
  const counts: Partial<Record<BulkStatus, number>> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
