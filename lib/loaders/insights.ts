import "server-only";

import type { AccessToken } from "@/lib/classroom/client";
import { listClassMembers } from "@/lib/classroom/rosters";
import { listLifecycle, listUnclassified, recordOutcomes, type OutcomeInput } from "@/lib/db/invitation-meta";
import { classifyGone, historyStart, type ClassNow, type Gone } from "@/lib/view/invitation-lifecycle";
import { buildHistory, type History } from "@/lib/view/insights";
import type { InvitationFilters } from "@/lib/view/invitation-search";
import type { InvitationsSnapshot } from "@/lib/view/invitations";

/**
 * Classes whose members one Insights load reads to classify invitations noticed gone: one
 * /batch call (two lists a class), so the page never waits on more; the rest wait for the next
 * load or a visit to the class's page.
 */
const CLASSES_PER_LOAD = 25;
const GONE_PER_LOAD = 1_000;

/**
 * Classifies the invitations of the snapshot's classes that listings noticed gone: reads the
 * members of (at most CLASSES_PER_LOAD of) their classes and records each outcome. Best effort:
 * a failure leaves them for the next look.
 */
export async function classifyNoticedGone(
  token: AccessToken,
  snapshot: InvitationsSnapshot,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const failed = new Set(snapshot.failures.map((f) => f.courseId));
    const readable = Object.keys(snapshot.courses).filter((id) => !failed.has(id));
    const gone = await listUnclassified(readable, GONE_PER_LOAD);
    if (gone.length === 0) return;
    const classIds = [...new Set(gone.map((g) => g.courseId))].slice(0, CLASSES_PER_LOAD);
    const members = await listClassMembers(token, classIds, { signal });
    const now = new Map<string, ClassNow>();
    for (const m of members) {
      if (m.error) continue;
      now.set(m.courseId, {
        ownerId: snapshot.courses[m.courseId]!.ownerId,
        teachers: m.teachers,
        students: m.students,
        pending: snapshot.invitations.filter((i) => i.courseId === m.courseId),
      });
    }
    await recordObserved(gone, now);
  } catch (e) {
    if (!signal?.aborted) console.error("[insights] could not classify", e instanceof Error ? e.message : e);
  }
}

/** Records the outcome of each gone invitation whose class is known now. */
export async function recordObserved(gone: readonly Gone[], classes: ReadonlyMap<string, ClassNow>): Promise<void> {
  const outcomes: OutcomeInput[] = gone.flatMap((g) => {
    const now = classes.get(g.courseId);
    const outcome = now ? classifyGone(g, now) : null;
    return outcome ? [{ invitationId: g.invitationId, outcome }] : [];
  });
  await recordOutcomes(outcomes, "observed");
}

/** The history charts over the snapshot's classes (those the viewer may read), filtered like the list. */
export async function loadHistory(
  snapshot: InvitationsSnapshot,
  filters: InvitationFilters,
  now = Date.now(),
): Promise<History> {
  const records = await listLifecycle(Object.keys(snapshot.courses), new Date(historyStart(now)));
  return buildHistory(records, filters, snapshot.courses, now);
}
