/**
 * Inputs and results of the direct-add action (lib/actions/members.ts). A plain module, so the
 * form and tests can import them.
 */
import { z } from "zod";

import { DIRECT_ROLES, type DirectRole } from "@/lib/concepts";

import { MAX_DIRECT_ADD } from "./invitations.limits";
import { courseIdSchema, emailSchema } from "./invitations.schemas";
import type { ActionError } from "./safe-action";

export const addMembersSchema = z.object({
  courseId: courseIdSchema,
  role: z.enum(DIRECT_ROLES, { error: "Choose Student or Co-teacher." }),
  emails: z
    .array(emailSchema)
    .min(1, "Enter at least one email address.")
    .max(MAX_DIRECT_ADD, `Add at most ${MAX_DIRECT_ADD} people at once.`),
});
export type AddMembersInput = z.input<typeof addMembersSchema>;

export type AddMemberResult =
  | { email: string; ok: true; reconciled?: true }
  | { email: string; ok: false; error: Pick<ActionError, "code" | "message"> };

export type AddMembersData = { courseId: string; role: DirectRole; results: AddMemberResult[] };
