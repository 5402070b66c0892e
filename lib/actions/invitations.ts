"use server";
// The invitation write actions. Each is authedAction(schema, handler): the wrapper validates,
// authenticates, refuses students and answers; a handler reserves its log entries, calls the
// one lib/classroom path for its operation and logs what the server verified.
import "server-only";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { countStatuses } from "@/lib/bulk/plan";
import { isAccessDenied } from "@/lib/classroom/access";
import { previewBulkInvite } from "@/lib/classroom/bulk-preview";
import { changeInvitationRole, RoleNotChangedError, type RoleChanged } from "@/lib/classroom/change-role";
import { emailsOf } from "@/lib/classroom/profile-cache";
import { inviteOne } from "@/lib/classroom/invite";
import { afterOwnWrite } from "@/lib/classroom/invitation-cache";
import type { Invitation } from "@/lib/classroom/invitations";
import { recordInteractive } from "@/lib/jobs/ledger";
import { revokeInvitations } from "@/lib/classroom/revoke-invitations";

import { recordOwnInvitations, recordOwnOutcomes } from "@/lib/db/invitation-meta";

import { activityEntry, courseFields, logged, reserveActivity } from "./activity";
import {
  changeRoleSchema,
  createInvitationSchema,
  previewBulkInviteSchema,
  revokeInvitationsSchema,
  type BulkPreviewData,
  type ChangeRoleData,
  type ChangeRoleError,
  type ChangeRoleInput,
  type CreateInvitationData,
  type CreateInvitationError,
  type CreateInvitationInput,
  type InvitationDto,
  type RevokeInvitationsData,
  type RevokeRowResult,
} from "./invitations.schemas";
import { authedAction, toActionError, type Action } from "./safe-action";

const STAFF = ["teacher", "admin"] as const;

/** Invite one person to one class. On ALREADY_EXISTS the error carries the blocking invitation. */
export const createInvitationAction: Action<CreateInvitationInput, CreateInvitationData, CreateInvitationError> =
  authedAction({ schema: createInvitationSchema, roles: STAFF }, async (input, { user, token }) => {
    reserveActivity(user, 1);
    const entry = activityEntry(user, "invitation.create", { invitee: input.email, role: input.role });
    const { invitation, reconciled } = await afterOwnWrite(user.id, () =>
      logged(entry, async () => {
        const sent = await inviteOne(token, user.role, {
          courseId: input.courseId,
          userId: input.email,
          role: input.role,
        });
        Object.assign(entry, courseFields(sent.course), { invitationId: sent.invitation.id });
        return sent;
      }),
    );
    await recordOwnInvitations({ ...metaOf(invitation, input.email), inviterEmail: user.email });
    await recordInteractive(user.id, 1);
    return { invitation: dto(invitation), reconciled };
  });

/**
 * Revoke 1–500 invitations. Per-id results; NOT_FOUND (already accepted, revoked or replaced)
 * counts as revoked, with `alreadyGone`. The revoke path records what it revoked for Insights.
 */
export const revokeInvitationsAction = authedAction(
  { schema: revokeInvitationsSchema, roles: STAFF },
  async (input, { user, token }): Promise<RevokeInvitationsData> => {
    const ids = [...new Set(input.ids)];
    reserveActivity(user, ids.length);
    const outcomes = await afterOwnWrite(user.id, () =>
      revokeInvitations(token, user.role, ids, { viewerId: user.id, courseIds: input.courseIds }),
    );
    const bulk = ids.length > 1;
    const batchId = bulk ? globalThis.crypto.randomUUID() : null;
    const emails = await emailsOf(
      token,
      user.id,
      outcomes.flatMap((o) => (o.invitation ? [o.invitation.userId] : [])),
    );
    await recordActivityBestEffort(
      outcomes.map((o) =>
        activityEntry(user, bulk ? "bulk.revoke" : "invitation.revoke", {
          // A class the caller may not manage stays out of the entry, so it can't show in its owner's log.
          ...(o.ok || !isAccessDenied(o.error) ? courseFields(o.course) : {}),
          invitationId: o.id,
          invitee: o.invitation ? (emails.get(o.invitation.userId) ?? o.invitation.userId) : null,
          role: o.invitation?.role ?? null,
          outcome: o.ok ? "ok" : "error",
          errorCode: o.ok ? (o.alreadyGone ? "NOT_FOUND" : null) : o.error.code,
          batchId,
        }),
      ),
    );
    return {
      results: outcomes.map((o): RevokeRowResult => {
        if (!o.ok) return { id: o.id, ok: false, error: toActionError(o.error) };
        return o.alreadyGone ? { id: o.id, ok: true, alreadyGone: true } : { id: o.id, ok: true };
      }),
    };
  },
);

/**
 * Change an invitation's role: delete and re-create, as one operation for the user. If the
 * re-create fails, the original is re-created and the error says so (`restored`).
 */
export const changeRoleAction: Action<ChangeRoleInput, ChangeRoleData, ChangeRoleError> = authedAction(
  { schema: changeRoleSchema, roles: STAFF },
  async (input, { user, token }) => {
    reserveActivity(user, 1);
    const entry = activityEntry(user, "invitation.change_role", { invitationId: input.invitationId });
    // Filled in from what Classroom said about the invitation, never from the input.
    const describe = async ({ previous, course }: Pick<RoleChanged, "previous" | "course">, now?: Invitation) => {
      const email = (await emailsOf(token, user.id, [previous.userId])).get(previous.userId) ?? previous.userId;
      Object.assign(entry, courseFields(course), {
        invitee: email,
        role: `${previous.role}→${input.toRole}`,
        invitationId: now?.id ?? previous.id,
      });
      if (now) {
        await recordOwnInvitations({ ...metaOf(now, email), inviterEmail: user.email });
        if (now.id !== previous.id) await recordOwnOutcomes([{ invitationId: previous.id, outcome: "replaced" }]);
        // The new invitation (or the restored original) is a create Google counts.
        await recordInteractive(user.id, 1);
      }
    };
    const changed = await afterOwnWrite(user.id, () =>
      logged(entry, async () => {
        try {
          const result = await changeInvitationRole(token, user.role, input);
          await describe(result, result.invitation);
          return result;
        } catch (e) {
          if (e instanceof RoleNotChangedError) await describe(e, e.restored);
          throw e;
        }
      }),
    );
    return { invitation: dto(changed.invitation), restored: false };
  },
);

/** The dry run: says what would happen to each row. Reads only; sends nothing. */
export const previewBulkInviteAction = authedAction(
  { schema: previewBulkInviteSchema, roles: STAFF },
  async (input, { user, token }): Promise<BulkPreviewData> => {
    const rows = await previewBulkInvite(token, user, input.rows);
    return { rows, counts: countStatuses(rows) };
  },
);

function dto(inv: Invitation): InvitationDto {
  return { id: inv.id, courseId: inv.courseId, userId: inv.userId, role: inv.role };
}

function metaOf(inv: Invitation, invitee: string) {
  return { invitationId: inv.id, courseId: inv.courseId, invitee, role: inv.role, userId: inv.userId };
}
