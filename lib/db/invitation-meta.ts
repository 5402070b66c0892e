import "server-only";

import { db } from "@/lib/db";
import type { InvitationOutcome } from "@/lib/concepts";
import type { Gone, LifeRecord } from "@/lib/view/invitation-lifecycle";

/**
 * What Classroom does not keep about an invitation: who created it through the
 * dashboard, and when the dashboard first saw it. Table `invitation_meta` (migration 2).
 */
export type InvitationMetaInput = {
  invitationId: string;
  courseId: string;
  /** The invitee as the creator typed it (email) or as listed (numeric id). */
  invitee?: string | null;
  role?: string | null;
  inviterEmail?: string | null;
  /** Classroom's numeric id of the invitee, when known. */
  userId?: string | null;
};

export type InvitationMeta = { inviterEmail: string | null; firstSeenAt: string };

/**
 * Called by the create, bulk and change-role actions once Classroom has accepted an
 * invitation: records the inviter. Idempotent; an existing row (first seen by a listing a
 * moment earlier) keeps its first-seen time and gains the inviter.
 */
export async function recordInvitationMeta(input: InvitationMetaInput | InvitationMetaInput[]): Promise<void> {
  const list = (Array.isArray(input) ? input : [input]).filter((m) => m.invitationId && m.courseId);
  if (list.length === 0) return;
  await (
    await db()
  ).query(
    `INSERT INTO invitation_meta (invitation_id, course_id, invitee, role, inviter_email, user_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (invitation_id) DO UPDATE
       SET inviter_email = COALESCE(EXCLUDED.inviter_email, invitation_meta.inviter_email),
           invitee = COALESCE(EXCLUDED.invitee, invitation_meta.invitee),
           role = EXCLUDED.role,
           user_id = COALESCE(invitation_meta.user_id, EXCLUDED.user_id)`,
    [
      list.map((m) => m.invitationId),
      list.map((m) => m.courseId),
      list.map((m) => m.invitee?.toLowerCase() ?? null),
      list.map((m) => m.role ?? null),
      list.map((m) => m.inviterEmail?.toLowerCase() ?? null),
      list.map((m) => m.userId ?? null),
    ],
  );
}

/**
 * `recordInvitationMeta` for invitations a dashboard user's own write made (a create, a change
 * of role or resend, a restore), one or a job's thousands. Best effort: the invitation exists
 * either way, and only its "invited by" would be missing.
 */
export async function recordOwnInvitations(input: InvitationMetaInput | InvitationMetaInput[]): Promise<void> {
  try {
    await recordInvitationMeta(input);
  } catch (e) {
    console.error("[invitation-meta] could not record:", e instanceof Error ? e.message : e);
  }
}

/** A course whose listing succeeded, and when that listing was asked for (ms). */
export type ListedCourse = { courseId: string; at: number };

/**
 * For a listing: inserts a first-seen row for every invitation not yet known (a known one only
 * gains its Classroom user id, once), reopens any it had closed earlier, closes every open row of
 * a listed course that the listing no longer holds (dated by the listing: "noticed gone at"),
 * then returns the inviter and first-seen time of each listed invitation. Four statements,
 * whatever the number of invitations. Only rows first seen before the listing was asked for are closed, so a list read
 * from a cache a moment before an invitation was made never closes that invitation.
 */
export async function recordListing(
  invitations: readonly { id: string; courseId: string; userId: string; role: string }[],
  listed: readonly ListedCourse[] = [],
): Promise<Map<string, InvitationMeta>> {
  const out = new Map<string, InvitationMeta>();
  const d = await db();
  const ids = invitations.map((i) => i.id);
  if (invitations.length > 0) {
    await d.query(
      `INSERT INTO invitation_meta (invitation_id, course_id, invitee, role, user_id)
       SELECT a, b, c, d, c FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(a, b, c, d)
       ON CONFLICT (invitation_id) DO UPDATE SET user_id = EXCLUDED.user_id
         WHERE invitation_meta.user_id IS NULL`,
      [ids, invitations.map((i) => i.courseId), invitations.map((i) => i.userId), invitations.map((i) => i.role)],
    );
  }
  if (listed.length > 0) {
    // Classroom's lists are eventually consistent: one may miss an invitation made a moment
    // before, or still show one just deleted. A later look that lists an invitation closed before
    // that look was asked for reopens it, and the look after that decides again.
    const at = new Map(listed.map((l) => [l.courseId, new Date(l.at).toISOString()]));
    const seen = invitations.filter((i) => at.has(i.courseId));
    if (seen.length > 0) {
      await d.query(
        `UPDATE invitation_meta m SET closed_at = NULL, outcome = NULL, outcome_source = NULL
         FROM unnest($1::text[], $2::text[]) AS l(invitation_id, at)
         WHERE m.invitation_id = l.invitation_id AND m.closed_at IS NOT NULL AND m.closed_at < l.at::timestamptz`,
        [seen.map((i) => i.id), seen.map((i) => at.get(i.courseId)!)],
      );
    }
    await d.query(
      `UPDATE invitation_meta m SET closed_at = l.at::timestamptz
       FROM unnest($1::text[], $2::text[]) AS l(course_id, at)
       WHERE m.course_id = l.course_id AND m.closed_at IS NULL AND m.first_seen_at < l.at::timestamptz
         AND NOT (m.invitation_id = ANY($3::text[]))`,
      [listed.map((l) => l.courseId), listed.map((l) => new Date(l.at).toISOString()), ids],
    );
  }
  if (invitations.length === 0) return out;
  const rows = await d.query<{ invitation_id: string; inviter_email: string | null; first_seen_at: Date | string }>(
    "SELECT invitation_id, inviter_email, first_seen_at FROM invitation_meta WHERE invitation_id = ANY($1::text[])",
    [ids],
  );
  for (const r of rows) {
    out.set(r.invitation_id, { inviterEmail: r.inviter_email, firstSeenAt: new Date(r.first_seen_at).toISOString() });
  }
  return out;
}

export type OutcomeInput = { invitationId: string; outcome: InvitationOutcome };

/**
 * Outcomes the dashboard knows first-hand (its own revoke, accept, decline, change of role):
 * closes the invitation now, unless a listing already noticed it gone. Rows it never saw are
 * left alone: with no first sighting there is nothing to measure from. An invitation already
 * classified keeps its outcome.
 */
export async function recordOutcomes(
  outcomes: readonly OutcomeInput[],
  source: "dashboard" | "observed",
): Promise<void> {
  if (outcomes.length === 0) return;
  await (
    await db()
  ).query(
    `UPDATE invitation_meta m
     SET outcome = o.outcome, outcome_source = $3, closed_at = COALESCE(m.closed_at, now())
     FROM unnest($1::text[], $2::text[]) AS o(invitation_id, outcome)
     WHERE m.invitation_id = o.invitation_id AND m.outcome IS NULL`,
    [outcomes.map((o) => o.invitationId), outcomes.map((o) => o.outcome), source],
  );
}

/**
 * What a dashboard user's own write did to invitations (revoked, accepted, declined, replaced),
 * the same for one and for a job's thousands: known first-hand, so no later look has to guess.
 * Only for invitations the server itself read or changed, never ids as the browser sent them.
 * Best effort: the write happened either way, and a later look can still classify it.
 */
export async function recordOwnOutcomes(outcomes: readonly OutcomeInput[]): Promise<void> {
  try {
    await recordOutcomes(outcomes, "dashboard");
  } catch (e) {
    console.error("[invitation-meta] could not record outcomes:", e instanceof Error ? e.message : e);
  }
}

/** Unclassified gone invitations of these courses, oldest noticed first, at most `limit`. */
export async function listUnclassified(courseIds: readonly string[], limit: number): Promise<Gone[]> {
  if (courseIds.length === 0) return [];
  return (await db()).query<Gone>(
    `SELECT invitation_id AS "invitationId", course_id AS "courseId", user_id AS "userId", invitee, role
     FROM invitation_meta
     WHERE course_id = ANY($1::text[]) AND closed_at IS NOT NULL AND outcome IS NULL
     ORDER BY closed_at, invitation_id LIMIT $2`,
    [courseIds, limit],
  );
}

/** Invitations of these courses first seen or closed since `since`. */
export async function listLifecycle(courseIds: readonly string[], since: Date): Promise<LifeRecord[]> {
  if (courseIds.length === 0) return [];
  const rows = await (
    await db()
  ).query<
    Omit<LifeRecord, "firstSeenAt" | "closedAt"> & { firstSeenAt: Date | string; closedAt: Date | string | null }
  >(
    `SELECT invitation_id AS "invitationId", course_id AS "courseId", role, first_seen_at AS "firstSeenAt",
            closed_at AS "closedAt", outcome
     FROM invitation_meta
     WHERE course_id = ANY($1::text[]) AND (first_seen_at >= $2::timestamptz OR closed_at >= $2::timestamptz)`,
    [courseIds, since.toISOString()],
  );
  return rows.map((r) => ({
    ...r,
    firstSeenAt: new Date(r.firstSeenAt).toISOString(),
    closedAt: r.closedAt === null ? null : new Date(r.closedAt).toISOString(),
  }));
}
