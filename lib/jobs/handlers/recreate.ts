import "server-only";

import type { ActivityAction } from "@/lib/activity/log";
import type { Course } from "@/lib/classroom/courses";
import { changeInvitationRole, createInNewRole, RoleNotChangedError } from "@/lib/classroom/change-role";
import { isOutcomeUnknown, type InvitationRole } from "@/lib/classroom/invitations";
import { recordOwnOutcomes } from "@/lib/db/invitation-meta";
import { mapLimit } from "@/lib/map-limit";
import { AppError } from "@/lib/classroom/errors";

import { settle } from "../ledger";
import { recordItems, type ItemResult, type Job, type JobItem } from "../store";
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

/**
 * Change of role and resend: Classroom has neither, so both delete the invitation and create it
 * again (the new role, or the same one for a fresh email), through the one change-role path
 * (lib/classroom/change-role), which puts the original back when the create fails. Every
 * re-create is a new invitation, so each item takes a slot of the sender's daily budget.
 */

/** Items per round: each is a read, a delete and a create, a few at a time. */
const ROUND = 50;
const CONCURRENCY = 4;

/** What an item's outcome says about the person, for the report and the activity log. */
export const RECREATE_OUTCOMES = {
  changed: "role-changed",
  resent: "resent",
  /** The create failed and the original invitation was sent again: nothing changed for them. */
  restored: "restored",
  /** Deleted, and neither the new nor the original invitation could be created: no invitation now. */
  removed: "removed",
  /** The invitation was gone before the job reached it: accepted, declined or revoked meanwhile. */
  gone: "gone",
  /** The person had joined the class meanwhile, so there was nothing to re-create. */
  accepted: "accepted",
} as const;

const actionOf = (job: Job): ActivityAction => (job.kind === "resend" ? "invitation.resend" : "invitation.change_role");
const doneOutcome = (job: Job) => (job.kind === "resend" ? RECREATE_OUTCOMES.resent : RECREATE_OUTCOMES.changed);
const roleOf = (item: JobItem) =>
  item.fromRole && item.fromRole !== item.role ? `${item.fromRole}→${item.role}` : item.role;

/**
 * A new invitation is one whose id differs from the item's original: the re-created one (new
 * role), or the original sent again (its old role). Any other names an invitation found there.
 */
const madeAs: MadeAs = (r, item) => {
  if (r.invitationId === item.invitationId) return null;
  if (r.state === "done") return item.role;
  return r.outcome === RECREATE_OUTCOMES.restored ? (item.fromRole ?? item.role) : null;
};

type Attempt = { ok: true; id: string; course: Course } | { ok: false; error: AppError | Error };

export const recreate: Handler = {
  async send(ctx, all) {
    const { d, job, now, options } = ctx;
    const items = all.slice(0, ROUND);
    const claimed = await claimSlots(ctx, items);
    if ("wait" in claimed) return claimed.wait;
    const { batch } = claimed;

    const role = await creatorRole(d, job.creatorId);
    const attempts = await mapLimit(batch, CONCURRENCY, async (item): Promise<Attempt> => {
      try {
        const changed = await changeInvitationRole(
          ctx.token,
          role,
          {
            invitationId: item.invitationId ?? "",
            courseId: item.courseId,
            userId: item.invitee,
            fromRole: (item.fromRole ?? item.role) as InvitationRole,
            toRole: item.role as InvitationRole,
          },
          options.batch,
        );
        return { ok: true, id: changed.invitation.id, course: changed.course };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e : new AppError({ code: "UNKNOWN" }) };
      }
    });

    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    let capReached = false;
    let reauth = false;
    attempts.forEach((a, k) => {
      const item = batch[k]!;
      if (a.ok) {
        kept.push(item.seq);
        results.push({ seq: item.seq, state: "done", outcome: doneOutcome(job), invitationId: a.id, course: a.course });
        return;
      }
      const error = a.error;
      const code = "code" in error && typeof error.code === "string" ? error.code : "UNKNOWN";
      if (error instanceof RoleNotChangedError) {
        if (code === "INVITATION_QUOTA_REACHED") capReached = true;
        if (error.restored) {
          // The restore is a new invitation too: its slot stays taken.
          kept.push(item.seq);
          const again = retryable(error) && item.attempts + 1 < options.maxAttempts;
          results.push({
            seq: item.seq,
            state: again ? "pending" : "failed",
            outcome: RECREATE_OUTCOMES.restored,
            errorCode: code,
            invitationId: error.restored.id,
            course: error.course,
          });
        } else if (retryable(error) || isOutcomeUnknown(error) || code === "INVITATION_QUOTA_REACHED") {
          // Deleted, and neither create went through for now: listing decides on the next round.
          results.push({ seq: item.seq, state: "sending", errorCode: code });
        } else {
          released.push(item.seq);
          results.push({
            seq: item.seq,
            state: "failed",
            outcome: RECREATE_OUTCOMES.removed,
            errorCode: code,
            course: error.course,
          });
        }
        return;
      }
      if (error instanceof AppError && isOutcomeUnknown(error)) {
        // The delete may have landed: listing decides.
        results.push({ seq: item.seq, state: "sending", errorCode: code });
        return;
      }
      released.push(item.seq);
      if (error instanceof AppError && isReauth(error)) {
        reauth = true;
        results.push({ seq: item.seq, state: "pending" });
      } else if (error instanceof AppError && retryable(error) && item.attempts + 1 < options.maxAttempts) {
        results.push({ seq: item.seq, state: "pending", errorCode: code });
      } else {
        const gone = code === "INVITATION_NOT_FOUND" || code === "NOT_FOUND";
        results.push({
          seq: item.seq,
          state: "failed",
          errorCode: code,
          ...(gone ? { outcome: RECREATE_OUTCOMES.gone } : {}),
        });
      }
    });
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(ctx, actionOf(job), batch, results, madeAs, roleOf);
    await recordReplaced(batch, results);
    return afterCreates(ctx, results, { capReached, reauth });
  },

  /**
   * An item whose answers were lost, or whose original is deleted while neither create went
   * through: what Classroom holds for the person in the class decides.
   */
  async reconcile(ctx, items) {
    const { d, job, token, now, options } = ctx;
    const found = await heldInvitations(token, items, options.batch);
    if (!found) return "unreachable";

    const results: ItemResult[] = [];
    const kept: number[] = [];
    const released: number[] = [];
    const toCreate: JobItem[] = [];
    items.forEach((item, k) => {
      const existing = found[k];
      const from = item.fromRole ?? item.role;
      const renewed =
        existing && existing.role === item.role && (from !== item.role || existing.id !== item.invitationId);
      if (renewed) {
        kept.push(item.seq);
        results.push({ seq: item.seq, state: "done", outcome: doneOutcome(job), invitationId: existing.id });
      } else if (existing && existing.role === from) {
        // The original (or its restored copy) is there: nothing changed yet, so it can be tried again.
        released.push(item.seq);
        const again = item.attempts < options.maxAttempts;
        results.push({
          seq: item.seq,
          state: again ? "pending" : "failed",
          invitationId: existing.id,
          ...(again ? {} : { outcome: RECREATE_OUTCOMES.restored, errorCode: item.errorCode ?? "UNAVAILABLE" }),
        });
      } else if (existing) {
        released.push(item.seq);
        results.push({ seq: item.seq, state: "failed", errorCode: "CONFLICT", invitationId: existing.id });
      } else {
        toCreate.push(item);
      }
    });

    // Deleted and not re-created: the create with the new role, on the slot the item still holds,
    // after the same access decision as the first try (the creator may have lost the class since).
    let unreachable = false;
    if (toCreate.length > 0) {
      const created = await createInNewRole(
        token,
        await creatorRole(d, job.creatorId),
        toCreate.map((i) => ({
          courseId: i.courseId,
          userId: i.invitee,
          fromRole: (i.fromRole ?? i.role) as InvitationRole,
          toRole: i.role as InvitationRole,
        })),
        options.batch,
      );
      created.forEach((outcome, k) => {
        const item = toCreate[k]!;
        if (outcome.ok) {
          kept.push(item.seq);
          results.push({
            seq: item.seq,
            state: "done",
            outcome: doneOutcome(job),
            invitationId: outcome.invitation.id,
          });
        } else if (
          outcome.error instanceof AppError &&
          (retryable(outcome.error) ||
            isOutcomeUnknown(outcome.error) ||
            outcome.error.code === "INVITATION_QUOTA_REACHED")
        ) {
          unreachable = true; // left marked; the person's state is settled on a later round
        } else {
          released.push(item.seq);
          const accepted = outcome.error.code === "ALREADY_MEMBER";
          results.push({
            seq: item.seq,
            state: "failed",
            outcome: accepted ? RECREATE_OUTCOMES.accepted : RECREATE_OUTCOMES.removed,
            errorCode: outcome.error.code,
          });
        }
      });
    }
    await d.transaction(async (tx) => {
      await recordItems(tx, job.id, results);
      await settle(tx, job.id, kept, released, now());
    });
    await recordCreated(ctx, actionOf(job), items, results, madeAs, roleOf);
    await recordReplaced(items, results);
    return unreachable ? "unreachable" : "ok";
  },
};

/**
 * Originals deleted and created again (with the new role, or restored) are closed as replaced,
 * for Insights, as a person's own change of role closes them. Best effort.
 */
async function recordReplaced(items: readonly JobItem[], results: readonly ItemResult[]): Promise<void> {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  const replaced = results.flatMap((r) => {
    const original = bySeq.get(r.seq)?.invitationId;
    return original && r.invitationId && r.invitationId !== original
      ? [{ invitationId: original, outcome: "replaced" as const }]
      : [];
  });
  await recordOwnOutcomes(replaced);
}
