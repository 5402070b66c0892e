"use server";

import { z } from "zod";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { getCourse } from "@/lib/classroom/courses";
import { afterOwnWrite } from "@/lib/classroom/invitation-cache";
import { INVITATION_ROLES, CLASSROOM_ID_PATTERN } from "@/lib/concepts";
import { acceptInvitation, listInvitations, membershipSatisfies, type Invitation } from "@/lib/classroom/invitations";
import { revokeInvitation } from "@/lib/classroom/revoke-invitations";
import { getMembership, type MemberRole } from "@/lib/classroom/rosters";
import { mapLimit } from "@/lib/map-limit";
import type { AccessToken } from "@/lib/classroom/client";
import { isAppError, toAppError, toPublicError, type AppError, type PublicError } from "@/lib/classroom/errors";

import { recordOwnOutcomes } from "@/lib/db/invitation-meta";

import { reserveActivity } from "./activity";
import { ACCEPT_MESSAGES, DECLINE_MESSAGES, forInvitee } from "./my-invitations-messages";
import { authedAction, type ActionContext } from "./safe-action";

// Invitees act only on themselves: every Classroom call below says "me" or uses an invitation
// id, and Classroom itself refuses an accept by anyone but the invitee. No user id is ever
// taken from the browser.

const id = z.string().regex(CLASSROOM_ID_PATTERN, "Not a Classroom id.");

/**
 * The invitation as the page showed it. Only `invitationId` is acted on. The caller's own
 * pending list says its class and role; `courseId` and `role` are only hints for an invitation
 * no longer on that list (accepted in another tab, or a lost answer), where they choose whose
 * membership to check: the caller's own ("me"). The activity log never records a hint.
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
    reserveActivity(ctx.user, 1);
    const result = await acceptOne(ref, ctx, pendingOf(ctx.token), null);
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
    reserveActivity(ctx.user, unique.length);
    const batchId = globalThis.crypto.randomUUID();
    const pending = pendingOf(ctx.token);
    const results = await mapLimit(unique, 3, async (ref): Promise<AcceptAllItem> => {
      const outcome = await acceptOne(ref, ctx, pending, batchId);
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
    reserveActivity(user, 1);
    const mine = await listInvitations(token, { userId: "me" });
    const invitation = mine.find((i) => i.id === invitationId);
    if (!invitation) return { invitationId, outcome: "already_gone" };
    // Read before the delete: once the invitation is gone, Classroom no longer shows the invitee the class.
    const courseName = await courseNameOf(token, invitation.courseId);
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
      if (!alreadyGone) await recordOwnOutcomes([{ invitationId, outcome: "declined" }]);
      await recordActivityBestEffort({
        ...entry,
        courseName,
        outcome: "ok",
        details: { alreadyGone },
      });
      return { invitationId, outcome: alreadyGone ? "already_gone" : "declined" };
    } catch (e) {
      const error = forInvitee(isAppError(e) ? e : toAppError(e), DECLINE_MESSAGES);
      await recordActivityBestEffort({
        ...entry,
        courseName,
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
 * The log records the class and role of the caller's own pending invitation, or, for one no
 * longer pending, the class and role their membership proves; nothing the browser sent.
 */
async function acceptOne(
  ref: InvitationRef,
  { user, token }: ActionContext,
  pending: Promise<Invitation[] | null>,
  batchId: string | null,
): Promise<OneOutcome> {
  const mine = (await pending)?.find((i) => i.id === ref.invitationId);
  const courseId = mine?.courseId ?? ref.courseId;
  const role = mine?.role ?? ref.role;
  const courseName = courseNameOf(token, courseId);
  const before = await getMembership(token, courseId, "me").catch(() => null);
  const wasMember = membershipSatisfies(before, role);
  let result: OneOutcome;
  try {
    // Joining a class changes this user's course list and that class's invitations.
    await afterOwnWrite(user.id, () => acceptInvitation(token, { id: ref.invitationId, courseId, role }));
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
  // Only the caller's own pending invitation, as Classroom listed it: never an id the browser sent.
  if (result.ok && mine) await recordOwnOutcomes([{ invitationId: mine.id, outcome: "accepted" }]);
  const verified = verifiedPlace(mine, result.ok ? before : null, courseId);
  await recordActivityBestEffort({
    actor: { id: user.id, email: user.email },
    action: "invitation.accept",
    courseId: verified?.courseId ?? null,
    courseName: verified ? await courseName : null,
    invitee: user.email,
    role: verified?.role ?? null,
    invitationId: ref.invitationId,
    outcome: result.ok ? "ok" : "error",
    errorCode: result.ok ? null : result.error.code,
    batchId,
    details: result.ok ? { outcome: result.outcome } : null,
  });
  return result;
}

/** The caller's own pending invitations ("me"), or null when they can't be read. */
function pendingOf(token: AccessToken): Promise<Invitation[] | null> {
  return listInvitations(token, { userId: "me" }).catch(() => null);
}

/**
 * What the server knows about where an accept put the caller: the pending invitation it read,
 * or, for one no longer pending, the membership it read (the hint only chose where to look).
 */
function verifiedPlace(
  mine: Invitation | undefined,
  membership: MemberRole | null,
  courseId: string,
): { courseId: string; role: string } | null {
  if (mine) return { courseId: mine.courseId, role: mine.role };
  return membership ? { courseId, role: membership } : null;
}

/** For the activity log only; the name comes from Classroom, never from the browser. */
function courseNameOf(token: AccessToken, courseId: string): Promise<string | null> {
  return getCourse(token, courseId).then(
    (c) => c.name,
    () => null,
  );
}
