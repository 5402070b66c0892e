import "server-only";
// The one revoke path: one invitation or 500 are the same code. invitations.delete is safe to
// repeat, so executeBatch re-sends failed parts itself, and NOT_FOUND means the invitation is
// already gone (revoked, accepted, or our own earlier attempt landed): what the caller wanted.
import { recordOwnOutcomes } from "@/lib/db/invitation-meta";
import { executeBatch } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { AppError } from "@/lib/google/errors";

import { AccessDeniedError, getCoursesAccess, type CallerRole } from "./access";
import type { Course } from "./courses";
import { listInvitationsForCoursesCached } from "./invitation-cache";
import { getInvitations, listInvitationsForCourses, type Invitation, type InvitationLookup } from "./invitations";
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

export interface RevokeOptions extends WriteOptions {
  /** The dashboard user revoking: their cached class lists (invitation-cache.ts) answer the look-up when fresh. */
  viewerId?: string;
  /** The classes the page listed the rows under. Only where to look first: nothing is taken from them. */
  courseIds?: readonly string[];
}

/**
 * Revoke invitations on behalf of a dashboard user, each authorized on our side first: find
 * every invitation (`lookUp`), check each class once (lib/classroom/access), delete the allowed
 * ones (/batch), and record each one revoked (invitation_meta's outcome, for Insights: a server
 * action's revoke and a job's are this same code). Outcomes come back in the order of `ids`,
 * duplicates sharing one. A DELETE is safe to repeat and NOT_FOUND counts as revoked, so nothing
 * is read again afterwards.
 */
export async function revokeInvitations(
  token: AccessToken,
  role: CallerRole,
  ids: readonly string[],
  opts: RevokeOptions = {},
): Promise<RevokeOutcome[]> {
  const unique = [...new Set(ids)];
  const outcomes = new Map<string, RevokeOutcome>();
  const found = await lookUp(token, unique, opts);
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
  const access = await getCoursesAccess(token, role, courseIds);
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
  // For Insights: revoked by us, first-hand. An invitation already gone may have been accepted
  // or declined, so it is left for a later look to classify.
  await recordOwnOutcomes(
    deleted.flatMap((o, i) =>
      o.ok && !o.alreadyGone ? [{ invitationId: allowed[i]!.invitation.id, outcome: "revoked" as const }] : [],
    ),
  );
  return ids.map((id) => outcomes.get(id)!);
}

/**
 * Which invitation each id is, as Classroom tells the caller: first from the lists of the classes
 * the page named (one invitations.list per class and page, or none when the caller's list of it
 * is still cached), then one invitations.get for each id none of them holds (a hint that was
 * wrong, or an invitation newer than the cached list). An invitation never changes (a new role is
 * a new invitation), so a listed one is what a get would answer, or it is gone since, and its
 * DELETE then answers NOT_FOUND: revoked, as the caller wanted.
 */
async function lookUp(token: AccessToken, ids: readonly string[], opts: RevokeOptions): Promise<InvitationLookup[]> {
  const batch = batchOptionsOf(opts);
  const listed = new Map<string, Invitation>();
  const hinted = [...new Set(opts.courseIds ?? [])];
  if (hinted.length > 0) {
    const lists = opts.viewerId
      ? await listInvitationsForCoursesCached(token, opts.viewerId, hinted, batch)
      : await listInvitationsForCourses(token, hinted, batch);
    for (const { invitations } of lists) for (const invitation of invitations) listed.set(invitation.id, invitation);
  }
  const unlisted = ids.filter((id) => !listed.has(id));
  const read = new Map((await getInvitations(token, unlisted, batch)).map((lookup, i) => [unlisted[i]!, lookup]));
  return ids.map((id) => {
    const invitation = listed.get(id);
    return invitation ? { ok: true, invitation } : read.get(id)!;
  });
}
