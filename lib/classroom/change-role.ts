import "server-only";
// Classroom has no update for invitations: a change of role is a delete, then a create with the
// new role, made to look like one operation. Both steps use the one revoke and create paths.
import type { AccessToken } from "@/lib/google/client";
import { AppError, toAppError } from "@/lib/google/errors";
import { ACCEPTED_MEANWHILE, roleChangedMeanwhileText, roleNotChangedText } from "@/lib/invitation-messages";
import { mapLimit } from "@/lib/map-limit";

import { AccessDeniedError, requireWriteAccess, type CallerRole } from "./access";
import { createInvitations, type CreateOutcome } from "./create-invitations";
import type { Course } from "./courses";
import { getInvitation, listInvitations, type Invitation, type InvitationRole } from "./invitations";
import { revokeInvitation } from "./revoke-invitations";
import { getMembership } from "./rosters";
import { callOptionsOf, type WriteOptions } from "./write-options";

export interface ChangeRoleRequest {
  invitationId: string;
  /** The class the caller was shown the invitation in; it must still be that class. */
  courseId: string;
  /** The invitee as shown: a numeric id is checked against the invitation, an email is not. */
  userId: string;
  fromRole: InvitationRole;
  toRole: InvitationRole;
}

/** A changed role, with what the server read: the invitation before, and its class. */
export interface RoleChanged {
  invitation: Invitation;
  previous: Invitation;
  course: Course;
}

/**
 * The re-create failed, so the role did not change. `restored` is the original invitation,
 * sent again, or undefined when even that failed and the invitation is gone.
 */
export class RoleNotChangedError extends AppError {
  constructor(
    cause: AppError,
    readonly previous: Invitation,
    readonly course: Course,
    readonly restored: Invitation | undefined,
  ) {
    super({
      code: cause.code,
      httpStatus: cause.httpStatus,
      reason: cause.reason,
      status: cause.status,
      correlationId: cause.correlationId,
      userMessage: roleNotChangedText(cause.userMessage, previous.role, restored !== undefined),
    });
  }

  /** What the browser may learn besides the message: whether, and as what, it was put back. */
  publicDetails() {
    const r = this.restored;
    return {
      restored: r !== undefined,
      ...(r ? { invitation: { id: r.id, courseId: r.courseId, userId: r.userId, role: r.role } } : {}),
    };
  }
}

/**
 * Change an invitation's role on behalf of a dashboard user. Refusals are thrown before any
 * write: the class (lib/classroom/access, with the owner rule for either role), an invitation
 * that is not in that class, not for that person, or no longer in `fromRole`, and a change to
 * OWNER that Classroom would refuse (ownerChangeRefusal).
 *
 * A delete answered NOT_FOUND is reconciled, not taken as "someone removed it": when the first
 * DELETE's answer is lost, its retry gets 404 although our own delete landed. So the invitee's
 * membership decides: in the class means they accepted meanwhile (nothing to change); otherwise
 * the invitation is gone and the create with the new role goes ahead, ending with exactly one
 * invitation, in the new role.
 */
export async function changeInvitationRole(
  token: AccessToken,
  role: CallerRole,
  req: ChangeRoleRequest,
  opts: WriteOptions = {},
): Promise<RoleChanged> {
  const { course } = await authorizeRoleChange(token, role, req);
  const current = await getInvitation(token, req.invitationId, { signal: opts.signal, retry: opts.retry });
  if (current.courseId !== course.id) throw new AccessDeniedError();
  if (/^\d+$/.test(req.userId) && current.userId !== req.userId) throw new AppError({ code: "CONFLICT" });
  if (current.role !== req.fromRole)
    throw new AppError({ code: "CONFLICT", userMessage: roleChangedMeanwhileText(current.role) });
  if (req.toRole === "OWNER") {
    const refusal = await ownerChangeRefusal(token, course.id, current, opts);
    if (refusal) throw refusal;
  }

  const { alreadyGone } = await revokeInvitation(token, current.id, opts);
  if (alreadyGone) {
    // Unreadable membership: go ahead; a create for someone already in the class is refused anyway.
    const membership = await getMembership(token, course.id, current.userId, { signal: opts.signal }).catch(() => null);
    if (membership) throw new AppError({ code: "INVITATION_NOT_FOUND", userMessage: ACCEPTED_MEANWHILE });
  }

  const recreate = async (as: InvitationRole) => {
    const [outcome] = await createInvitations(token, [{ courseId: course.id, userId: current.userId, role: as }], opts);
    return outcome ?? { ok: false as const, error: new AppError({ code: "UNKNOWN" }) };
  };
  const created = await recreate(req.toRole);
  if (created.ok) return { invitation: created.invitation, previous: current, course };

  const restored = await recreate(current.role).catch(() => undefined);
  throw new RoleNotChangedError(created.error, current, course, restored?.ok ? restored.invitation : undefined);
}

/** What a change of role needs of its class: ours to write to, and the owner rule for either role. */
type RoleChangeScope = Pick<ChangeRoleRequest, "courseId" | "fromRole" | "toRole">;

/** The one access decision of a change of role, wherever it runs; a refusal is thrown. */
function authorizeRoleChange(token: AccessToken, role: CallerRole, req: RoleChangeScope) {
  return requireWriteAccess(token, role, req.courseId, [req.fromRole, req.toRole]);
}

/** A change of role whose original invitation is gone: the person, and the class and roles. */
export type RoleCreateRequest = RoleChangeScope & Pick<ChangeRoleRequest, "userId">;

export type RoleCreateOutcome =
  Extract<CreateOutcome, { ok: true }> | { ok: false; error: AppError | AccessDeniedError; existing?: Invitation };

/** Classes checked at once (each check is one or two calls). */
const AUTHORIZE_CONCURRENCY = 4;

/**
 * The create that finishes a change of role whose original is gone (its delete landed, and the
 * answer or the create after it was lost; the caller has listed the class and found neither
 * invitation). Each row first passes the same access decision as `changeInvitationRole`, so
 * a caller who lost the class since, or may not touch an owner invitation, is refused and
 * nothing is sent; a class that can't be read leaves the row's retryable error. Outcomes in
 * the order of `reqs`.
 */
export async function createInNewRole(
  token: AccessToken,
  role: CallerRole,
  reqs: readonly RoleCreateRequest[],
  opts: WriteOptions = {},
): Promise<RoleCreateOutcome[]> {
  const checked = await mapLimit(reqs, AUTHORIZE_CONCURRENCY, (req) =>
    authorizeRoleChange(token, role, req).then(
      ({ course }) => ({ ok: true as const, courseId: course.id }),
      (e: unknown) => ({ ok: false as const, error: e instanceof AccessDeniedError ? e : toAppError(e) }),
    ),
  );
  const allowed = reqs.flatMap((req, index) => {
    const c = checked[index]!;
    return c.ok ? [{ index, row: { courseId: c.courseId, userId: req.userId, role: req.toRole } }] : [];
  });
  const created = await createInvitations(
    token,
    allowed.map((a) => a.row),
    opts,
  );
  const outcomes: (RoleCreateOutcome | undefined)[] = checked.map((c) => (c.ok ? undefined : c));
  allowed.forEach(({ index }, k) => (outcomes[index] = created[k]!));
  return outcomes.map((o) => o!);
}

/**
 * Classroom makes only a co-teacher of the class its owner (@IneligibleOwner) and holds one
 * ownership transfer at a time (@PendingInvitationExists). Both are read before the delete:
 * found only by the re-create, they would cost the invitation its id and send it again.
 */
async function ownerChangeRefusal(
  token: AccessToken,
  courseId: string,
  current: Invitation,
  opts: WriteOptions,
): Promise<AppError | null> {
  const read = callOptionsOf(opts);
  const [membership, pending] = await Promise.all([
    getMembership(token, courseId, current.userId, read),
    listInvitations(token, { courseId }, read),
  ]);
  if (membership !== "TEACHER") return new AppError({ code: "INELIGIBLE_OWNER" });
  if (pending.some((i) => i.role === "OWNER" && i.id !== current.id))
    return new AppError({ code: "PENDING_INVITATION_EXISTS" });
  return null;
}
