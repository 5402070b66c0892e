import "server-only";

import { listActivity } from "@/lib/activity/log";
import type { AccessToken } from "@/lib/classroom/client";

import type { ActivityEntryView, ActivityPage, ActivitySearch } from "@/lib/view/activity";
import { listManagedCourses } from "@/lib/classroom/access";
import type { Viewer } from "./viewer";

const PAGE_SIZE = 100;

/**
 * The activity log as the viewer may see it, enforced here rather than in the UI: an admin
 * sees everything; a teacher sees entries about the courses they teach now, plus their own
 * actions (a bulk run's summary, or a course they have since left).
 */
export async function loadActivity(viewer: Viewer, token: AccessToken, search: ActivitySearch): Promise<ActivityPage> {
  const visibleTo =
    viewer.role === "admin"
      ? undefined
      : { courseIds: (await listManagedCourses(token, viewer)).map((c) => c.id), actorId: viewer.id };
  const rows = await listActivity({
    visibleTo,
    action: search.action,
    outcome: search.outcome,
    actorEmail: search.actor,
    courseId: search.course,
    before: search.before,
    q: search.q,
    limit: PAGE_SIZE + 1,
  });
  const entries: ActivityEntryView[] = rows.slice(0, PAGE_SIZE);
  return {
    entries,
    nextBefore: rows.length > PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null,
    scope: viewer.role === "admin" ? "admin" : "teacher",
  };
}
