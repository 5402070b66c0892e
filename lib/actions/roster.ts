"use server";
// Roster sync: the preview reads Classroom and says what a sync would change; the commit
// recomputes that plan on the server (the browser only says which classes and kinds of
// change it staged) and runs it as one job (lib/jobs, kind roster-sync). Admins sync any class,
// teachers only their own: lib/classroom/roster-sync.ts decides which classes are the caller's.
import "server-only";

import { planRosterSync } from "@/lib/classroom/roster-sync";
import { recordRosterRun, saveRosterProfile, savedMappings } from "@/lib/db/roster-profiles";
import { createJob } from "@/lib/jobs/control";
import { toSyncItems, type RosterPlan } from "@/lib/roster/plan";
import { fromWire } from "@/lib/roster/wire";

import { commitRosterSchema, previewRosterSchema } from "./roster.schemas";
import { authedAction } from "./safe-action";

const MANAGERS = ["teacher", "admin"] as const;

async function plan(
  input: { roster: Parameters<typeof fromWire>[0]; mapping: Record<string, string> },
  ctx: { user: { id: string; role: "teacher" | "admin" | "student" }; token: Parameters<typeof planRosterSync>[0] },
) {
  // The mapping saved with earlier syncs, then this page's hand choices on top.
  const mapping = { ...(await savedMappings(ctx.user.id)), ...input.mapping };
  const roster = fromWire(input.roster);
  const result = await planRosterSync(ctx.token, ctx.user, { ...roster, mapping: new Map(Object.entries(mapping)) });
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
    // Matched classes are remembered, so the next upload of this roster matches the same way.
    for (const c of result.classes) if (c.courseId && c.match.status === "matched") mapping[c.key] = c.courseId;
    const profileId = await saveRosterProfile({
      ownerId: ctx.user.id,
      name: input.sourceName,
      sourceName: input.sourceName,
      roster: input.roster,
      mapping,
    });
    const jobId =
      items.length === 0
        ? null
        : await createJob({ kind: "roster-sync", creatorId: ctx.user.id, creatorEmail: ctx.user.email, items });
    const counts = { invite: 0, "change-role": 0, revoke: 0 };
    for (const i of items) counts[i.op]++;
    await recordRosterRun({ profileId, jobId, actorId: ctx.user.id, counts });
    return { jobId, profileId, count: items.length };
  },
);
