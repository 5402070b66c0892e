/**
 * Inputs of the roster actions (lib/actions/roster.ts). A plain module so the page and tests can
 * use the schemas. Every array and string is bounded: actions are public POST endpoints.
 */
import { z } from "zod";

import { WRITE_KINDS } from "@/lib/roster/diff";
import { ROSTER_FORMATS, ROSTER_ROLES } from "@/lib/roster/model";

import { emailSchema } from "./invitations.schemas";

export const MAX_SYNC_CLASSES = 2_000;
export const MAX_SYNC_ENROLLMENTS = 20_000;

export const rosterWireSchema = z.object({
  format: z.enum(ROSTER_FORMATS),
  classes: z
    .array(
      z.object({
        key: z.string().trim().min(1).max(200),
        title: z.string().max(300),
        aliases: z.array(z.string().max(256)).max(2),
      }),
    )
    .max(MAX_SYNC_CLASSES, `At most ${MAX_SYNC_CLASSES} classes in one sync: filter by school or term.`),
  /** [class index, email, role, primary] */
  enrollments: z
    .array(z.tuple([z.number().int().min(0), emailSchema, z.enum(ROSTER_ROLES), z.boolean()]))
    .max(MAX_SYNC_ENROLLMENTS, `At most ${MAX_SYNC_ENROLLMENTS} enrollments in one sync: filter by school or term.`),
});

const mappingSchema = z
  .record(z.string().max(200), z.string().max(200))
  .refine((m) => Object.keys(m).length <= MAX_SYNC_CLASSES);

export const previewRosterSchema = z.object({
  roster: rosterWireSchema,
  /** The saved sync (profile) this roster is: its saved mapping is the one reused. */
  sourceName: z.string().trim().min(1).max(200),
  /** Hand choices (roster class key → course id), on top of the profile's saved mapping. */
  mapping: mappingSchema,
  /** Admins: add people of their own domain directly instead of inviting them. */
  addDirectly: z.boolean().default(false),
});

export const commitRosterSchema = previewRosterSchema.extend({
  staged: z
    .array(
      z.object({
        courseId: z.string().min(1).max(200),
        kinds: z.array(z.enum(WRITE_KINDS)).max(WRITE_KINDS.length),
      }),
    )
    .max(MAX_SYNC_CLASSES),
  /**
   * The number of removals the user confirmed in the second step. The server recomputes them
   * and starts nothing if they differ, so no member is removed without being counted to them.
   */
  confirmedRemovals: z
    .number()
    .int()
    .min(0)
    .max(MAX_SYNC_ENROLLMENTS * 10)
    .default(0),
});
export type PreviewRosterInput = z.input<typeof previewRosterSchema>;
export type PreviewRosterOutput = z.output<typeof previewRosterSchema>;
export type CommitRosterInput = z.input<typeof commitRosterSchema>;
