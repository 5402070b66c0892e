import "server-only";
import { isInvitationRole, roleCovers, type InvitationRole } from "@/lib/concepts";
import { executeBatch, type BatchOptions, type BatchRequest } from "@/lib/google/batch";
import { callOnce, callWithRetry, type CallOptions } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { rereadUntilFound } from "@/lib/google/consistency";
import { AppError, APP_ERRORS, isAppError, toAppError, type AppErrorCode } from "@/lib/google/errors";
import { listAll } from "@/lib/google/paging";

import { compact } from "./courses";
import { getMembership, type MemberRole } from "./rosters";

export { INVITATION_ROLES, isInvitationRole, type InvitationRole } from "@/lib/concepts";

export interface Invitation {
  id: string;
  courseId: string;
  /** Numeric id as Classroom returns it (an email or "me" is resolved by the server). */
  userId: string;
  role: InvitationRole;
}

/** The fields of Classroom's `Invitation` (docs/classroom-api.md §2.1). */
export interface ApiInvitation {
  id?: string | null;
  courseId?: string | null;
  userId?: string | null;
  role?: string | null;
}

/** Null for a malformed record (no id, or COURSE_ROLE_UNSPECIFIED), so one bad row can't sink a list. */
export function toInvitation(raw: ApiInvitation): Invitation | null {
  if (!raw.id || !raw.courseId || !raw.userId || !isInvitationRole(raw.role)) return null;
  return { id: raw.id, courseId: raw.courseId, userId: raw.userId, role: raw.role };
}

// ---------------------------------------------------------------------------
// Reads

export interface InvitationFilter {
  courseId?: string;
  /** "me", an email or a numeric id. */
  userId?: string;
}

/** Every page of invitations.list. At least one filter is required by the API (docs/classroom-api.md §2.2). */
export async function listInvitations(
  token: AccessToken,
  filter: InvitationFilter,
  opts: CallOptions = {},
): Promise<Invitation[]> {
  if (!filter.courseId && !filter.userId) {
    throw new AppError({
      code: "INVALID_ARGUMENT",
      userMessage: "Choose a class or a person to list invitations for.",
    });
  }
  const client = classroomFor(token);
  const items = await listAll(
    (pageToken) =>
      callWithRetry(async () => {
        const res = await client.invitations.list(
          { courseId: filter.courseId, userId: filter.userId, pageToken },
          { signal: opts.signal },
        );
        return { items: res.data.invitations, nextPageToken: res.data.nextPageToken };
      }, opts),
    { signal: opts.signal },
  );
  return compact(items.map(toInvitation));
}

export async function getInvitation(token: AccessToken, id: string, opts: CallOptions = {}): Promise<Invitation> {
  const client = classroomFor(token);
  try {
    const res = await callWithRetry(() => client.invitations.get({ id }, { signal: opts.signal }), opts);
    const invitation = toInvitation(res.data);
    if (!invitation) throw new Error("invitations.get returned a malformed invitation");
    return invitation;
  } catch (e) {
    throw invitationNotFound(toAppError(e, opts));
  }
}

export type InvitationLookup = { ok: true; invitation: Invitation } | { ok: false; error: AppError };

/**
 * invitations.get for many ids through /batch, in the order of `ids`. A missing invitation is
 * INVITATION_NOT_FOUND; Classroom answers PERMISSION_DENIED for one in a class the caller
 * doesn't teach.
 */
export async function getInvitations(
  token: AccessToken,
  ids: readonly string[],
  opts: BatchOptions = {},
): Promise<InvitationLookup[]> {
  const answers = await executeBatch<ApiInvitation>(
    token,
    ids.map((id) => ({ method: "GET" as const, path: `/v1/invitations/${encodeURIComponent(id)}` })),
    opts,
  );
  return answers.map((answer): InvitationLookup => {
    if (!answer.ok) return { ok: false, error: invitationNotFound(answer.error) };
    const invitation = toInvitation(answer.data);
    return invitation ? { ok: true, invitation } : { ok: false, error: new AppError({ code: "UNKNOWN" }) };
  });
}

export interface CourseInvitations {
  courseId: string;
  invitations: Invitation[];
  /** Set when this course's list failed; the others still load. */
  error?: AppError;
}

/**
 * The domain-wide fan-out: invitations.list for many courses through /batch, one part
 * per course per page, following each course's nextPageToken in later rounds. Results keep the
 * order of `courseIds`; a failing course carries its own error instead of failing the rest.
 */
export async function listInvitationsForCourses(
  token: AccessToken,
  courseIds: readonly string[],
  opts: BatchOptions & { onCourse?: (result: CourseInvitations) => void } = {},
): Promise<CourseInvitations[]> {
  const results: CourseInvitations[] = courseIds.map((courseId) => ({ courseId, invitations: [] }));
  let pending = results.map((r) => ({ result: r, pageToken: undefined as string | undefined }));
  while (pending.length > 0) {
    const requests: BatchRequest[] = pending.map(({ result, pageToken }) => ({
      method: "GET",
      path: "/v1/invitations",
      query: { courseId: result.courseId, pageToken },
    }));
    const responses = await executeBatch<{ invitations?: ApiInvitation[]; nextPageToken?: string }>(
      token,
      requests,
      opts,
    );
    const next: typeof pending = [];
    responses.forEach((response, i) => {
      const entry = pending[i]!;
      if (!response.ok) {
        entry.result.error = response.error;
        opts.onCourse?.(entry.result);
        return;
      }
      entry.result.invitations.push(...compact((response.data.invitations ?? []).map(toInvitation)));
      if (response.data.nextPageToken) next.push({ result: entry.result, pageToken: response.data.nextPageToken });
      else opts.onCourse?.(entry.result);
    });
    pending = next;
  }
  return results;
}

/** Errors after which a POST may or may not have been applied. 429 is a refusal, so it isn't one. */
export function isOutcomeUnknown(error: AppError): boolean {
  const codes: AppErrorCode[] = ["NETWORK", "TIMEOUT", "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED"];
  return codes.includes(error.code);
}

/** The same failure under a more precise code (and, optionally, text lib/classroom has verified). */
export function rewrap(error: AppError, code: AppErrorCode, userMessage?: string): AppError {
  return new AppError({
    code,
    httpStatus: error.httpStatus ?? APP_ERRORS[code].httpStatus,
    status: error.status,
    reason: error.reason,
    correlationId: error.correlationId,
    userMessage,
  });
}

function invitationNotFound(error: AppError): AppError {
  return error.code === "NOT_FOUND" ? rewrap(error, "INVITATION_NOT_FOUND") : error;
}

// ---------------------------------------------------------------------------
// Accept

export interface AcceptInvitationInput {
  id: string;
  courseId: string;
  role: InvitationRole;
}

/** Whether a membership satisfies an invitation: a teacher offered a student seat is already in. */
export function membershipSatisfies(membership: MemberRole | null, role: InvitationRole): boolean {
  return membership !== null && roleCovers(membership, role);
}

/**
 * invitations.accept, idempotent from the user's side. The POST is sent once. If
 * the answer is lost (network, timeout, 5xx) or is NOT_FOUND (accepting removes the invitation,
 * so a second click or tab gets 404, docs/classroom-api.md §2.2), we check the caller's own membership —
 * students.get / teachers.get with "me", and the course's ownerId for OWNER — and report
 * success with `alreadyMember: true` when they are in. Otherwise the original error stands.
 */
export async function acceptInvitation(
  token: AccessToken,
  input: AcceptInvitationInput,
  opts: CallOptions = {},
): Promise<{ alreadyMember: boolean }> {
  const client = classroomFor(token);
  let error: AppError;
  try {
    await callOnce(() => client.invitations.accept({ id: input.id }, { signal: opts.signal }), opts);
    return { alreadyMember: false };
  } catch (e) {
    error = isAppError(e) ? e : toAppError(e, opts);
  }
  if (isOutcomeUnknown(error) || error.code === "NOT_FOUND") {
    // A roster read may lag the accept that changed it: read again within a bound.
    const joined = await rereadUntilFound(
      async () => {
        const membership = await getMembership(token, input.courseId, "me", opts);
        return membershipSatisfies(membership, input.role) ? true : undefined;
      },
      { ...opts.reread, signal: opts.signal },
    ).catch(() => undefined);
    if (joined) return { alreadyMember: true };
  }
  throw invitationNotFound(error);
}
