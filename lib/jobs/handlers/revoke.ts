import "server-only";

import { courseFields, recordActivityBestEffort } from "@/lib/activity/log";
import { isAccessDenied } from "@/lib/classroom/access";
import { revokeInvitations } from "@/lib/classroom/revoke-invitations";
import { AppError } from "@/lib/classroom/errors";

import { markSending, recordItems, type ItemResult } from "../store";
import { activity, creatorRole, isReauth, retryable, type Handler } from "./handler";

/**
 * Bulk revoke: the one revoke path (lib/classroom/revoke-invitations), which looks each
 * invitation up and checks the creator's access to its class on our side before any DELETE, as
 * their own click would. The items' class and invitee came from the browser, so they are only
 * where to look first: the log records what Classroom answered, or nothing it could not confirm.
 * NOT_FOUND counts as done. That path also records each revoke for Insights.
 */
export const revoke: Handler = {
  async send(ctx, items) {
    const { d, job, options } = ctx;
    const seqs = items.map((i) => i.seq);
    await markSending(d, job.id, seqs);
    await options.afterMark?.(seqs);
    const outcomes = await revokeInvitations(
      ctx.token,
      await creatorRole(d, job.creatorId),
      items.map((i) => i.invitationId ?? ""),
      { ...options.batch, courseIds: [...new Set(items.map((i) => i.courseId))] },
    );
    let reauth = false;
    const results = outcomes.map((outcome, k): ItemResult => {
      const item = items[k]!;
      if (outcome.ok)
        return { seq: item.seq, state: "done", outcome: outcome.alreadyGone ? "already-gone" : "revoked" };
      const error = outcome.error;
      if (error instanceof AppError && isReauth(error)) {
        reauth = true;
        return { seq: item.seq, state: "pending" };
      }
      // DELETE is safe to repeat (NOT_FOUND counts as done), so a transient failure is sent again.
      if (error instanceof AppError && retryable(error) && item.attempts + 1 < options.maxAttempts) {
        return { seq: item.seq, state: "pending", errorCode: error.code };
      }
      return { seq: item.seq, state: "failed", errorCode: error.code };
    });
    await recordItems(d, job.id, results);
    await recordActivityBestEffort(
      results.flatMap((r, k) => {
        if (r.state !== "done" && r.state !== "failed") return [];
        const { invitation: read, course } = outcomes[k]!;
        // A class the creator may not manage stays out of the entry, as with their own click.
        const named = outcomes[k]!.ok || !isAccessDenied(outcomes[k]!.error) ? course : undefined;
        const facts = { courseId: read?.courseId ?? null, invitee: read?.userId ?? null, role: read?.role ?? null };
        return [{ ...activity(job, "bulk.revoke", items[k]!, r), ...facts, ...courseFields(named) }];
      }),
    );
    return reauth ? { kind: "reauth" } : { kind: "next" };
  },

  async reconcile(ctx, items) {
    // A DELETE whose answer was lost is sent again: a repeat answers NOT_FOUND, counted as done.
    await recordItems(
      ctx.d,
      ctx.job.id,
      items.map((i) => ({ seq: i.seq, state: "pending" })),
    );
    return "ok";
  },
};
