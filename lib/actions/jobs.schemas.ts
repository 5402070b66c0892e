/**
 * Inputs of the job actions (lib/actions/jobs.ts). A plain module so forms and tests can use
 * the schemas. Every array and string is bounded: actions are public POST endpoints.
 */
import { z } from "zod";

import { courseIdSchema, emailSchema, invitationIdSchema, roleSchema, userIdSchema } from "./invitations.schemas";

/** A job may be far bigger than one request's chunk (it is stored, then sent over days if need be), within the 1 MiB request limit. */
export const MAX_JOB_ROWS = 5_000;

export const jobIdSchema = z.uuid("Not a valid job id.");

export const createInviteJobSchema = z.object({
  rows: z
    .array(z.object({ email: emailSchema, courseId: courseIdSchema, role: roleSchema }))
    .min(1, "There are no rows to send.")
    .max(MAX_JOB_ROWS, `At most ${MAX_JOB_ROWS} rows in one job: split the file.`),
});
export type CreateInviteJobInput = z.input<typeof createInviteJobSchema>;

export const createRevokeJobSchema = z.object({
  invitations: z
    .array(z.object({ id: invitationIdSchema, courseId: courseIdSchema, userId: userIdSchema }))
    .min(1, "Choose at least one invitation.")
    .max(MAX_JOB_ROWS, `At most ${MAX_JOB_ROWS} invitations in one job.`),
});
export type CreateRevokeJobInput = z.input<typeof createRevokeJobSchema>;

const chosenInvitation = z.object({
  id: invitationIdSchema,
  courseId: courseIdSchema,
  userId: userIdSchema,
  /** The role the list showed: the job refuses an invitation whose role changed meanwhile. */
  role: roleSchema,
});
const chosenInvitations = z
  .array(chosenInvitation)
  .min(1, "Choose at least one invitation.")
  .max(MAX_JOB_ROWS, `At most ${MAX_JOB_ROWS} invitations in one job.`);

export const createChangeRoleJobSchema = z
  .object({ invitations: chosenInvitations, toRole: roleSchema })
  // A row already in the new role would be deleted and sent again for nothing (a resend).
  .refine((v) => v.invitations.every((i) => i.role !== v.toRole), {
    path: ["toRole"],
    message: "Choose a different role: some of these invitations already have it.",
  });
export type CreateChangeRoleJobInput = z.input<typeof createChangeRoleJobSchema>;

export const createResendJobSchema = z.object({ invitations: chosenInvitations });
export type CreateResendJobInput = z.input<typeof createResendJobSchema>;

export const jobControlSchema = z.object({
  jobId: jobIdSchema,
  action: z.enum(["pause", "resume", "cancel", "retry-failed"]),
});
export type JobControlInput = z.input<typeof jobControlSchema>;
