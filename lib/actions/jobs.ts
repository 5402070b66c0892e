"use server";
// Bulk jobs: the browser creates a job and steers it; the work runs on the server (lib/jobs).
// A job acts with its creator's own Google grant, so Classroom itself refuses any row the
// creator may not act on (each refusal is that row's outcome); students are refused here.
import "server-only";

import { db } from "@/lib/db";
import { cancelJob, canControl, createJob, pauseJob, resumeJob, retryFailed } from "@/lib/jobs/control";
import { getJob } from "@/lib/jobs/store";

import {
  createChangeRoleJobSchema,
  createInviteJobSchema,
  createResendJobSchema,
  createRevokeJobSchema,
  jobControlSchema,
} from "./jobs.schemas";
import { authedAction } from "./safe-action";

const MANAGERS = ["teacher", "admin"] as const;

export const createInviteJobAction = authedAction(
  { schema: createInviteJobSchema, roles: MANAGERS },
  async (input, { user }) => ({
    jobId: await createJob({
      kind: "invite",
      creatorId: user.id,
      creatorEmail: user.email,
      items: input.rows.map((r) => ({ courseId: r.courseId, invitee: r.email, role: r.role })),
    }),
  }),
);

export const createRevokeJobAction = authedAction(
  { schema: createRevokeJobSchema, roles: MANAGERS },
  async (input, { user }) => ({
    jobId: await createJob({
      kind: "revoke",
      creatorId: user.id,
      creatorEmail: user.email,
      items: input.invitations.map((i) => ({ courseId: i.courseId, invitee: i.userId, invitationId: i.id })),
    }),
  }),
);

/** Change of role and resend are one kind of work: delete, then create (lib/jobs/handlers/recreate). */
function recreateJob(
  kind: "change-role" | "resend",
  user: { id: string; email: string },
  invitations: readonly { id: string; courseId: string; userId: string; role: string }[],
  toRole?: string,
) {
  return createJob({
    kind,
    creatorId: user.id,
    creatorEmail: user.email,
    items: invitations.map((i) => ({
      courseId: i.courseId,
      invitee: i.userId,
      invitationId: i.id,
      fromRole: i.role,
      role: toRole ?? i.role,
    })),
  });
}

/** Change the role of a selection: each is deleted and sent again with the new role, as a job. */
export const createChangeRoleJobAction = authedAction(
  { schema: createChangeRoleJobSchema, roles: MANAGERS },
  async (input, { user }) => ({ jobId: await recreateJob("change-role", user, input.invitations, input.toRole) }),
);

/** Resend invitations (one or a selection): Classroom has no resend, so each is deleted and created again. */
export const createResendJobAction = authedAction(
  { schema: createResendJobSchema, roles: MANAGERS },
  async (input, { user }) => ({ jobId: await recreateJob("resend", user, input.invitations) }),
);

const NOT_YOURS = "This job is not yours, or it no longer exists.";
const TOO_LATE = "The job has moved on since this page was loaded: nothing was changed.";

export const controlJobAction = authedAction({ schema: jobControlSchema }, async (input, { user }) => {
  const job = await getJob(await db(), input.jobId);
  if (!job || !canControl(job, user)) return { changed: false, message: NOT_YOURS };
  const changed =
    input.action === "pause"
      ? await pauseJob(job.id)
      : input.action === "resume"
        ? await resumeJob(job.id)
        : input.action === "cancel"
          ? await cancelJob(job.id)
          : (await retryFailed(job.id)) > 0;
  return changed ? { changed } : { changed, message: TOO_LATE };
});
