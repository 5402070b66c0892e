import "server-only";

import { db } from "@/lib/db";

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
    `INSERT INTO invitation_meta (invitation_id, course_id, invitee, role, inviter_email)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (invitation_id) DO UPDATE
       SET inviter_email = COALESCE(EXCLUDED.inviter_email, invitation_meta.inviter_email),
           invitee = COALESCE(EXCLUDED.invitee, invitation_meta.invitee),
           role = EXCLUDED.role`,
    [
      list.map((m) => m.invitationId),
      list.map((m) => m.courseId),
      list.map((m) => m.invitee?.toLowerCase() ?? null),
      list.map((m) => m.role ?? null),
      list.map((m) => m.inviterEmail?.toLowerCase() ?? null),
    ],
  );
}

/**
 * For a listing: inserts a first-seen row for every invitation not yet known (never touching
 * known ones), then returns the inviter and first-seen time of each. Two statements, whatever
 * the number of invitations, so a 5,000-row domain listing costs two round trips per chunk.
 */
export async function recordFirstSeen(
  invitations: readonly { id: string; courseId: string; userId: string; role: string }[],
): Promise<Map<string, InvitationMeta>> {
  const out = new Map<string, InvitationMeta>();
  if (invitations.length === 0) return out;
  const d = await db();
  const ids = invitations.map((i) => i.id);
  await d.query(
    `INSERT INTO invitation_meta (invitation_id, course_id, invitee, role)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (invitation_id) DO NOTHING`,
    [ids, invitations.map((i) => i.courseId), invitations.map((i) => i.userId), invitations.map((i) => i.role)],
  );
  const rows = await d.query<{ invitation_id: string; inviter_email: string | null; first_seen_at: Date | string }>(
    "SELECT invitation_id, inviter_email, first_seen_at FROM invitation_meta WHERE invitation_id = ANY($1::text[])",
    [ids],
  );
  for (const r of rows) {
    out.set(r.invitation_id, { inviterEmail: r.inviter_email, firstSeenAt: new Date(r.first_seen_at).toISOString() });
  }
  return out;
}
