import "server-only";

import { BULK_REPOSTS } from "@/lib/classroom/create-invitations";
import { isOutcomeUnknown, type InvitationRole } from "@/lib/classroom/invitations";
import { inviteAs } from "@/lib/classroom/invite";
import { AppError } from "@/lib/classroom/errors";

import { settle } from "../ledger";
import { recordItems, type ItemResult } from "../store";
import {
  afterCreates,
  claimSlots,
  creatorRole,
  heldInvitations,
  isReauth,
  recordCreated,
  retryable,
  type Handler,
  type MadeAs,
} from "./handler";

/** A row answered "already invited" names someone else's invitation, not one this job made. */
const madeAs: MadeAs = (r, item) => (r.outcome === "created" ? item.role : null);

/** Bulk invite: one invitation per item, within the sender's daily budget. */
export const invite: Handler = {
  async send(ctx, items) {
    const { d, job, now, options } = ctx;
    const claimed = await claimSlots(ctx, items);
    if ("wait" in claimed) return claimed.wait;
    const { batch } = claimed;

    // The one path for invitations sent on a person's behalf: each row authorized on our side
    // (their classes, the owner rule), then created; rows proven absent after a lost answer are
    // posted again (at most twice).
    const outcomes = await inviteAs(
      ctx.token,
      await creatorRole(d, job.creatorId),
      batch.map((i) => ({ courseId: i.courseId, userId: i.invitee, role: i.role as InvitationRole })),
      { ...options.batch, reposts: BULK_REPOSTS },
    );
    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    const refusedForCap: number[] = [];
    let reauth = false;
    outcomes.forEach((outcome, k) => {
      const item = batch[k]!;
      if (outcome.ok) {
        const fresh = !outcome.alreadyInvited;
        (fresh ? kept : released).push(item.seq);
        results.push({
          seq: item.seq,
          state: "done",
          outcome: fresh ? "created" : "already-invited",
          invitationId: outcome.invitation.id,
          userId: outcome.invitation.userId,
          course: outcome.course,
        });
        return;
      }
      const error = outcome.error;
      if (error.code === "INVITATION_QUOTA_REACHED") {
        // Google's count is the truth: the row goes back in line and no attempt is spent on it.
        refusedForCap.push(item.seq);
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else if (error instanceof AppError && isOutcomeUnknown(error)) {
        // It may have landed: left marked, and settled by listing on the next round.
        results.push({ seq: item.seq, state: "sending", errorCode: error.code });
      } else if (error instanceof AppError && isReauth(error)) {
        reauth = true;
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else if (error instanceof AppError && retryable(error) && item.attempts + 1 < options.maxAttempts) {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending", errorCode: error.code });
      } else {
        released.push(item.seq);
        results.push({
          seq: item.seq,
          state: "failed",
          errorCode: error.code,
          invitationId: outcome.existing?.id,
          course: outcome.course,
        });
      }
    });
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      if (refusedForCap.length > 0) {
        await tx.query(
          "UPDATE job_items SET attempts = greatest(attempts - 1, 0) WHERE job_id = $1 AND seq = ANY($2::int[])",
          [job.id, refusedForCap],
        );
      }
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(ctx, "bulk.invite", batch, results, madeAs);
    return afterCreates(ctx, results, { capReached: refusedForCap.length > 0, reauth });
  },

  async reconcile(ctx, items) {
    const { d, job, token, now, options } = ctx;
    const found = await heldInvitations(token, items, options.batch);
    if (!found) return "unreachable";
    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    items.forEach((item, k) => {
      const existing = found[k];
      if (existing && existing.role === item.role) {
        kept.push(item.seq);
        results.push({
          seq: item.seq,
          state: "done",
          outcome: "created",
          invitationId: existing.id,
          userId: existing.userId,
        });
      } else if (existing) {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: "ALREADY_EXISTS", invitationId: existing.id });
      } else if (item.attempts < options.maxAttempts) {
        // Proven absent: that send did not land, so sending it again cannot make a second one.
        released.push(item.seq);
        results.push({ seq: item.seq, state: "pending" });
      } else {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: item.errorCode ?? "UNAVAILABLE" });
      }
    });
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(ctx, "bulk.invite", items, results, madeAs);
    return "ok";
  },
};
