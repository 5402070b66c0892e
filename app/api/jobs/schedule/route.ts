import { db } from "@/lib/db";
import { json, jsonError, withViewer } from "@/lib/http/route";
import { configuredBudget, scheduleFor } from "@/lib/jobs/ledger";
import type { ScheduleDto } from "@/lib/jobs/view";

export const dynamic = "force-dynamic";

/** When `count` invitations from the signed-in sender would go out: the preview's schedule. */
export const GET = withViewer("manager", async ({ viewer, request }) => {
  const count = Number(new URL(request.url).searchParams.get("count"));
  if (!Number.isInteger(count) || count < 0 || count > 100_000) {
    return jsonError(400, "VALIDATION", "count must be a whole number of invitations.");
  }
  const budget = configuredBudget();
  const { remaining, slots } = await scheduleFor(await db(), viewer.id, count, budget);
  const body: ScheduleDto = {
    remaining,
    perWindow: budget.perWindow,
    windowSeconds: budget.windowMs / 1000,
    slots: slots.map((s) => ({ at: s.at.toISOString(), count: s.count })),
  };
  return json(body);
});
