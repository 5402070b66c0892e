import "server-only";
// Bulk invitation writes through /batch: 50 calls per HTTP request, each part's
// error mapped on its own, and only what is safe sent twice.
//
// - invitations.create is a POST and not idempotent (reliability-security-bar §1.2). A part
//   whose outcome is unknown (network, timeout, 5xx: it may have run) or that answered
//   ALREADY_EXISTS is reconciled by listing that course's invitations for that user — one
//   batched GET per row — never by re-posting blindly. Only a row the listing shows absent is
//   posted again (at most twice more); Classroom keeps one invitation per user and course, so
//   even a late-landing first attempt cannot make a second one.
// - Quota refusals (429 with Retry-After) never ran, so executeBatch re-sends them itself.
// - invitations.delete is safe to repeat: executeBatch retries failed parts, and NOT_FOUND
//   means the invitation is already gone.
import { executeBatch, type BatchOptions, type BatchRequest } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { AppError, type AppErrorCode } from "@/lib/google/errors";
import {
  isDailyInvitationLimit,
  isOutcomeUnknown,
  toInvitation,
  type ApiInvitation,
  type Invitation,
  type InvitationRole,
} from "./invitations";

export interface BulkCreateRow {
  courseId: string;
  /** An email or a numeric id. */
  userId: string;
  role: InvitationRole;
}

export type BulkCreateOutcome =
  | {
      ok: true;
      invitation: Invitation;
      /** The answer was lost or refused as a duplicate, and the listing found our invitation. */
      reconciled: boolean;
      /** It existed before (ALREADY_EXISTS with the same role): nothing new was created. */
      alreadyInvited: boolean;
    }
  | { ok: false; error: AppError; /** The invitation that blocks this row, when one does. */ existing?: Invitation };

export type BulkRevokeOutcome = { ok: true; alreadyGone: boolean } | { ok: false; error: AppError };

/** Re-post rounds for rows the listing proved absent after an unknown outcome. */
const MAX_REPOSTS = 2;

/**
 * invitations.create for every row, 50 per /batch request. Outcomes come back in the order
 * of `rows`. Identical rows (same course, user (case-insensitive) and role) are sent once and
 * share the outcome.
 */
export async function createInvitationsBulk(
  token: AccessToken,
  rows: readonly BulkCreateRow[],
  opts: BatchOptions = {},
): Promise<BulkCreateOutcome[]> {
  const keyOf = (r: BulkCreateRow) => `${r.courseId}\u0000${r.userId.trim().toLowerCase()}\u0000${r.role}`;
  const unique = new Map<string, number>();
  const distinct: BulkCreateRow[] = [];
  for (const row of rows) {
    if (!unique.has(keyOf(row))) {
      unique.set(keyOf(row), distinct.length);
      distinct.push(row);
    }
  }
  const outcomes: (BulkCreateOutcome | undefined)[] = new Array(distinct.length).fill(undefined);

  let toPost = distinct.map((_, i) => i);
  for (let round = 0; toPost.length > 0; round++) {
    const answers = await executeBatch<ApiInvitation>(
      token,
      toPost.map((i) => createRequest(distinct[i]!)),
      opts,
    );
    const toCheck: { index: number; error: AppError }[] = [];
    answers.forEach((answer, k) => {
      const index = toPost[k]!;
      if (answer.ok) {
        const invitation = toInvitation(answer.data);
        outcomes[index] = invitation
          ? { ok: true, invitation, reconciled: false, alreadyInvited: false }
          : { ok: false, error: new AppError({ code: "UNKNOWN" }) };
        return;
      }
      const error = answer.error;
      if (isOutcomeUnknown(error) || error.code === "ALREADY_EXISTS") toCheck.push({ index, error });
      else outcomes[index] = { ok: false, error: explain(error) };
    });

    toPost = [];
    if (toCheck.length === 0) break;
    const found = await findInvitations(
      token,
      toCheck.map(({ index }) => distinct[index]!),
      opts,
    );
    toCheck.forEach(({ index, error }, k) => {
      const row = distinct[index]!;
      const lookup = found[k]!;
      if (!lookup.ok) {
        // Can't tell whether it landed: say so rather than guess (the caller may retry the row;
        // a repeat that collides answers ALREADY_EXISTS and is reconciled then).
        outcomes[index] = { ok: false, error };
        return;
      }
      const existing = lookup.invitation;
      if (existing && existing.role === row.role) {
        outcomes[index] = {
          ok: true,
          invitation: existing,
          reconciled: true,
          alreadyInvited: error.code === "ALREADY_EXISTS",
        };
      } else if (existing) {
        outcomes[index] = { ok: false, error: rewrap(error, "ALREADY_EXISTS"), existing };
      } else if (isOutcomeUnknown(error) && round < MAX_REPOSTS) {
        toPost.push(index); // proven absent: this send did not land
      } else {
        outcomes[index] = { ok: false, error };
      }
    });
  }
  return rows.map((row) => outcomes[unique.get(keyOf(row))!]!);
}

/**
 * invitations.delete for every id, 50 per /batch request, in the order of `ids`. Failed parts
 * are re-sent by executeBatch (DELETE is idempotent); NOT_FOUND counts as done.
 */
export async function revokeInvitationsBulk(
  token: AccessToken,
  ids: readonly string[],
  opts: BatchOptions = {},
): Promise<BulkRevokeOutcome[]> {
  const answers = await executeBatch(
    token,
    ids.map((id) => ({ method: "DELETE" as const, path: `/v1/invitations/${encodeURIComponent(id)}` })),
    opts,
  );
  return answers.map((answer): BulkRevokeOutcome => {
    if (answer.ok) return { ok: true, alreadyGone: false };
    if (answer.error.code === "NOT_FOUND") return { ok: true, alreadyGone: true };
    return { ok: false, error: answer.error };
  });
}

function createRequest(row: BulkCreateRow): BatchRequest {
  return {
    method: "POST",
    path: "/v1/invitations",
    body: { courseId: row.courseId, userId: row.userId, role: row.role },
  };
}

type Lookup = { ok: true; invitation?: Invitation } | { ok: false };

/**
 * The invitation of each row's user in each row's course, if any: invitations.list with both
 * filters, one batched part per row. Only one can exist per user and course (docs/classroom-api.md §2.2).
 */
async function findInvitations(
  token: AccessToken,
  rows: readonly BulkCreateRow[],
  opts: BatchOptions,
): Promise<Lookup[]> {
  const answers = await executeBatch<{ invitations?: ApiInvitation[] }>(
    token,
    rows.map((row) => ({
      method: "GET",
      path: "/v1/invitations",
      query: { courseId: row.courseId, userId: row.userId },
    })),
    opts,
  );
  return answers.map((answer, i): Lookup => {
    if (!answer.ok) return answer.error.code === "NOT_FOUND" ? { ok: true } : { ok: false };
    const list = (answer.data.invitations ?? []).map(toInvitation).filter((x): x is Invitation => x !== null);
    return { ok: true, invitation: list.find((inv) => inv.courseId === rows[i]!.courseId) };
  });
}

function explain(error: AppError): AppError {
  if (isDailyInvitationLimit(error)) return rewrap(error, "INVITATION_QUOTA_REACHED");
  return error;
}

function rewrap(error: AppError, code: AppErrorCode): AppError {
  return new AppError({
    code,
    httpStatus: error.httpStatus,
    status: error.status,
    reason: error.reason,
    correlationId: error.correlationId,
  });
}
