import "server-only";
// The one revoke path: one invitation or 500 are the same code. invitations.delete is safe to
// repeat, so executeBatch re-sends failed parts itself, and NOT_FOUND means the invitation is
// already gone (revoked, accepted, or our own earlier attempt landed): what the caller wanted.
import { executeBatch, mapLimit } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { AppError } from "@/lib/google/errors";

import { AccessDeniedError, getCourseAccess, type CallerRole, type CourseAccess } from "./access";
import type { Course } from "./courses";
import { getInvitations, type Invitation } from "./invitations";
import { batchOptionsOf, type WriteOptions } from "./write-options";

export type DeleteOutcome = { ok: true; alreadyGone: boolean } | { ok: false; error: AppError };

/** invitations.delete for every id, 50 per /batch request, outcomes in the order of `ids`. */
export async function deleteInvitations(
  token: AccessToken,
  ids: readonly string[],
  opts: WriteOptions = {},
): Promise<DeleteOutcome[]> {
  const answers = await executeBatch(
    token,
    ids.map((id) => ({ method: "DELETE" as const, path: `/v1/invitations/${encodeURIComponent(id)}` })),
    batchOptionsOf(opts),
  );
  return answers.map((answer): DeleteOutcome => {
    if (answer.ok) return { ok: true, alreadyGone: false };
    if (answer.error.code === "NOT_FOUND") return { ok: true, alreadyGone: true };
    return { ok: false, error: answer.error };
  });
}

/** One invitations.delete (`deleteInvitations` with one id); a failure is thrown. */
export async function revokeInvitation(
  token: AccessToken,
  id: string,
  opts: WriteOptions = {},
): Promise<{ alreadyGone: boolean }> {
  const [outcome] = await deleteInvitations(token, [id], opts);
  if (!outcome) throw new AppError({ code: "UNKNOWN" });
  if (!outcome.ok) throw outcome.error;
  return { alreadyGone: outcome.alreadyGone };
}

/** What happened to one id of a revoke; `invitation` and `course` when they could be read. */
export type RevokeOutcome = { id: string; invitation?: Invitation; course?: Course } & (
  { ok: true; alreadyGone: boolean } | { ok: false; error: AppError | AccessDeniedError }
);

/**
 * Revoke invitations on behalf of a dashboard user, each authorized on our side first: read
 * every invitation (/batch), check each class once (lib/classroom/access), delete the allowed
 * ones (/batch). Outcomes come back in the order of `ids`, duplicates sharing one.
 */
export async function revokeInvitations(
  token: AccessToken,
  role: CallerRole,
  ids: readonly string[],
  opts: WriteOptions = {},
): Promise<RevokeOutcome[]> {
  const unique = [...new Set(ids)];
  const outcomes = new Map<string, RevokeOutcome>();
  const found = await getInvitations(token, unique, batchOptionsOf(opts));
  const toCheck: Invitation[] = [];
  found.forEach((lookup, i) => {
    const id = unique[i]!;
    if (lookup.ok) toCheck.push(lookup.invitation);
    else if (lookup.error.code === "INVITATION_NOT_FOUND") outcomes.set(id, { id, ok: true, alreadyGone: true });
    // Classroom hides invitations of other people's classes: that is ours to call "not yours".
    else if (lookup.error.code === "PERMISSION_DENIED")
      outcomes.set(id, { id, ok: false, error: new AccessDeniedError() });
    else outcomes.set(id, { id, ok: false, error: lookup.error });
  });

  const courseIds = [...new Set(toCheck.map((inv) => inv.courseId))];
  const access = new Map<string, CourseAccess>();
  await mapLimit(courseIds, 4, async (courseId) => {
    access.set(
      courseId,
      await getCourseAccess(token, role, courseId).catch(() => ({ allowed: false, reason: "NOT_FOUND" }) as const),
    );
  });
  const allowed: { invitation: Invitation; course: Course }[] = [];
  for (const invitation of toCheck) {
    const a = access.get(invitation.courseId)!;
    if (a.allowed) allowed.push({ invitation, course: a.course });
    else
      outcomes.set(invitation.id, {
        id: invitation.id,
        invitation,
        course: a.course,
        ok: false,
        error: new AccessDeniedError(),
      });
  }

  const deleted = await deleteInvitations(
    token,
    allowed.map((a) => a.invitation.id),
    opts,
  );
  deleted.forEach((outcome, i) => {
    const { invitation, course } = allowed[i]!;
    outcomes.set(invitation.id, { id: invitation.id, invitation, course, ...outcome });
  });
  return ids.map((id) => outcomes.get(id)!);
}
