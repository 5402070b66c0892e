"use server";
// Roster sync: the preview reads Classroom and says what a sync would change; the commit
// recomputes that plan on the server (the browser only says which classes and kinds of
// change it staged) and runs it as one job (lib/jobs, kind roster-sync). Admins sync any class,
// teachers only their own: lib/classroom/roster-sync.ts decides which classes are the caller's.
import "server-only";

import { recheckedRole } from "@/lib/auth/session";
import { emailDomain } from "@/lib/domain-policy";
import { planRosterSync } from "@/lib/classroom/roster-sync";
import { recordRosterRun, saveRosterProfile, savedMapping } from "@/lib/db/roster-profiles";
import { createJob } from "@/lib/jobs/control";
import { stagedRemovals, toSyncItems, type RosterPlan, type SyncOp } from "@/lib/roster/plan";
import { fromWire } from "@/lib/roster/wire";

import { commitRosterSchema, previewRosterSchema, type PreviewRosterOutput } from "./roster.schemas";
import { ActionFailure, authedAction, type ActionContext } from "./safe-action";

const MANAGERS = ["teacher", "admin"] as const;

async function plan(input: PreviewRosterOutput, ctx: ActionContext) {
  // This sync's own saved mapping (never another profile's), then this page's hand choices on top.
  const mapping = { ...(await savedMapping(ctx.user.id, input.sourceName)), ...input.mapping };
  const roster = fromWire(input.roster);
  // Adding directly writes to any class of the domain: a stored admin role may be stale.
  const domain =
    input.addDirectly && ctx.user.role === "admin" && (await recheckedRole(ctx.user)) === "admin"
      ? emailDomain(ctx.user.email)
      : null;
  const result = await planRosterSync(ctx.token, ctx.user, {
    ...roster,
    mapping: new Map(Object.entries(mapping)),
    addDirectly: domain ? { domain } : null,
  });
  return { result, mapping };
}

/** The dry run: reads only; nothing is sent. */
export const previewRosterAction = authedAction(
  { schema: previewRosterSchema, roles: MANAGERS },
  async (input, ctx): Promise<RosterPlan> => (await plan(input, ctx)).result,
);

/**
 * Starts the staged changes as one job, and saves the sync as a profile (roster, mapping) with
 * this run in its history. Nothing staged, or nothing left to change, starts no job.
 */
export const commitRosterAction = authedAction(
  { schema: commitRosterSchema, roles: MANAGERS },
  async (input, ctx): Promise<{ jobId: string | null; profileId: string; count: number }> => {
    const { result, mapping } = await plan(input, ctx);
    const items = toSyncItems(result, input.staged);
    // The second confirmation, checked here: the removals the user was shown and confirmed are
    // exactly the ones this commit would make, or nothing starts.
    const removals = stagedRemovals(result, input.staged).count;
    if (removals !== input.confirmedRemovals) {
      throw new ActionFailure(
        "CONFLICT",
        removals === 0
          ? "Classroom changed since the preview: nobody is left to remove. Preview again."
          : `This commit would remove ${removals} ${removals === 1 ? "member" : "members"}, which you have not confirmed. Preview again, then confirm.`,
      );
    }
    // Matched classes are remembered, so the next upload of this roster matches the same way.
    for (const c of result.classes) if (c.courseId && c.match.status === "matched") mapping[c.key] = c.courseId;
    const profileId = await saveRosterProfile({
      ownerId: ctx.user.id,
      name: input.sourceName,
      sourceName: input.sourceName,
      roster: input.roster,
      mapping,
      options: { addDirectly: input.addDirectly },
    });
    const jobId =
      items.length === 0
        ? null
        : await createJob({ kind: "roster-sync", creatorId: ctx.user.id, creatorEmail: ctx.user.email, items });
    const counts: Record<SyncOp, number> = { invite: 0, add: 0, "change-role": 0, revoke: 0, remove: 0 };
    for (const i of items) counts[i.op]++;
    await recordRosterRun({ profileId, jobId, actorId: ctx.user.id, counts });
    return { jobId, profileId, count: items.length };
  },
);
