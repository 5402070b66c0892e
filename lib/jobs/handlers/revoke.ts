import "server-only";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { deleteInvitations } from "@/lib/classroom/revoke-invitations";

import { markSending, recordItems, type ItemResult } from "../store";
import { isReauth, retryable, settledEntries, type Handler } from "./handler";

/** Bulk revoke: the one delete path, which counts NOT_FOUND (already gone) as done. */
export const revoke: Handler = {
  async send(ctx, items) {
    const { d, job, options } = ctx;
    const seqs = items.map((i) => i.seq);
    await markSending(d, job.id, seqs);
    await options.afterMark?.(seqs);
    const outcomes = await deleteInvitations(
      ctx.token,
      items.map((i) => i.invitationId ?? ""),
      options.batch,
    );
    let reauth = false;
    const results = outcomes.map((outcome, k): ItemResult => {
      const item = items[k]!;
      if (outcome.ok)
        return { seq: item.seq, state: "done", outcome: outcome.alreadyGone ? "already-gone" : "revoked" };
      if (isReauth(outcome.error)) {
        reauth = true;
        return { seq: item.seq, state: "pending" };
      }
      // DELETE is safe to repeat (NOT_FOUND counts as done), so a transient failure is sent again.
      if (retryable(outcome.error) && item.attempts + 1 < options.maxAttempts) {
        return { seq: item.seq, state: "pending", errorCode: outcome.error.code };
      }
      return { seq: item.seq, state: "failed", errorCode: outcome.error.code };
    });
    await recordItems(d, job.id, results);
    await recordActivityBestEffort(settledEntries(job, "bulk.revoke", items, results));
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
