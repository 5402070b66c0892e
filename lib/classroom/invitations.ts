import "server-only";
import { executeBatch, type BatchOptions, type BatchRequest } from "@/lib/google/batch";
import { callOnce, callWithRetry, type CallOptions } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { rereadUntilFound } from "@/lib/google/consistency";
import {
  AppError,
  APP_ERRORS,
  isAppError,
  isDailyInvitationLimit,
  toAppError,
  type AppErrorCode,
} from "@/lib/google/errors";
import { listAll } from "@/lib/google/paging";
import { compact } from "./courses";
import { getMembership, nullIfNotFound, type MemberRole } from "./rosters";

export const INVITATION_ROLES = ["STUDENT", "TEACHER", "OWNER"] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

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

export function isInvitationRole(value: unknown): value is InvitationRole {
  return typeof value === "string" && (INVITATION_ROLES as readonly string[]).includes(value);
}

/** Null for a malformed record (no id, or COURSE_ROLE_UNSPECIFIED), so one bad row can't sink a list. */
export function toInvitation(raw: ApiInvitation): Invitation | null {
  if (!raw.id || !raw.courseId || !raw.userId || !isInvitationRole(raw.role)) return null;
  return { id: raw.id, courseId: raw.courseId, userId: raw.userId, role: raw.role };
}

const ROLE_PHRASE: Record<InvitationRole, string> = {
  STUDENT: "a student",
  TEACHER: "a co-teacher",
  OWNER: "the owner",
};

/** ALREADY_EXISTS, carrying the invitation that blocks the create when we could look it up. */
export class InvitationExistsError extends AppError {
  readonly existing?: Invitation;
  constructor(existing: Invitation | undefined, from?: AppError) {
    super({
      code: "ALREADY_EXISTS",
      httpStatus: from?.httpStatus ?? 409,
      status: from?.status,
      correlationId: from?.correlationId,
      userMessage: existing
        ? `This person already has a pending invitation to this class as ${ROLE_PHRASE[existing.role]}. Open it to change the role, or revoke it first.`
        : undefined,
    });
    this.existing = existing;
  }
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

export interface CourseInvitations {
  courseId: string;
  invitations: Invitation[];
  /** Set when this course's list failed; the others still load. */
  error?: AppError;
}

/**
 * The domain-wide fan-out (issue 5): invitations.list for many courses through /batch, one part
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

// ---------------------------------------------------------------------------
// Create

export interface CreateInvitationInput {
  courseId: string;
  /** An email or a numeric id. */
  userId: string;
  role: InvitationRole;
}

export interface CreateInvitationResult {
  invitation: Invitation;
  /**
   * True when the create's response was lost (network, timeout or 5xx) and the invitation was
   * found by listing afterwards: the create did land, exactly once.
   */
  reconciled: boolean;
}

/**
 * invitations.create, sent once and never blindly re-posted (reliability-security-bar §1.2:
 * a repeat of a create that landed answers ALREADY_EXISTS).
 *
 * - Lost response (network error, timeout, 5xx): list invitations for (courseId, userId). Only
 *   one invitation per user and course can exist (docs/classroom-api.md §2.2), so a match with the same role is
 *   ours; return it. A different role means another invitation blocked ours. Nothing found means
 *   ours did not land, and the original (retryable) error is thrown so the user may send again.
 * - ALREADY_EXISTS: the blocking invitation is looked up and attached (issue 3: "already invited
 *   as X", with a link).
 * - NOT_FOUND: the course is looked up to say whether the class or the person is unknown.
 * - The daily invitation cap: the mapper reads Google's reason (lib/google/errors.ts
 *   `isDailyInvitationLimit`).
 * - Plain FAILED_PRECONDITION (no @Reason): Classroom documents two causes for create (notes
 *   §2.3): the account is disabled, or the user already has this role or a greater one. Every
 *   other precondition carries an @Reason. So we check the roster: in the class → ALREADY_MEMBER,
 *   not in it → ACCOUNT_DISABLED. If the roster can't be read, the generic FAILED_PRECONDITION
 *   stays, whose text names both causes.
 */
export async function createInvitation(
  token: AccessToken,
  input: CreateInvitationInput,
  opts: CallOptions = {},
): Promise<CreateInvitationResult> {
  const client = classroomFor(token);
  let error: AppError;
  try {
    const res = await callOnce(
      () =>
        client.invitations.create(
          { requestBody: { courseId: input.courseId, userId: input.userId, role: input.role } },
          { signal: opts.signal },
        ),
      opts,
    );
    const invitation = toInvitation(res.data);
    if (!invitation) throw new Error("invitations.create returned a malformed invitation");
    return { invitation, reconciled: false };
  } catch (e) {
    error = isAppError(e) ? e : toAppError(e, opts);
  }

  if (isOutcomeUnknown(error)) {
    const existing = await findInvitation(token, input.courseId, input.userId, opts).catch(() => undefined);
    if (existing && existing.role === input.role) return { invitation: existing, reconciled: true };
    if (existing) throw new InvitationExistsError(existing);
    throw error;
  }
  if (error.code === "ALREADY_EXISTS") {
    const existing = await findInvitation(token, input.courseId, input.userId, opts).catch(() => undefined);
    throw new InvitationExistsError(existing, error);
  }
  if (error.code === "NOT_FOUND") {
    throw await whichNotFound(token, input.courseId, error, opts);
  }
  if (error.code === "FAILED_PRECONDITION" && !error.reason) {
    throw await explainPrecondition(token, input, error, opts);
  }
  if (isDailyInvitationLimit(error)) throw rewrap(error, "INVITATION_QUOTA_REACHED");
  throw error;
}

export { isDailyInvitationLimit };

/** Errors after which a POST may or may not have been applied. 429 is a refusal, so it isn't one. */
export function isOutcomeUnknown(error: AppError): boolean {
  const codes: AppErrorCode[] = ["NETWORK", "TIMEOUT", "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED"];
  return codes.includes(error.code);
}

/** Reads again within a bound while nothing shows: Classroom's lists lag its writes. */
async function findInvitation(
  token: AccessToken,
  courseId: string,
  userId: string,
  opts: CallOptions,
): Promise<Invitation | undefined> {
  return rereadUntilFound(
    async () => {
      const found = await listInvitations(token, { courseId, userId }, opts);
      return found.find((inv) => inv.courseId === courseId) ?? found[0];
    },
    { ...opts.reread, signal: opts.signal },
  );
}

async function whichNotFound(
  token: AccessToken,
  courseId: string,
  error: AppError,
  opts: CallOptions,
): Promise<AppError> {
  try {
    const client = classroomFor(token);
    const course = await nullIfNotFound(() =>
      callWithRetry(() => client.courses.get({ id: courseId }, { signal: opts.signal }), opts),
    );
    return rewrap(error, course ? "USER_NOT_FOUND" : "COURSE_NOT_FOUND");
  } catch {
    return error;
  }
}

async function explainPrecondition(
  token: AccessToken,
  input: CreateInvitationInput,
  error: AppError,
  opts: CallOptions,
): Promise<AppError> {
  let membership: MemberRole | null;
  try {
    membership = await getMembership(token, input.courseId, input.userId, opts);
  } catch {
    return error;
  }
  if (!membership) return rewrap(error, "ACCOUNT_DISABLED");
  const as = membership === "OWNER" ? "the owner" : membership === "TEACHER" ? "a teacher" : "a student";
  return rewrap(error, "ALREADY_MEMBER", `This person is already ${as} in this class, so there's nothing to send.`);
}

function rewrap(error: AppError, code: AppErrorCode, userMessage?: string): AppError {
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
// Revoke

/**
 * invitations.delete. DELETE is safe to repeat, so it is retried; NOT_FOUND means the invitation
 * is already gone (revoked, accepted, or our own earlier attempt landed), which is what the
 * caller wanted.
 */
export async function revokeInvitation(
  token: AccessToken,
  id: string,
  opts: CallOptions = {},
): Promise<{ alreadyGone: boolean }> {
  const client = classroomFor(token);
  try {
    await callWithRetry(() => client.invitations.delete({ id }, { signal: opts.signal }), opts);
    return { alreadyGone: false };
  } catch (e) {
    const error = isAppError(e) ? e : toAppError(e, opts);
    if (error.code === "NOT_FOUND") return { alreadyGone: true };
    throw error;
  }
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
  if (!membership) return false;
  const rank: Record<MemberRole, number> = { STUDENT: 1, TEACHER: 2, OWNER: 3 };
  return rank[membership] >= rank[role];
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
