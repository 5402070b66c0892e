"use server";

import { z } from "zod";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { getCourse } from "@/lib/classroom/courses";
import { afterOwnWrite } from "@/lib/classroom/invitation-cache";
import {
  acceptInvitation,
  INVITATION_ROLES,
  listInvitations,
  membershipSatisfies,
  revokeInvitation,
} from "@/lib/classroom/invitations";
import { getMembership } from "@/lib/classroom/rosters";
import { mapLimit } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { isAppError, toAppError, toPublicError, type AppError, type PublicError } from "@/lib/google/errors";

import { ACCEPT_MESSAGES, DECLINE_MESSAGES, forInvitee } from "./my-invitations-messages";
import { authedAction, type ActionContext } from "./safe-action";

// Invitees act only on themselves: every Classroom call below says "me" or uses an invitation
// id, and Classroom itself refuses an accept by anyone but the invitee. No user id is ever
// taken from the browser.

const id = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "Not a Classroom id.");

/**
 * The invitation as the page showed it. Only `invitationId` is acted on; `courseId` and `role`
 * are hints for the membership check after a lost answer (the invitation is gone by then, so
 * Classroom can no longer tell us its course). That check reads the caller's own membership
 * ("me"), so a forged hint can only mislabel the caller's own outcome.
 */
const invitationRef = z.object({ invitationId: id, courseId: id, role: z.enum(INVITATION_ROLES) });
type InvitationRef = z.output<typeof invitationRef>;

export type AcceptOutcome = "joined" | "already_member";
export type AcceptResult = { invitationId: string; outcome: AcceptOutcome };
export type AcceptAllItem = { invitationId: string } & (
  { ok: true; outcome: AcceptOutcome } | { ok: false; error: PublicError }
);
export type DeclineResult = { invitationId: string; outcome: "declined" | "already_gone" };

export const acceptInvitationAction = authedAction(
  { schema: invitationRef },
  async (ref, ctx): Promise<AcceptResult> => {
    const result = await acceptOne(ref, ctx, null);
    if (!result.ok) throw result.error;
    return { invitationId: ref.invitationId, outcome: result.outcome };
  },
);

const acceptAllSchema = z.object({ invitations: z.array(invitationRef).min(1).max(100) });

/**
 * Accepts the invitations the page showed, not whatever is pending by now: a new invitation
 * that arrived since the page loaded has not been seen, so it is not consented to.
 * Three at a time, each settled on its own; one full class doesn't stop the others.
 */
export const acceptAllInvitationsAction = authedAction(
  { schema: acceptAllSchema },
  async ({ invitations }, ctx): Promise<{ results: AcceptAllItem[] }> => {
    const unique = [...new Map(invitations.map((r) => [r.invitationId, r])).values()];
    const batchId = globalThis.crypto.randomUUID();
    const results = await mapLimit(unique, 3, async (ref): Promise<AcceptAllItem> => {
      const outcome = await acceptOne(ref, ctx, batchId);
      return outcome.ok
        ? { invitationId: ref.invitationId, ok: true, outcome: outcome.outcome }
        : { invitationId: ref.invitationId, ok: false, error: toPublicError(outcome.error) };
    });
    return { results };
  },
);

const declineSchema = z.object({ invitationId: id });

/**
 * invitations.delete as the invitee. Classroom doesn't document whether an invitee may delete
 * their own invitation; when it refuses, the message explains the alternatives. The id must be
 * one of the caller's own pending invitations: teachers may delete any invitation of their
 * class, and "decline" must not become a second way to revoke someone else's.
 */
export const declineInvitationAction = authedAction(
  { schema: declineSchema },
  async ({ invitationId }, { user, token }): Promise<DeclineResult> => {
    const mine = await listInvitations(token, { userId: "me" });
    const invitation = mine.find((i) => i.id === invitationId);
    if (!invitation) return { invitationId, outcome: "already_gone" };
    const courseName = courseNameOf(token, invitation.courseId);
    const entry = {
      actor: { id: user.id, email: user.email },
      action: "invitation.decline",
      courseId: invitation.courseId,
      invitee: user.email,
      role: invitation.role,
      invitationId,
    } as const;
    try {
      const { alreadyGone } = await afterOwnWrite(user.id, () => revokeInvitation(token, invitationId));
      await recordActivityBestEffort({
        ...entry,
        courseName: await courseName,
        outcome: "ok",
        details: { alreadyGone },
      });
      return { invitationId, outcome: alreadyGone ? "already_gone" : "declined" };
    } catch (e) {
      const error = forInvitee(isAppError(e) ? e : toAppError(e), DECLINE_MESSAGES);
      await recordActivityBestEffort({
        ...entry,
        courseName: await courseName,
        outcome: "error",
        errorCode: error.code,
      });
      throw error;
    }
  },
);

// ---------------------------------------------------------------------------

type OneOutcome = { ok: true; outcome: AcceptOutcome } | { ok: false; error: AppError };

/**
 * One accept, settled to the truth:
 * - Membership is read first, so "You're already in this class" is said exactly when the user
 *   was in before this click (a second tab, an enrolment code). Accept is still sent then, to
 *   clear the leftover invitation; its failure doesn't matter.
 * - Otherwise lib/classroom sends the POST once and, on a lost answer or NOT_FOUND, checks
 *   membership again. In after that means our accept landed: "joined", not an error.
 */
async function acceptOne(
  ref: InvitationRef,
  { user, token }: ActionContext,
  batchId: string | null,
): Promise<OneOutcome> {
  const courseName = courseNameOf(token, ref.courseId);
  const before = await getMembership(token, ref.courseId, "me").catch(() => null);
  const wasMember = membershipSatisfies(before, ref.role);
  let result: OneOutcome;
  try {
    // Joining a class changes this user's course list and that class's invitations.
    await afterOwnWrite(user.id, () =>
      acceptInvitation(token, { id: ref.invitationId, courseId: ref.courseId, role: ref.role }),
    );
    result = { ok: true, outcome: wasMember ? "already_member" : "joined" };
  } catch (e) {
    const error = isAppError(e) ? e : toAppError(e);
    // Only "the invitation is gone" is settled by membership. Anything else, notably Classroom's
    // 403 for an invitation that is not the caller's, stays an error: a member of a class must
    // not be able to log "accepted" against other people's invitation ids.
    const gone = error.code === "NOT_FOUND" || error.code === "INVITATION_NOT_FOUND";
    result =
      wasMember && gone
        ? { ok: true, outcome: "already_member" }
        : { ok: false, error: forInvitee(error, ACCEPT_MESSAGES) };
  }
  await recordActivityBestEffort({
    actor: { id: user.id, email: user.email },
    action: "invitation.accept",
    courseId: ref.courseId,
    courseName: await courseName,
    invitee: user.email,
    role: ref.role,
    invitationId: ref.invitationId,
    outcome: result.ok ? "ok" : "error",
    errorCode: result.ok ? null : result.error.code,
    batchId,
    details: result.ok ? { outcome: result.outcome } : null,
  });
  return result;
}

/** For the activity log only; the name comes from Classroom, never from the browser. */
function courseNameOf(token: AccessToken, courseId: string): Promise<string | null> {
  return getCourse(token, courseId).then(
    (c) => c.name,
    () => null,
  );
}
