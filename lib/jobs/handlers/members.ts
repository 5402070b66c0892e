import "server-only";

import { recordActivityBestEffort } from "@/lib/activity/log";
import { addMembersAs, isAdded } from "@/lib/classroom/add-members";
import type { Course } from "@/lib/classroom/courses";
import { isOutcomeUnknown } from "@/lib/classroom/invitations";
import { isGone, removeMembersAs } from "@/lib/classroom/remove-members";
import type { DirectRole } from "@/lib/concepts";
import { AppError } from "@/lib/classroom/errors";
import { mapLimit } from "@/lib/map-limit";

import { markSending, recordItems, type ItemResult, type JobItem } from "../store";
import {
  afterCreates,
  creatorRole,
  isReauth,
  retryable,
  settledEntries,
  type Handler,
  type HandlerContext,
} from "./handler";

/**
 * A roster sync's direct adds and removals, through the one path of each (lib/classroom
 * add-members and remove-members), which authorize every class on our side first. Neither is an
 * invitation, so neither takes a slot of the daily invitation budget. An item whose answer was
 * lost stays marked as sent and is settled by reading the membership: present (or gone) means
 * it landed, proven otherwise means it may be sent again.
 */

export const MEMBER_OUTCOMES = {
  added: "member-added",
  alreadyMember: "already-member",
  removed: "member-removed",
  notMember: "not-a-member",
} as const;

/** Memberships read at once when settling lost answers. */
const REREAD_CONCURRENCY = 4;

const rowOf = (i: JobItem) => ({ courseId: i.courseId, userId: i.invitee, role: (i.role ?? "STUDENT") as DirectRole });

/** The shared part of both: mark, send, sort the answers, record, log. */
async function sendMembers(
  ctx: HandlerContext,
  items: readonly JobItem[],
  action: "member.add" | "member.remove",
  run: (
    role: Awaited<ReturnType<typeof creatorRole>>,
  ) => Promise<(({ ok: true; outcome: string } | { ok: false; error: Error }) & { course?: Course })[]>,
) {
  const { d, job, options } = ctx;
  const seqs = items.map((i) => i.seq);
  await markSending(d, job.id, seqs);
  await options.afterMark?.(seqs);
  const outcomes = await run(await creatorRole(d, job.creatorId));
  let reauth = false;
  const results = outcomes.map((o, k): ItemResult => {
    const item = items[k]!;
    if (o.ok) return { seq: item.seq, state: "done", outcome: o.outcome, course: o.course };
    const error = o.error;
    // It may have landed, and the membership read could not tell: settled on the next round.
    if (error instanceof AppError && isOutcomeUnknown(error))
      return { seq: item.seq, state: "sending", errorCode: error.code };
    if (error instanceof AppError && isReauth(error)) {
      reauth = true;
      return { seq: item.seq, state: "pending" };
    }
    if (error instanceof AppError && retryable(error) && item.attempts + 1 < options.maxAttempts)
      return { seq: item.seq, state: "pending", errorCode: error.code };
    return {
      seq: item.seq,
      state: "failed",
      errorCode: error instanceof AppError ? error.code : "FORBIDDEN",
      course: o.course,
    };
  });
  await recordItems(d, job.id, results);
  await recordActivityBestEffort(settledEntries(job, action, items, results));
  return afterCreates(ctx, results, { capReached: false, reauth });
}

/** Settles lost answers: `landed` reads whether the item's change is in Classroom now. */
async function reconcileMembers(
  ctx: HandlerContext,
  items: readonly JobItem[],
  action: "member.add" | "member.remove",
  outcome: string,
  landed: (item: JobItem) => Promise<boolean>,
): Promise<"ok" | "unreachable"> {
  const { d, job, options } = ctx;
  let unreachable = false;
  const results: ItemResult[] = [];
  await mapLimit([...items], REREAD_CONCURRENCY, async (item) => {
    const yes = await landed(item).catch(() => {
      unreachable = true;
      return null;
    });
    if (yes === null) return;
    if (yes) results.push({ seq: item.seq, state: "done", outcome });
    else if (item.attempts < options.maxAttempts) results.push({ seq: item.seq, state: "pending" });
    else results.push({ seq: item.seq, state: "failed", errorCode: item.errorCode ?? "UNAVAILABLE" });
  });
  await recordItems(d, job.id, results);
  await recordActivityBestEffort(settledEntries(job, action, items, results));
  return unreachable ? "unreachable" : "ok";
}

/** Add directly (admins, people of their domain): no invitation, no email, no consent step. */
export const addMember: Handler = {
  send: (ctx, items) =>
    sendMembers(ctx, items, "member.add", async (role) =>
      (await addMembersAs(ctx.token, role, items.map(rowOf), ctx.options.batch)).map((o) =>
        o.ok
          ? { ok: true, outcome: MEMBER_OUTCOMES.added, course: o.course }
          : o.error instanceof AppError && o.error.code === "ALREADY_MEMBER"
            ? { ok: true, outcome: MEMBER_OUTCOMES.alreadyMember, course: o.course }
            : { ok: false, error: o.error, course: o.course },
      ),
    ),

  reconcile: (ctx, items) =>
    reconcileMembers(ctx, items, "member.add", MEMBER_OUTCOMES.added, (item) =>
      isAdded(ctx.token, rowOf(item), ctx.options.batch),
    ),
};

/** Remove a member the roster does not list (opted in per class, confirmed); never the owner. */
export const removeMember: Handler = {
  send: (ctx, items) =>
    sendMembers(ctx, items, "member.remove", async (role) =>
      (await removeMembersAs(ctx.token, role, items.map(rowOf), ctx.options.batch)).map((o) =>
        o.ok
          ? { ok: true, outcome: o.alreadyGone ? MEMBER_OUTCOMES.notMember : MEMBER_OUTCOMES.removed, course: o.course }
          : { ok: false, error: o.error, course: o.course },
      ),
    ),

  reconcile: (ctx, items) =>
    reconcileMembers(ctx, items, "member.remove", MEMBER_OUTCOMES.removed, (item) =>
      isGone(ctx.token, rowOf(item), ctx.options.batch),
    ),
};
