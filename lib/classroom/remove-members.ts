import "server-only";
// Removing people from a class (courses.students.delete / courses.teachers.delete). A class's
// teachers and the domain's administrators may; the class owner never is removed: Classroom
// refuses it (@CannotRemoveCourseOwner, docs/classroom-api.md §5.2), and we refuse it first so
// the refusal is ours and explained. One path for one person and for many. A removal whose
// answer was lost is settled by reading the membership, never assumed.
import type { DirectRole } from "@/lib/concepts";
import { executeBatch, type BatchRequest } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { rereadUntilFound } from "@/lib/google/consistency";
import { AppError } from "@/lib/google/errors";
import { mapLimit } from "@/lib/map-limit";

import { AccessDeniedError, getCoursesAccess, refusalOf, type CallerRole } from "./access";
import type { Course } from "./courses";
import { isOutcomeUnknown } from "./invitations";
import { getMembership, type ApiMember } from "./rosters";
import { batchOptionsOf, callOptionsOf, type WriteOptions } from "./write-options";

export interface RemoveRow {
  courseId: string;
  /** An email or a numeric id. */
  userId: string;
  /** The place they hold: a student or a (co-)teacher. */
  role: DirectRole;
}

export type RemoveOutcome = { course?: Course } & (
  | {
      ok: true;
      /** Not (or no longer) in that place: nothing to remove. */
      alreadyGone: boolean;
      /** The answer was lost and the membership showed them gone. */
      reconciled: boolean;
    }
  | { ok: false; error: AppError | AccessDeniedError }
);

/** Memberships read at once when reconciling lost answers. */
const REREAD_CONCURRENCY = 4;

const path = (row: RemoveRow) =>
  `/v1/courses/${encodeURIComponent(row.courseId)}/${row.role === "TEACHER" ? "teachers" : "students"}/${encodeURIComponent(row.userId)}`;

/**
 * Removes each row's person from the row's class, outcomes in the order of `rows`. Each class is
 * authorized on our side first (the caller's own classes, or any for an admin). Teachers to
 * remove are read first so the owner is refused before any DELETE. NOT_FOUND means they are not
 * (or no longer) there: done, nothing removed.
 */
export async function removeMembersAs(
  token: AccessToken,
  role: CallerRole,
  rows: readonly RemoveRow[],
  opts: WriteOptions = {},
): Promise<RemoveOutcome[]> {
  const outcomes: (RemoveOutcome | undefined)[] = new Array(rows.length).fill(undefined);
  const access = await getCoursesAccess(
    token,
    role,
    rows.map((r) => r.courseId),
  );
  let toSend: { index: number; row: RemoveRow; course: Course }[] = [];
  rows.forEach((row, index) => {
    const a = access.get(row.courseId)!;
    if (!a.allowed) outcomes[index] = { ok: false, error: refusalOf(role, a) };
    else toSend.push({ index, row: { ...row, courseId: a.course.id }, course: a.course });
  });

  // The owner is also a teacher: read who each teacher is, and keep the owner out.
  const teachers = toSend.filter((t) => t.row.role === "TEACHER");
  if (teachers.length > 0) {
    const reads = await executeBatch<ApiMember>(
      token,
      teachers.map((t) => ({ method: "GET" as const, path: path(t.row) })),
      batchOptionsOf(opts),
    );
    const owners = new Set<number>();
    reads.forEach((read, k) => {
      const { index, course } = teachers[k]!;
      const id = read.ok ? (read.data.userId ?? read.data.profile?.id) : undefined;
      if (id && id === course.ownerId) {
        owners.add(index);
        outcomes[index] = {
          ok: false,
          error: new AppError({ code: "CANNOT_REMOVE_COURSE_OWNER" }),
          course,
        };
      }
    });
    toSend = toSend.filter((t) => !owners.has(t.index));
  }

  const answers = await executeBatch<unknown>(
    token,
    toSend.map((t): BatchRequest => ({ method: "DELETE", path: path(t.row) })),
    batchOptionsOf(opts),
  );
  const lost: number[] = [];
  answers.forEach((answer, k) => {
    const { index, course } = toSend[k]!;
    if (answer.ok) outcomes[index] = { ok: true, alreadyGone: false, reconciled: false, course };
    else if (answer.error.code === "NOT_FOUND")
      outcomes[index] = { ok: true, alreadyGone: true, reconciled: false, course };
    else {
      if (isOutcomeUnknown(answer.error)) lost.push(k);
      outcomes[index] = { ok: false, error: answer.error, course };
    }
  });

  await mapLimit(lost, REREAD_CONCURRENCY, async (k) => {
    const { index, row, course } = toSend[k]!;
    if (await isGone(token, row, opts)) outcomes[index] = { ok: true, alreadyGone: false, reconciled: true, course };
  });
  return outcomes.map((o) => o!);
}

/**
 * Whether the person no longer holds that place in the class, read within the consistency
 * window (a roster read may still show someone just removed). False when it can't be told.
 */
export async function isGone(token: AccessToken, row: RemoveRow, opts: WriteOptions = {}): Promise<boolean> {
  const gone = await rereadUntilFound(
    async () => {
      const place = await getMembership(token, row.courseId, row.userId, callOptionsOf(opts));
      const held = place === "OWNER" ? "TEACHER" : place;
      return held === row.role ? undefined : true;
    },
    { ...opts.reread, signal: opts.signal },
  ).catch(() => undefined);
  return gone === true;
}
