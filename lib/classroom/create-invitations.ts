import "server-only";
// The one create path: single invitations and bulk runs are the same code with a different
// count. Creates go through /batch (50 per request) and are never re-posted blindly:
// invitations.create is a POST and not idempotent, and a repeat of one that landed answers
// ALREADY_EXISTS (docs/classroom-api.md). Every failure is explained here, once.
import { executeBatch, type BatchRequest } from "@/lib/google/batch";
import { mapLimit } from "@/lib/map-limit";
import type { AccessToken } from "@/lib/google/client";
import { rereadUntilFound } from "@/lib/google/consistency";
import { AppError } from "@/lib/google/errors";
import { alreadyInvitedText } from "@/lib/invitation-messages";

import { getCourse } from "./courses";
import {
  isOutcomeUnknown,
  rewrap,
  toInvitation,
  type ApiInvitation,
  type Invitation,
  type InvitationRole,
} from "./invitations";
import { getMembership, nullIfNotFound, type MemberRole } from "./rosters";
import { batchOptionsOf, callOptionsOf, type WriteOptions } from "./write-options";

export interface CreateRow {
  courseId: string;
  /** An email or a numeric id. */
  userId: string;
  role: InvitationRole;
}

/** What happened to one row; a job or an action turns it into its own report. */
export type CreateOutcome =
  | {
      ok: true;
      invitation: Invitation;
      /** The answer was lost and the listing found our invitation: it landed, exactly once. */
      reconciled: boolean;
      /** It existed before (ALREADY_EXISTS with the same role): nothing new was created. */
      alreadyInvited: boolean;
    }
  | { ok: false; error: AppError; /** The invitation that blocks this row, when one does. */ existing?: Invitation };

export type CreateOptions = WriteOptions & {
  /**
   * Rounds in which a row whose answer was lost, and which the listing then proved absent, is
   * posted again. Default 0: the caller reports the failure and its user decides (the bulk
   * page's "Retry failed rows"). Only one invitation per user and course can exist, so even a
   * late-landing first attempt cannot make a second one.
   */
  reposts?: number;
  /**
   * Rounds for the POSTs themselves. A per-minute quota refusal never ran, so a bulk run waits
   * and sends it again (default: executeBatch's). A single create answers at once (1): the
   * person sees "too many right now" and decides.
   */
  sendAttempts?: number;
};

/** `reposts` for bulk work (a job's rows), where no one is at hand to decide row by row. */
export const BULK_REPOSTS = 2;

/** ALREADY_EXISTS, carrying the invitation that blocks the create when we could look it up. */
export class InvitationExistsError extends AppError {
  readonly existing?: Invitation;
  constructor(existing: Invitation | undefined, from?: AppError) {
    super({
      code: "ALREADY_EXISTS",
      httpStatus: from?.httpStatus ?? 409,
      status: from?.status,
      correlationId: from?.correlationId,
      userMessage: existing ? alreadyInvitedText(existing.role, "This person") : undefined,
    });
    this.existing = existing;
  }

  /** The browser may learn which invitation blocks the create, to link to it. */
  publicDetails() {
    const e = this.existing;
    return e ? { existing: { id: e.id, courseId: e.courseId, role: e.role } } : {};
  }
}

/**
 * Invite one person to one class: `createInvitations` with one row. An invitation that was
 * already there is a failure here (the form says "already invited as …"), while a bulk run
 * counts it as done.
 */
export async function createInvitation(
  token: AccessToken,
  row: CreateRow,
  opts: CreateOptions = {},
): Promise<{ invitation: Invitation; reconciled: boolean }> {
  const [outcome] = await createInvitations(token, [row], { sendAttempts: 1, ...opts });
  return settleOne(outcome);
}

/** One row's outcome as a single create reports it: the invitation, or the failure thrown. */
export function settleOne(
  outcome:
    | { ok: true; invitation: Invitation; reconciled: boolean; alreadyInvited: boolean }
    | { ok: false; error: Error }
    | undefined,
): {
  invitation: Invitation;
  reconciled: boolean;
} {
  if (!outcome) throw new AppError({ code: "UNKNOWN" });
  if (!outcome.ok) throw outcome.error;
  if (outcome.alreadyInvited) throw new InvitationExistsError(outcome.invitation);
  return { invitation: outcome.invitation, reconciled: outcome.reconciled };
}

/**
 * invitations.create for every row, outcomes in the order of `rows`. Identical rows (same
 * course, user (case-insensitive) and role) are sent once and share the outcome. A failed row:
 * - answer lost (network, timeout, 5xx): list (courseId, userId). The same role there is ours;
 *   another role blocked ours; nothing means ours did not land, and the retryable error stands.
 * - ALREADY_EXISTS: the blocking invitation is looked up; the same role counts as done.
 * - NOT_FOUND: courses.get says whether the class or the person is unknown.
 * - plain FAILED_PRECONDITION (no @Reason): Classroom documents two causes, a disabled account
 *   or a user who already has this role or a greater one, so the roster decides.
 * The daily invitation cap needs no look: the error mapper knows it by Google's own reason.
 */
export async function createInvitations(
  token: AccessToken,
  rows: readonly CreateRow[],
  opts: CreateOptions = {},
): Promise<CreateOutcome[]> {
  const keyOf = (r: CreateRow) => `${r.courseId}\u0000${r.userId.trim().toLowerCase()}\u0000${r.role}`;
  const slot = new Map<string, number>();
  const distinct: CreateRow[] = [];
  for (const row of rows) {
    if (slot.has(keyOf(row))) continue;
    slot.set(keyOf(row), distinct.length);
    distinct.push(row);
  }
  const outcomes: (CreateOutcome | undefined)[] = new Array(distinct.length).fill(undefined);
  const batchOpts = batchOptionsOf(opts);

  let toPost = distinct.map((_, i) => i);
  // Rows re-posted after a lost answer that the listing could not see: under Classroom's lag the
  // first send may have landed after all, so an ALREADY_EXISTS now is most likely our own.
  const lostBefore = new Map<number, AppError>();
  for (let round = 0; toPost.length > 0; round++) {
    const answers = await executeBatch<ApiInvitation>(
      token,
      toPost.map((i) => createRequest(distinct[i]!)),
      opts.sendAttempts === undefined ? batchOpts : { ...batchOpts, maxAttempts: opts.sendAttempts },
    );
    const toCheck: { index: number; error: AppError }[] = [];
    const toExplain: { index: number; error: AppError }[] = [];
    answers.forEach((answer, k) => {
      const index = toPost[k]!;
      if (!answer.ok) {
        const unknown = isOutcomeUnknown(answer.error) || answer.error.code === "ALREADY_EXISTS";
        (unknown ? toCheck : toExplain).push({ index, error: answer.error });
        return;
      }
      const invitation = toInvitation(answer.data);
      outcomes[index] = invitation
        ? { ok: true, invitation, reconciled: false, alreadyInvited: false }
        : { ok: false, error: new AppError({ code: "UNKNOWN" }) };
    });

    const explained = await explainRefusals(
      token,
      toExplain.map(({ index, error }) => ({ row: distinct[index]!, error })),
      opts,
    );
    toExplain.forEach(({ index }, k) => (outcomes[index] = { ok: false, error: explained[k]! }));

    toPost = [];
    if (toCheck.length === 0) continue;
    const found = await findInvitations(
      token,
      toCheck.map(({ index }) => distinct[index]!),
      opts,
    );
    toCheck.forEach(({ index, error }, k) => {
      const lookup = found[k]!;
      const existing = lookup.ok ? lookup.invitation : undefined;
      const lost = lostBefore.get(index);
      if (existing && existing.role === distinct[index]!.role) {
        const alreadyInvited = error.code === "ALREADY_EXISTS" && !lost;
        outcomes[index] = { ok: true, invitation: existing, reconciled: !alreadyInvited, alreadyInvited };
      } else if (lost && !existing && error.code === "ALREADY_EXISTS") {
        // Our earlier send landed but the lists don't show it yet: still unknown, not someone else's.
        outcomes[index] = { ok: false, error: lost };
      } else if (existing || error.code === "ALREADY_EXISTS") {
        outcomes[index] = { ok: false, error: new InvitationExistsError(existing, error), existing };
      } else if (lookup.ok && round < (opts.reposts ?? 0)) {
        // Absent after re-reading within the bound: this send did not land (or Classroom lags
        // longer than the bound, which the ALREADY_EXISTS branches above then settle).
        lostBefore.set(index, error);
        toPost.push(index);
      } else {
        // Absent, or the listing failed and we can't tell: the original, retryable error stands.
        outcomes[index] = { ok: false, error };
      }
    });
  }
  return rows.map((row) => outcomes[slot.get(keyOf(row))!]!);
}

function createRequest(row: CreateRow): BatchRequest {
  return {
    method: "POST",
    path: "/v1/invitations",
    body: { courseId: row.courseId, userId: row.userId, role: row.role },
  };
}

/** One row's invitation (none = proven absent after re-reading), or `ok: false` when Classroom could not be read. */
export type Lookup = { ok: true; invitation?: Invitation } | { ok: false };

/**
 * The invitation of each row's user in each row's course, if any: invitations.list with both
 * filters, one batched part per row. Only one can exist per user and course. Classroom's lists
 * lag its writes, so rows that show nothing are read again within a bound (lib/google/consistency)
 * before "it didn't land" is believed.
 */
export async function findInvitations(
  token: AccessToken,
  rows: readonly Pick<CreateRow, "courseId" | "userId">[],
  opts: WriteOptions = {},
): Promise<Lookup[]> {
  const found: Lookup[] = rows.map(() => ({ ok: false }));
  let absent = rows.map((_, i) => i);
  await rereadUntilFound(
    async () => {
      const answers = await lookUp(
        token,
        absent.map((i) => rows[i]!),
        opts,
      );
      absent = absent.filter((i, k) => {
        found[i] = answers[k]!;
        return found[i].ok && !found[i].invitation;
      });
      return absent.length === 0 ? true : undefined;
    },
    { ...opts.reread, signal: opts.signal },
  );
  return found;
}

async function lookUp(
  token: AccessToken,
  rows: readonly Pick<CreateRow, "courseId" | "userId">[],
  opts: WriteOptions,
): Promise<Lookup[]> {
  const answers = await executeBatch<{ invitations?: ApiInvitation[] }>(
    token,
    rows.map((row) => ({
      method: "GET",
      path: "/v1/invitations",
      query: { courseId: row.courseId, userId: row.userId },
    })),
    batchOptionsOf(opts),
  );
  return answers.map((answer, i): Lookup => {
    if (!answer.ok) return answer.error.code === "NOT_FOUND" ? { ok: true } : { ok: false };
    const list = (answer.data.invitations ?? []).map(toInvitation).filter((x): x is Invitation => x !== null);
    return { ok: true, invitation: list.find((inv) => inv.courseId === rows[i]!.courseId) };
  });
}

/** Refusals that need a look at the class or the roster to say what they mean. */
async function explainRefusals(
  token: AccessToken,
  failures: readonly { row: CreateRow; error: AppError }[],
  opts: WriteOptions,
): Promise<AppError[]> {
  const callOpts = callOptionsOf(opts);
  // One courses.get per class, however many rows of it answered NOT_FOUND.
  const courseExists = new Map<string, Promise<boolean | undefined>>();
  const exists = (courseId: string) => {
    let known = courseExists.get(courseId);
    if (!known) {
      known = nullIfNotFound(() => getCourse(token, courseId, callOpts)).then(
        (course) => course !== null,
        () => undefined,
      );
      courseExists.set(courseId, known);
    }
    return known;
  };
  return mapLimit(failures, 4, async ({ row, error }) => {
    if (error.code === "NOT_FOUND") {
      const course = await exists(row.courseId);
      return course === undefined ? error : rewrap(error, course ? "USER_NOT_FOUND" : "COURSE_NOT_FOUND");
    }
    if (error.code === "FAILED_PRECONDITION" && !error.reason) {
      let membership: MemberRole | null;
      try {
        membership = await getMembership(token, row.courseId, row.userId, callOpts);
      } catch {
        return error; // its generic text names both causes
      }
      if (!membership) return rewrap(error, "ACCOUNT_DISABLED");
      const as = membership === "OWNER" ? "the owner" : membership === "TEACHER" ? "a teacher" : "a student";
      return rewrap(error, "ALREADY_MEMBER", `This person is already ${as} in this class, so there's nothing to send.`);
    }
    return error;
  });
}
