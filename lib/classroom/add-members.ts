import "server-only";
// Adding people to a class directly (courses.students.create / courses.teachers.create), the
// way an administrator does it in Classroom: no invitation, no email, no consent step. Google
// lets only a domain administrator do it, and only for users and classes of their own domain
// (docs/classroom-api.md §3); everyone else must invite. One path for
// one person and for many. Like invitations.create these are POSTs, so a lost answer is
// reconciled by reading the roster, never by posting again.
import { executeBatch, type BatchRequest } from "@/lib/google/batch";
import { mapLimit } from "@/lib/map-limit";
import type { AccessToken } from "@/lib/google/client";
import { rereadUntilFound } from "@/lib/google/consistency";
import type { DirectRole } from "@/lib/concepts";
import { AppError } from "@/lib/google/errors";

import { AccessDeniedError, getCoursesAccess, refusalOf, type CallerRole } from "./access";
import type { Course } from "./courses";
import { isOutcomeUnknown, rewrap } from "./invitations";
import { getMembership, toMember, type ApiMember, type Member } from "./rosters";
import { batchOptionsOf, callOptionsOf, type WriteOptions } from "./write-options";

export interface AddRow {
  courseId: string;
  /** An email or a numeric id. */
  userId: string;
  role: DirectRole;
}

export type AddOutcome = { course?: Course } & (
  | {
      ok: true;
      member: Member;
      /** The answer was lost and the roster showed the person: added, once. */ reconciled: boolean;
    }
  | { ok: false; error: AppError | AccessDeniedError }
);

export const ADMINS_ONLY =
  "Only a domain administrator can add people to a class directly. Send an invitation instead.";

/** Rosters read at once when reconciling lost answers. */
const REREAD_CONCURRENCY = 4;

/**
 * Adds each row's person to the row's class, outcomes in the order of `rows`. The caller must
 * be an admin of the class's domain (checked here first, so the refusal is ours and explained;
 * Classroom checks again). Failures:
 * - answer lost: the roster is read (within the consistency window); present in the asked role
 *   means it landed, anything else leaves the retryable error standing;
 * - ALREADY_EXISTS: already a student or teacher there, said as ALREADY_MEMBER;
 * - CannotDirectAddUser (outside the domain): the mapper's text says to invite instead.
 */
export async function addMembersAs(
  token: AccessToken,
  role: CallerRole,
  rows: readonly AddRow[],
  opts: WriteOptions = {},
): Promise<AddOutcome[]> {
  if (role !== "admin") return rows.map(() => ({ ok: false, error: new AccessDeniedError(ADMINS_ONLY) }));
  const access = await getCoursesAccess(
    token,
    role,
    rows.map((r) => r.courseId),
  );

  const outcomes: (AddOutcome | undefined)[] = new Array(rows.length).fill(undefined);
  const toSend: { index: number; row: AddRow; course: Course }[] = [];
  rows.forEach((row, index) => {
    const a = access.get(row.courseId)!;
    if (!a.allowed) outcomes[index] = { ok: false, error: refusalOf(role, a) };
    else toSend.push({ index, row: { ...row, courseId: a.course.id }, course: a.course });
  });

  const answers = await executeBatch<ApiMember>(
    token,
    toSend.map((t) => addRequest(t.row)),
    batchOptionsOf(opts),
  );
  const lost: number[] = [];
  answers.forEach((answer, k) => {
    const { index, row, course } = toSend[k]!;
    if (answer.ok) {
      const member = toMember(answer.data, row.courseId);
      outcomes[index] = member
        ? { ok: true, member, reconciled: false, course }
        : { ok: false, error: new AppError({ code: "UNKNOWN" }), course };
    } else if (isOutcomeUnknown(answer.error)) {
      lost.push(k);
      outcomes[index] = { ok: false, error: answer.error, course };
    } else {
      outcomes[index] = { ok: false, error: explain(answer.error), course };
    }
  });

  await mapLimit(lost, REREAD_CONCURRENCY, async (k) => {
    const { index, row, course } = toSend[k]!;
    if (await isAdded(token, row, opts).catch(() => false)) {
      // The roster confirms the add; its own answer (with the profile) was lost.
      const member: Member = {
        courseId: row.courseId,
        userId: row.userId,
        profile: { id: row.userId, name: row.userId },
      };
      outcomes[index] = { ok: true, member, reconciled: true, course };
    }
  });
  return outcomes.map((o) => o!);
}

/**
 * Whether the row's person holds the row's place in the class now: an add whose answer was lost
 * is settled this way. Classroom's roster reads lag its writes, so "not there" is believed only
 * after re-reading; a read that fails throws.
 */
export async function isAdded(token: AccessToken, row: AddRow, opts: WriteOptions = {}): Promise<boolean> {
  const place = await rereadUntilFound(
    async () => (await getMembership(token, row.courseId, row.userId, callOptionsOf(opts))) ?? undefined,
    { ...opts.reread, signal: opts.signal },
  );
  return (place === "OWNER" ? "TEACHER" : place) === row.role;
}

function addRequest(row: AddRow): BatchRequest {
  const kind = row.role === "TEACHER" ? "teachers" : "students";
  return {
    method: "POST",
    path: `/v1/courses/${encodeURIComponent(row.courseId)}/${kind}`,
    body: { userId: row.userId },
  };
}

function explain(error: AppError): AppError {
  if (error.code === "ALREADY_EXISTS") {
    return rewrap(error, "ALREADY_MEMBER", "This person is already in this class, so there is nothing to add.");
  }
  if (error.code === "NOT_FOUND") return rewrap(error, "USER_NOT_FOUND");
  // Already being a member is ALREADY_EXISTS here, so a reasonless precondition is the account.
  if (error.code === "FAILED_PRECONDITION" && !error.reason) return rewrap(error, "ACCOUNT_DISABLED");
  return error;
}
