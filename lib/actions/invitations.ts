"use server";
// The invitation write side. Every export is built with authedAction, which
// validates the input with zod before anything else and re-reads the session. Each handler
// then re-checks on the server that the caller may act on the class (getCourseAccess: a
// student is refused without any Classroom call), records the outcome in the activity log,
// and returns a typed result whose messages are our own text, never Classroom's.
import "server-only";

import { recordActivityBestEffort, type ActivityAction, type ActivityEntry } from "@/lib/activity/log";
import type { CurrentUser } from "@/lib/auth/session";
import { countStatuses, courseLabel } from "@/lib/bulk/plan";
import { getCourseAccess, getMyUserId, listManagedCourses, type CourseAccess } from "@/lib/classroom/access";
import { previewBulkInvite, sendInvitations, type SendRow } from "@/lib/classroom/bulk-invite";
import type { Course } from "@/lib/classroom/courses";
import { afterOwnWrite } from "@/lib/classroom/invitation-cache";
import {
  createInvitation,
  getInvitation,
  InvitationExistsError,
  revokeInvitation,
  toInvitation,
  type ApiInvitation,
  type Invitation,
} from "@/lib/classroom/invitations";
import { getProfiles } from "@/lib/classroom/profiles";
import { executeBatch, mapLimit } from "@/lib/google/batch";
import type { AccessToken } from "@/lib/google/client";
import { AppError, isAppError, toAppError, type AppErrorCode } from "@/lib/google/errors";
import { recordInvitationMeta } from "@/lib/db/invitation-meta";

import {
  changeRoleSchema,
  createInvitationSchema,
  previewBulkInviteSchema,
  revokeInvitationsSchema,
  ROLE_PHRASES,
  sendBulkInvitesSchema,
  type BulkSendRowResult,
  type ChangeRoleInput,
  type ChangeRoleResult,
  type CreateInvitationInput,
  type CreateInvitationResult,
  type InvitationDto,
  type PreviewBulkInviteInput,
  type PreviewBulkInviteResult,
  type RevokeInvitationsInput,
  type RevokeInvitationsResult,
  type RevokeRowResult,
  type RowError,
  type SendBulkInvitesInput,
  type SendBulkInvitesResult,
} from "./invitations.schemas";
import { authedAction, type ActionContext, type ActionError } from "./safe-action";

const NOT_YOURS =
  "You can only manage invitations of classes you teach. This class isn't one of yours, or it no longer exists.";
const STUDENTS_CANT = "Only teachers and administrators can manage class invitations.";
const OWNER_ONLY = "Only the class owner or an administrator can invite a new owner or change an owner invitation.";

// ---------------------------------------------------------------------------
// Create

type Refusal = { ok: false; error: ActionError & Record<string, unknown> };

const create = authedAction(
  { schema: createInvitationSchema },
  ownWrite(async (input, { user, token }): Promise<CreateInvitationResult> => {
    const entry = logEntry(user, "invitation.create", {
      courseId: input.courseId,
      invitee: input.email,
      role: input.role,
    });
    try {
      const access = await getCourseAccess(token, user.role, input.courseId);
      if (!access.allowed) return await failWith(entry, refuse(user, access));
      entry.courseName = labelOf(access.course);
      if (input.role === "OWNER" && !access.canInviteOwner) return await failWith(entry, forbidden(OWNER_ONLY));

      const { invitation, reconciled } = await createInvitation(token, {
        courseId: access.course.id,
        userId: input.email,
        role: input.role,
      });
      entry.courseId = invitation.courseId;
      await succeed({ ...entry, invitationId: invitation.id });
      await meta({
        invitationId: invitation.id,
        courseId: invitation.courseId,
        invitee: input.email,
        role: invitation.role,
        inviterEmail: user.email,
      });
      return { ok: true, data: { invitation: dto(invitation), reconciled } };
    } catch (e) {
      const error = asAppError(e);
      const existing = e instanceof InvitationExistsError ? e.existing : undefined;
      await recordActivityBestEffort({
        ...entry,
        outcome: "error",
        errorCode: error.code,
        invitationId: existing?.id ?? null,
      });
      return {
        ok: false,
        error: {
          code: error.code,
          message: error.userMessage,
          ...(existing ? { existing: { id: existing.id, courseId: existing.courseId, role: existing.role } } : {}),
        },
      };
    }
  }),
);

/** Invite one person to one class. On ALREADY_EXISTS the error carries the blocking invitation. */
export async function createInvitationAction(input: CreateInvitationInput): Promise<CreateInvitationResult> {
  const res = await create(input);
  return res.ok ? res.data : res;
}

// ---------------------------------------------------------------------------
// Revoke

const revoke = authedAction(
  { schema: revokeInvitationsSchema },
  ownWrite(async (input, { user, token }) => {
    const ids = [...new Set(input.ids)];
    const action: ActivityAction = ids.length > 1 ? "bulk.revoke" : "invitation.revoke";
    const batchId = ids.length > 1 ? globalThis.crypto.randomUUID() : null;
    const base = (id: string) => ({ ...logEntry(user, action, {}), invitationId: id, batchId });

    if (user.role === "student") {
      await recordActivityBestEffort(
        ids.map((id) => ({ ...base(id), outcome: "error" as const, errorCode: "FORBIDDEN" })),
      );
      return {
        results: ids.map((id): RevokeRowResult => ({
          id,
          ok: false,
          error: { code: "FORBIDDEN", message: STUDENTS_CANT },
        })),
      };
    }

    // Which class is each invitation in? invitations.get through /batch (50 per request).
    const found = await executeBatch<ApiInvitation>(
      token,
      ids.map((id) => ({ method: "GET" as const, path: `/v1/invitations/${encodeURIComponent(id)}` })),
    );
    const results = new Map<string, RevokeRowResult>();
    const entries = new Map<string, ActivityEntry>();
    const invitations = new Map<string, Invitation>();
    found.forEach((answer, i) => {
      const id = ids[i]!;
      const invitation = answer.ok ? toInvitation(answer.data) : null;
      if (invitation) {
        invitations.set(id, invitation);
        return;
      }
      if (!answer.ok && answer.error.code === "NOT_FOUND") {
        results.set(id, { id, ok: true, alreadyGone: true });
        entries.set(id, { ...base(id), outcome: "ok", errorCode: "NOT_FOUND" });
        return;
      }
      const error = answer.ok ? new AppError({ code: "UNKNOWN" }) : answer.error;
      // Classroom hides invitations of other people's classes: that is ours to call "not yours".
      const row = error.code === "PERMISSION_DENIED" ? { code: "FORBIDDEN", message: NOT_YOURS } : rowError(error);
      results.set(id, { id, ok: false, error: row });
      entries.set(id, { ...base(id), outcome: "error", errorCode: row.code });
    });

    // Re-check each class on our side, once per class.
    const courseIds = [...new Set([...invitations.values()].map((inv) => inv.courseId))];
    const access = new Map<string, CourseAccess>();
    await mapLimit(courseIds, 4, async (courseId) => {
      try {
        access.set(courseId, await getCourseAccess(token, user.role, courseId));
      } catch {
        access.set(courseId, { allowed: false, reason: "NOT_FOUND" });
      }
    });
    const toDelete: Invitation[] = [];
    for (const [id, inv] of invitations) {
      const a = access.get(inv.courseId);
      const entry: ActivityEntry = {
        ...base(id),
        courseId: inv.courseId,
        courseName: labelOf(a?.allowed ? a.course : a && !a.allowed ? a.course : undefined),
        invitee: inv.userId,
        role: inv.role,
      };
      entries.set(id, entry);
      if (!a?.allowed) {
        results.set(id, { id, ok: false, error: { code: "FORBIDDEN", message: NOT_YOURS } });
        entry.outcome = "error";
        entry.errorCode = "FORBIDDEN";
      } else {
        toDelete.push(inv);
      }
    }

    if (toDelete.length === 1) {
      const inv = toDelete[0]!;
      try {
        const { alreadyGone } = await revokeInvitation(token, inv.id);
        results.set(inv.id, alreadyGone ? { id: inv.id, ok: true, alreadyGone } : { id: inv.id, ok: true });
      } catch (e) {
        results.set(inv.id, { id: inv.id, ok: false, error: rowError(asAppError(e)) });
      }
    } else if (toDelete.length > 1) {
      // DELETE parts are idempotent, so executeBatch re-sends them after 429/5xx on its own.
      const answers = await executeBatch(
        token,
        toDelete.map((inv) => ({ method: "DELETE" as const, path: `/v1/invitations/${encodeURIComponent(inv.id)}` })),
      );
      answers.forEach((answer, i) => {
        const id = toDelete[i]!.id;
        if (answer.ok) results.set(id, { id, ok: true });
        else if (answer.error.code === "NOT_FOUND") results.set(id, { id, ok: true, alreadyGone: true });
        else results.set(id, { id, ok: false, error: rowError(answer.error) });
      });
    }
    for (const inv of toDelete) {
      const r = results.get(inv.id)!;
      const entry = entries.get(inv.id)!;
      entry.outcome = r.ok ? "ok" : "error";
      entry.errorCode = r.ok ? (r.alreadyGone ? "NOT_FOUND" : null) : (r.error?.code ?? null);
    }

    await nameInvitees(token, [...entries.values()]);
    await recordActivityBestEffort([...entries.values()]);
    return { results: ids.map((id) => results.get(id)!) };
  }),
);

/**
 * Revoke 1–500 invitations. Per-id results; NOT_FOUND (already accepted, revoked or
 * replaced) counts as revoked, with `alreadyGone`.
 */
export async function revokeInvitationsAction(input: RevokeInvitationsInput): Promise<RevokeInvitationsResult> {
  return revoke(input);
}

// ---------------------------------------------------------------------------
// Change role

const change = authedAction(
  { schema: changeRoleSchema },
  ownWrite(async (input, { user, token }): Promise<ChangeRoleResult> => {
    const entry = logEntry(user, "invitation.change_role", {
      courseId: input.courseId,
      invitee: input.userId,
      role: `${input.fromRole}→${input.toRole}`,
    });
    entry.invitationId = input.invitationId;
    try {
      const access = await getCourseAccess(token, user.role, input.courseId);
      if (!access.allowed) return await failWith(entry, refuse(user, access));
      entry.courseName = labelOf(access.course);
      if ((input.toRole === "OWNER" || input.fromRole === "OWNER") && !access.canInviteOwner) {
        return await failWith(entry, forbidden(OWNER_ONLY));
      }

      const current = await getInvitation(token, input.invitationId);
      // The invitation must be the one the caller was shown, in the class they were checked for.
      if (current.courseId !== access.course.id) return await failWith(entry, forbidden(NOT_YOURS));
      if (/^\d+$/.test(input.userId) && current.userId !== input.userId) {
        return await failWith(entry, appFailure(new AppError({ code: "CONFLICT" })));
      }
      if (current.role !== input.fromRole) {
        return await failWith(
          entry,
          appFailure(
            new AppError({
              code: "CONFLICT",
              userMessage: `This invitation changed meanwhile: it is now for ${ROLE_PHRASES[current.role]}. Refresh and try again.`,
            }),
          ),
        );
      }
      if (!input.userId.includes("@")) entry.invitee = await emailOf(token, current.userId);

      // Classroom has no update: delete, then create with the new role (docs/classroom-api.md §2.2).
      const { alreadyGone } = await revokeInvitation(token, current.id);
      if (alreadyGone) return await failWith(entry, appFailure(new AppError({ code: "INVITATION_NOT_FOUND" })));

      try {
        const { invitation } = await createInvitation(token, {
          courseId: current.courseId,
          userId: current.userId,
          role: input.toRole,
        });
        await succeed({ ...entry, invitationId: invitation.id });
        await meta({
          invitationId: invitation.id,
          courseId: invitation.courseId,
          invitee: entry.invitee,
          role: invitation.role,
          inviterEmail: user.email,
        });
        return { ok: true, data: { invitation: dto(invitation), restored: false } };
      } catch (e) {
        const cause = asAppError(e);
        let restored: Invitation | undefined;
        try {
          restored = (
            await createInvitation(token, { courseId: current.courseId, userId: current.userId, role: current.role })
          ).invitation;
          await meta({
            invitationId: restored.id,
            courseId: restored.courseId,
            invitee: entry.invitee,
            role: restored.role,
            inviterEmail: user.email,
          });
        } catch {
          restored = undefined;
        }
        const message = restored
          ? `${cause.userMessage} The role was not changed: the original invitation as ${ROLE_PHRASES[current.role]} was restored.`
          : `${cause.userMessage} The original invitation as ${ROLE_PHRASES[current.role]} was removed and could not be restored: send it again.`;
        await recordActivityBestEffort({
          ...entry,
          outcome: "error",
          errorCode: cause.code,
          invitationId: restored?.id ?? current.id,
        });
        return {
          ok: false,
          error: {
            code: cause.code,
            message,
            restored: Boolean(restored),
            ...(restored ? { invitation: dto(restored) } : {}),
          },
        };
      }
    } catch (e) {
      const error = asAppError(e);
      await recordActivityBestEffort({ ...entry, outcome: "error", errorCode: error.code });
      return { ok: false, error: { code: error.code, message: error.userMessage } };
    }
  }),
);

/**
 * Change an invitation's role: delete and re-create, as one operation for the user. If the
 * re-create fails, the original is re-created and the error says so (`restored`).
 */
export async function changeRoleAction(input: ChangeRoleInput): Promise<ChangeRoleResult> {
  const res = await change(input);
  return res.ok ? res.data : res;
}

// ---------------------------------------------------------------------------
// Bulk invite

const preview = authedAction(
  { schema: previewBulkInviteSchema },
  async (input, { user, token }): Promise<PreviewBulkInviteResult> => {
    if (user.role === "student") return forbidden(STUDENTS_CANT);
    const rows = await previewBulkInvite(token, user, input.rows);
    return { ok: true, data: { rows, counts: countStatuses(rows) } };
  },
);

/** The dry run: says what would happen to each row. Reads only; sends nothing. */
export async function previewBulkInviteAction(input: PreviewBulkInviteInput): Promise<PreviewBulkInviteResult> {
  const res = await preview(input);
  return res.ok ? res.data : res;
}

const send = authedAction(
  { schema: sendBulkInvitesSchema },
  ownWrite(async (input, { user, token }) => {
    const batchId = input.batchId;
    const results: (BulkSendRowResult | undefined)[] = new Array(input.rows.length).fill(undefined);
    const entries: (ActivityEntry | undefined)[] = new Array(input.rows.length).fill(undefined);
    const entryFor = (row: (typeof input.rows)[number], course?: Course): ActivityEntry => ({
      ...logEntry(user, "bulk.invite", { courseId: row.courseId, invitee: row.email, role: row.role }),
      courseName: labelOf(course),
      batchId,
    });

    // Which classes may this caller invite to? Teachers: one courses.list; admins: courses.get per class.
    const courseIds = [...new Set(input.rows.map((r) => r.courseId))];
    const allowed = new Map<string, { course: Course; canInviteOwner: boolean } | null>();
    if (user.role === "teacher") {
      const [courses, myId] = await Promise.all([listManagedCourses(token, user), getMyUserId(token)]);
      for (const id of courseIds) {
        const c = courses.find((x) => x.id === id);
        allowed.set(id, c ? { course: c, canInviteOwner: myId !== "" && c.ownerId === myId } : null);
      }
    } else if (user.role === "admin") {
      await mapLimit(courseIds, 4, async (id) => {
        const a = await getCourseAccess(token, user.role, id).catch(() => null);
        allowed.set(id, a?.allowed ? { course: a.course, canInviteOwner: true } : null);
      });
    }

    const toSend: { index: number; row: SendRow; course: Course }[] = [];
    input.rows.forEach((row, index) => {
      const a = allowed.get(row.courseId) ?? null;
      const refusal = !a
        ? user.role === "student"
          ? STUDENTS_CANT
          : NOT_YOURS
        : row.role === "OWNER" && !a.canInviteOwner
          ? OWNER_ONLY
          : null;
      if (refusal || !a) {
        results[index] = { ...row, ok: false, error: { code: "FORBIDDEN", message: refusal ?? NOT_YOURS } };
        entries[index] = { ...entryFor(row, a?.course), outcome: "error", errorCode: "FORBIDDEN" };
        return;
      }
      // Send by canonical id, so an alias and an id of the same class log alike.
      toSend.push({ index, row: { ...row, courseId: a.course.id }, course: a.course });
    });

    const outcomes = await sendInvitations(
      token,
      toSend.map((t) => t.row),
    );
    const metas: Parameters<typeof recordInvitationMeta>[0] = [];
    outcomes.forEach((outcome, k) => {
      const { index, row, course } = toSend[k]!;
      const entry = entryFor(row, course);
      if (outcome.ok) {
        results[index] = {
          ...input.rows[index]!,
          ok: true,
          invitationId: outcome.invitation.id,
          ...(outcome.alreadyInvited ? { alreadyInvited: true } : {}),
        };
        entries[index] = { ...entry, outcome: "ok", invitationId: outcome.invitation.id };
        metas.push({
          invitationId: outcome.invitation.id,
          courseId: outcome.invitation.courseId,
          invitee: row.email,
          role: outcome.invitation.role,
          inviterEmail: user.email,
        });
        return;
      }
      const error =
        outcome.error.code === "ALREADY_EXISTS" && outcome.existing
          ? {
              code: "ALREADY_EXISTS",
              message: `Already invited as ${ROLE_PHRASES[outcome.existing.role]}. Change that invitation's role instead, or revoke it first.`,
            }
          : rowError(outcome.error);
      results[index] = {
        ...input.rows[index]!,
        ok: false,
        error,
        ...(outcome.error.retryable ? { retryable: true } : {}),
      };
      entries[index] = {
        ...entry,
        outcome: "error",
        errorCode: outcome.error.code,
        invitationId: outcome.existing?.id ?? null,
      };
    });

    await recordActivityBestEffort(entries.filter((e): e is ActivityEntry => e !== undefined));
    await meta(metas);
    return { results: results.map((r) => r!) };
  }),
);

/**
 * Send one chunk (≤ 50 rows, one /batch request) of a bulk run. The client calls this chunk
 * after chunk, so it can show progress and stop between chunks; "Retry failed rows" sends the
 * failed rows again with the same batchId. Each row is authorised and logged on its own.
 */
export async function sendBulkInvitesAction(input: SendBulkInvitesInput): Promise<SendBulkInvitesResult> {
  return send(input);
}

// ---------------------------------------------------------------------------
// Helpers (not exported: a "use server" module exports only actions)

/** A write: afterwards the caller's cached lists are dropped, so their next read shows it. */
function ownWrite<I, T>(
  handler: (input: I, ctx: ActionContext) => Promise<T>,
): (input: I, ctx: ActionContext) => Promise<T> {
  return (input, ctx) => afterOwnWrite(ctx.user.id, () => handler(input, ctx));
}

function logEntry(
  user: CurrentUser,
  action: ActivityAction,
  what: { courseId?: string; invitee?: string; role?: string },
): ActivityEntry {
  return {
    actor: { id: user.id, email: user.email },
    action,
    courseId: what.courseId ?? null,
    invitee: what.invitee ?? null,
    role: what.role ?? null,
    outcome: "ok",
  };
}

function refuse(user: CurrentUser, access: Extract<CourseAccess, { allowed: false }>): Refusal {
  if (user.role === "student" || access.reason === "STUDENT") return forbidden(STUDENTS_CANT);
  // An admin sees every class of the domain, so a missing one really is missing.
  if (user.role === "admin" && access.reason === "NOT_FOUND")
    return appFailure(new AppError({ code: "COURSE_NOT_FOUND" }));
  return forbidden(NOT_YOURS);
}

function forbidden(message: string): Refusal {
  return { ok: false, error: { code: "FORBIDDEN", message } };
}

function appFailure(error: AppError): Refusal {
  return { ok: false, error: { code: error.code, message: error.userMessage } };
}

async function failWith(entry: ActivityEntry, refusal: Refusal): Promise<Refusal> {
  await recordActivityBestEffort({ ...entry, outcome: "error", errorCode: refusal.error.code });
  return refusal;
}

async function succeed(entry: ActivityEntry): Promise<void> {
  await recordActivityBestEffort({ ...entry, outcome: "ok", errorCode: null });
}

async function meta(input: Parameters<typeof recordInvitationMeta>[0]): Promise<void> {
  try {
    await recordInvitationMeta(input);
  } catch (e) {
    console.error("[invitation-meta] could not record:", e instanceof Error ? e.message : e);
  }
}

function asAppError(e: unknown): AppError {
  return isAppError(e) ? e : toAppError(e);
}

function rowError(error: AppError): RowError {
  return { code: error.code as AppErrorCode, message: error.userMessage };
}

function dto(inv: Invitation): InvitationDto {
  return { id: inv.id, courseId: inv.courseId, userId: inv.userId, role: inv.role };
}

function labelOf(course: Course | undefined): string | null {
  return course ? courseLabel(course) : null;
}

async function emailOf(token: AccessToken, userId: string): Promise<string> {
  try {
    const profiles = await getProfiles(token, [userId]);
    return profiles.get(userId)?.email?.toLowerCase() ?? userId;
  } catch {
    return userId;
  }
}

/** The log names invitees by email; Classroom gives numeric ids, so resolve them (best effort, /batch). */
async function nameInvitees(token: AccessToken, entries: ActivityEntry[]): Promise<void> {
  const ids = [...new Set(entries.map((e) => e.invitee).filter((v): v is string => !!v && /^\d+$/.test(v)))];
  if (ids.length === 0) return;
  try {
    const profiles = await getProfiles(token, ids);
    for (const e of entries) {
      const email = e.invitee ? profiles.get(e.invitee)?.email : undefined;
      if (email) e.invitee = email.toLowerCase();
    }
  } catch {
    // keep the numeric ids
  }
}
