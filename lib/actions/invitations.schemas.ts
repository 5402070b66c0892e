/**
 * Inputs and results of the invitation write actions (lib/actions/invitations.ts). A plain
 * module, not "use server", so forms, tables and tests can import the schemas and types.
 * Every schema bounds its strings: actions are public POST endpoints.
 */
import { z } from "zod";

import type { BulkPreviewRow, BulkStatus } from "@/lib/bulk/plan";
import { emailProblem, normalizeEmail } from "@/lib/bulk/email";
import { CLASSROOM_ID_PATTERN, COURSE_REF_PATTERN, INVITATION_ROLES, type InvitationRole } from "@/lib/concepts";

import { MAX_BULK_ROWS, MAX_REVOKE } from "./invitations.limits";
import type { ActionError } from "./safe-action";

export type { BulkPreviewRow, BulkStatus } from "@/lib/bulk/plan";
export { MAX_BULK_ROWS, MAX_REVOKE } from "./invitations.limits";

// ---------------------------------------------------------------------------
// Building blocks

export const roleSchema = z.enum(INVITATION_ROLES, { error: "Choose a role: Student, Co-teacher or Owner." });

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .max(320, "This email address is too long.")
  .transform(normalizeEmail)
  .superRefine((value, ctx) => {
    const problem = emailProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A Classroom course id or alias ("d:algebra-1", "p:…"): digits, letters and a few marks. */
export const courseIdSchema = z
  .string({ error: "Choose a class." })
  .trim()
  .min(1, "Choose a class.")
  .max(200, "Choose a class.")
  .regex(COURSE_REF_PATTERN, "Choose a class from the list.");

export const invitationIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(CLASSROOM_ID_PATTERN, "Not a valid invitation id.");

/** Classroom accepts a numeric user id or an email address wherever it takes a userId. */
export const userIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(320)
  .refine((v) => /^\d{1,40}$/.test(v) || emailProblem(v.toLowerCase()) === null, "Not a valid user id.");

// ---------------------------------------------------------------------------
// Create

export const createInvitationSchema = z.object({
  email: emailSchema,
  courseId: courseIdSchema,
  role: roleSchema,
});
export type CreateInvitationInput = z.input<typeof createInvitationSchema>;

export type InvitationDto = { id: string; courseId: string; userId: string; role: InvitationRole };

/** The invitation that blocks a create (ALREADY_EXISTS), so the form can link to it. */
export type ExistingInvitation = { id: string; courseId: string; role: InvitationRole };

/** What a failed create may add to its error: the invitation that blocks it. */
export type CreateInvitationError = ActionError & { existing?: ExistingInvitation };
export type CreateInvitationData = {
  invitation: InvitationDto;
  /** The create's answer was lost and the invitation was found afterwards (it landed once). */
  reconciled: boolean;
};

// ---------------------------------------------------------------------------
// Revoke

export const revokeInvitationsSchema = z.object({
  ids: z
    .array(invitationIdSchema)
    .min(1, "Choose at least one invitation.")
    .max(MAX_REVOKE, `Revoke at most ${MAX_REVOKE} invitations at a time.`),
  /**
   * The classes the page listed the rows under: where the server looks the invitations up first
   * (one list per class instead of one read per invitation). Never trusted: an invitation is
   * only what the caller's own Classroom read says it is.
   */
  courseIds: z.array(courseIdSchema).max(MAX_REVOKE).optional(),
});
export type RevokeInvitationsInput = z.input<typeof revokeInvitationsSchema>;

export type RowError = { code: string; message: string };
export type RevokeRowResult = {
  id: string;
  ok: boolean;
  /** NOT_FOUND: accepted, revoked or replaced meanwhile. Counts as revoked. */
  alreadyGone?: boolean;
  error?: RowError;
};
export type RevokeInvitationsData = { results: RevokeRowResult[] };

// ---------------------------------------------------------------------------
// Change role

export const changeRoleSchema = z
  .object({
    invitationId: invitationIdSchema,
    courseId: courseIdSchema,
    userId: userIdSchema,
    fromRole: roleSchema,
    toRole: roleSchema,
  })
  .refine((v) => v.fromRole !== v.toRole, { path: ["toRole"], message: "Choose a different role." });
export type ChangeRoleInput = z.input<typeof changeRoleSchema>;

export type ChangeRoleData = {
  invitation: InvitationDto;
  /** Always false on success; a failed change reports `restored` on the error instead. */
  restored?: boolean;
};
/**
 * A failed re-create answers `ok: false` (the role did not change), with `restored: true` and
 * the re-created original invitation when it was put back, `restored: false` when even that
 * failed (the message then says the invitation is gone). Structurally an ActionResult.
 */
export type ChangeRoleError = ActionError & { restored?: boolean; invitation?: InvitationDto };

// ---------------------------------------------------------------------------
// Bulk invite

/** A row as read from the paste or file: nothing validated yet, the preview reports on it. */
export const bulkInputRowSchema = z.object({
  line: z.number().int().min(1).max(1_000_000),
  email: z.string().max(400),
  course: z.string().max(800),
  role: z.string().max(40).optional(),
});

export const previewBulkInviteSchema = z.object({
  rows: z
    .array(bulkInputRowSchema)
    .min(1, "There are no rows to preview.")
    .max(MAX_BULK_ROWS, `At most ${MAX_BULK_ROWS} rows at a time: split the file.`),
});
export type PreviewBulkInviteInput = z.input<typeof previewBulkInviteSchema>;

export type BulkPreviewData = {
  rows: BulkPreviewRow[];
  counts: Partial<Record<BulkStatus, number>>;
};

/** A previewed row that can be sent: what the bulk page hands to a bulk-invite job. */
export type BulkSendRow = { line: number; email: string; courseId: string; role: InvitationRole };
