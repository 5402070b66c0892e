import "server-only";

import { EXPORT_LIMIT, listActivity, listActivityGrouped, type ActivityFilter } from "@/lib/activity/log";
import { listManagedCourses } from "@/lib/classroom/access";
import type { AccessToken } from "@/lib/classroom/client";
import type { ActivityEntryView, ActivityPage, ActivitySearch } from "@/lib/view/activity";

import type { Viewer } from "./viewer";

const PAGE_SIZE = 100;
/** Rows of one run shown when it is expanded (a job may hold thousands; the CSV has them all). */
const RUN_ROWS = 500;

/**
 * What the viewer may see, enforced here rather than in the UI: an admin sees everything; a
 * teacher sees entries about the courses they teach now, plus their own actions (a bulk run's
 * summary, or a course they have since left).
 */
async function scopeOf(viewer: Viewer, token: AccessToken): Promise<ActivityFilter["visibleTo"]> {
  return viewer.role === "admin"
    ? undefined
    : { courseIds: (await listManagedCourses(token, viewer)).map((c) => c.id), actorId: viewer.id };
}

function filterOf(search: ActivitySearch): ActivityFilter {
  return {
    action: search.action,
    outcome: search.outcome,
    actor: search.actor,
    courseId: search.course,
    from: search.from,
    to: search.to,
    q: search.q,
  };
}

/** One page of the log, each run as one entry. */
export async function loadActivity(viewer: Viewer, token: AccessToken, search: ActivitySearch): Promise<ActivityPage> {
  const rows = await listActivityGrouped({
    ...filterOf(search),
    visibleTo: await scopeOf(viewer, token),
    before: search.before,
    limit: PAGE_SIZE + 1,
  });
  const entries: ActivityEntryView[] = rows.slice(0, PAGE_SIZE);
  return {
    entries,
    nextBefore: rows.length > PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null,
    scope: viewer.role === "admin" ? "admin" : "teacher",
  };
}

/** The rows of one run that match the page's filters, newest first. */
export async function loadActivityRun(
  viewer: Viewer,
  token: AccessToken,
  batchId: string,
  search: ActivitySearch,
): Promise<ActivityEntryView[]> {
  return listActivity({ ...filterOf(search), visibleTo: await scopeOf(viewer, token), batchId, limit: RUN_ROWS });
}

/** Every matching entry for the CSV (runs expanded), newest first, up to EXPORT_LIMIT. */
export async function loadActivityExport(
  viewer: Viewer,
  token: AccessToken,
  search: ActivitySearch,
): Promise<{ entries: ActivityEntryView[]; truncated: boolean }> {
  const rows = await listActivity(
    { ...filterOf(search), visibleTo: await scopeOf(viewer, token), limit: EXPORT_LIMIT + 1 },
    { max: EXPORT_LIMIT + 1 },
  );
  return { entries: rows.slice(0, EXPORT_LIMIT), truncated: rows.length > EXPORT_LIMIT };
}
