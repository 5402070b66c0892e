import "server-only";
// Invitations sent on behalf of a dashboard user: each row authorized on our side, then the one
// create path. The create form sends one row, a bulk chunk up to 50, a job as many as it holds.
import type { AccessToken } from "@/lib/google/client";
import type { AppError } from "@/lib/google/errors";

import { getCoursesAccess, ownerRefusal, refusalOf, type AccessDeniedError, type CallerRole } from "./access";
import {
  createInvitations,
  settleOne,
  type CreateOptions,
  type CreateOutcome,
  type CreateRow,
} from "./create-invitations";
import type { Course } from "./courses";
import type { Invitation } from "./invitations";

/** A row to send: `courseId` may be an id or an alias; outcomes name the class by its id. */
export type InviteRow = CreateRow;

/** One row's outcome, with the class it was checked against when the caller may write to it. */
export type InviteOutcome = { course?: Course } & (
  Extract<CreateOutcome, { ok: true }> | { ok: false; error: AppError | AccessDeniedError; existing?: Invitation }
);

export async function inviteAs(
  token: AccessToken,
  role: CallerRole,
  rows: readonly InviteRow[],
  opts: CreateOptions = {},
): Promise<InviteOutcome[]> {
  const access = await getCoursesAccess(
    token,
    role,
    rows.map((r) => r.courseId),
  );

  const outcomes: (InviteOutcome | undefined)[] = new Array(rows.length).fill(undefined);
  const toSend: { index: number; row: CreateRow; course: Course }[] = [];
  rows.forEach((row, index) => {
    const a = access.get(row.courseId)!;
    if (!a.allowed) {
      outcomes[index] = { ok: false, error: refusalOf(role, a) };
      return;
    }
    const owner = ownerRefusal(a, [row.role]);
    if (owner) outcomes[index] = { ok: false, error: owner, course: a.course };
    // Sent by canonical id, so an alias and an id of the same class log alike.
    else toSend.push({ index, row: { ...row, courseId: a.course.id }, course: a.course });
  });

  const created = await createInvitations(
    token,
    toSend.map((t) => t.row),
    opts,
  );
  created.forEach((outcome, k) => {
    const { index, course } = toSend[k]!;
    outcomes[index] = { ...outcome, course };
  });
  return outcomes.map((o) => o!);
}

/** One invitation on behalf of a dashboard user (`inviteAs` with one row); failures are thrown. */
export async function inviteOne(
  token: AccessToken,
  role: CallerRole,
  row: InviteRow,
  opts: CreateOptions = {},
): Promise<{ invitation: Invitation; reconciled: boolean; course: Course }> {
  const [outcome] = await inviteAs(token, role, [row], { sendAttempts: 1, ...opts });
  const { invitation, reconciled } = settleOne(outcome);
  return { invitation, reconciled, course: outcome!.course! };
}
