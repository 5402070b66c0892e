/** invitations.create / get / list / delete / accept (docs/classroom-api.md §2). */
import {
  alreadyExists,
  dailyInvitationCap,
  badRequest,
  failedPrecondition,
  notFound,
  permissionDenied,
} from "../errors";
import { ROLES, type Course, type Invitation, type Role, type User } from "../state";
import {
  bodyObject,
  canManage,
  checkCanJoin,
  checkJoinPolicy,
  isModifiable,
  courseOr404,
  isAdminFor,
  optionalString,
  param,
  type Ctx,
} from "./context";
import { listBody, paginate } from "./paging";
import { toInvitation } from "./resources";

function parseRole(value: unknown): Role {
  if (value === undefined || value === null || value === "" || value === "COURSE_ROLE_UNSPECIFIED") {
    // docs/classroom-api.md §2.3: undocumented; INVALID_ARGUMENT is the likely code (A).
    throw badRequest("Invitation.role must be one of STUDENT, TEACHER or OWNER.");
  }
  if (typeof value !== "string" || !(ROLES as readonly string[]).includes(value)) {
    throw badRequest(
      `Invalid value at 'invitation.role' (type.googleapis.com/google.classroom.v1.CourseRole), ${JSON.stringify(value)}`,
    );
  }
  return value as Role;
}

/** Who may see or delete an invitation: the invitee, the course's teachers and its domain admins (A, docs/classroom-api.md §3). */
function canSee(ctx: Ctx, inv: Invitation, course: Course | undefined): boolean {
  if (inv.userId === ctx.me.id) return true;
  return course !== undefined && canManage(ctx.store, ctx.me, course);
}

function invitationOr404(ctx: Ctx): Invitation {
  const inv = ctx.store.invitations.get(param(ctx, 0));
  if (!inv) throw notFound(`The invitation id (${param(ctx, 0)}) does not exist.`);
  return inv;
}

/**
 * Checks in the order a client is most likely to find useful: malformed input (400),
 * unknown course (404), caller not allowed (403), unknown/disabled invitee (404/400),
 * role preconditions (400), duplicates (409), then the daily sending limit (429).
 */
export function createInvitation(ctx: Ctx): unknown {
  const body = bodyObject(ctx, "invitation");
  const role = parseRole(body.role);
  const courseRef = optionalString(body, "courseId", "invitation");
  const userRef = optionalString(body, "userId", "invitation");
  if (!courseRef) throw badRequest("Invitation.courseId is required.");
  if (!userRef) throw badRequest("Invitation.userId is required.");
  const { store, me, config } = ctx;

  const course = courseOr404(store, courseRef);
  if (!canManage(store, me, course)) {
    throw permissionDenied("The caller does not have permission to create invitations for this course.");
  }
  // Only the owner (or an admin) may start an ownership transfer (docs/classroom-api.md §3, an inference).
  if (role === "OWNER" && course.ownerId !== me.id && !isAdminFor(store, me, course)) {
    throw permissionDenied("Only the course owner or a domain administrator can invite a new owner.");
  }
  // (A) A class nobody can join takes no invitations: ARCHIVED ("you cannot modify it"),
  // DECLINED and SUSPENDED refuse as accept does; PROVISIONED takes them (its teacher is
  // typically invited before the class goes ACTIVE).
  if (!isModifiable(course)) {
    throw failedPrecondition(
      `The course is in the ${course.courseState} state and cannot be modified.`,
      "CourseNotModifiable",
    );
  }
  const invitee = store.resolveUser(userRef, me);
  if (!invitee) throw notFound("The course or user does not exist.");
  if (config.untrustedDomains.includes(invitee.domain)) {
    throw permissionDenied(
      "The user being invited is not within the same domain as, or a trusted domain of, the caller.",
      "CannotInviteUserInUntrustedDomain",
    );
  }
  checkJoinPolicy(store, config, course, invitee);
  if (invitee.disabled) throw failedPrecondition("The requested user's account is disabled.");

  const isOwner = course.ownerId === invitee.id;
  const isTeacher = course.teacherIds.has(invitee.id);
  const isStudent = course.studentIds.has(invitee.id);
  const hasRoleOrGreater = role === "STUDENT" ? isStudent || isTeacher : role === "TEACHER" ? isTeacher : isOwner;
  if (hasRoleOrGreater) throw failedPrecondition("The user already has this role or a role with greater permissions.");
  if (role === "OWNER" && !isTeacher) {
    throw failedPrecondition(
      "The user cannot be added as the owner of the course because the user is not a co-teacher.",
      "IneligibleOwner",
    );
  }
  if (store.invitationFor(invitee.id, course.id)) {
    throw alreadyExists("An invitation for the specified user and course already exists.");
  }
  if (role === "OWNER" && store.ownerInvitation(course.id)) {
    throw failedPrecondition(
      "Someone has already been invited to take ownership of the course; the transfer has not been accepted yet.",
      "PendingInvitationExists",
    );
  }
  const limit = config.quotas.invitationsPerTeacherPerDay;
  if (ctx.emu.invitationsSentToday(me.id, ctx.now.getTime()) >= limit) {
    throw dailyInvitationCap();
  }

  const inv: Invitation = { id: store.newInvitationId(), courseId: course.id, userId: invitee.id, role };
  store.addInvitation(inv);
  ctx.emu.lag.invitationAdded(inv, ctx.now.getTime());
  ctx.emu.countInvitationSent(me.id, ctx.now.getTime());
  return toInvitation(inv);
}

export function getInvitation(ctx: Ctx): unknown {
  const id = param(ctx, 0);
  const inv = ctx.emu.lag.invitation(id, ctx.store.invitations.get(id), ctx.config.consistencyLagMs, ctx.now.getTime());
  if (!inv) throw notFound(`The invitation id (${id}) does not exist.`);
  if (!canSee(ctx, inv, ctx.store.courses.get(inv.courseId))) {
    throw permissionDenied("The caller does not have permission to view the requested invitation.");
  }
  return toInvitation(inv);
}

/**
 * Visibility (A, docs/classroom-api.md §10; a non-teacher listing a class's invitations gets 403):
 * - `courseId=X`: teachers of X and admins of X's domain see all of X's invitations;
 *   anyone else gets 403, unless they also pass `userId` naming themselves (then: their own).
 * - `userId=U` alone: U themselves see all their invitations; teachers/admins see U's
 *   invitations in the courses they manage; a caller who manages no course gets 403.
 */
export function listInvitations(ctx: Ctx): unknown {
  const { store, me, query, config } = ctx;
  const userRef = query.get("userId") || undefined;
  const courseRef = query.get("courseId") || undefined;
  if (!userRef && !courseRef) {
    throw badRequest("At least one of userId or courseId must be supplied."); // docs/classroom-api.md §10 (A)
  }
  let user: User | undefined;
  if (userRef) {
    user = store.resolveUser(userRef, me);
    if (!user) throw notFound("The user does not exist."); // (A) as courses.list does for unknown users
  }
  let course: Course | undefined;
  if (courseRef) {
    course = store.resolveCourse(courseRef);
    if (!course) throw notFound("The course does not exist."); // (A)
  }
  const denied = () => permissionDenied("The caller does not have permission to view these invitations.");

  let items: Invitation[];
  if (course) {
    if (canManage(store, me, course)) {
      items = store.invitationsOfCourse(course.id);
      if (user) items = items.filter((i) => i.userId === (user as User).id);
    } else if (user && user.id === me.id) {
      const own = store.invitationFor(me.id, course.id);
      items = own ? [own] : [];
    } else {
      throw denied();
    }
  } else {
    const target = user as User;
    items = store.invitationsOfUser(target.id);
    if (target.id !== me.id) {
      if (!me.isAdmin && store.courseIdsTaughtBy(me.id).size === 0) throw denied();
      items = items.filter((i) => {
        const c = store.courses.get(i.courseId);
        return c !== undefined && canManage(store, me, c);
      });
    }
  }
  // Under consistencyLagMs the list shows the world as it was a moment ago.
  items = ctx.emu.lag.invitations(
    items,
    (inv) =>
      (!course || inv.courseId === course.id) &&
      (!user || inv.userId === user.id) &&
      canSee(ctx, inv, store.courses.get(inv.courseId)),
    config.consistencyLagMs,
    ctx.now.getTime(),
  );
  const filterKey = `invitations|${user?.id ?? ""}|${course?.id ?? ""}`;
  const page = paginate(
    items,
    query,
    filterKey,
    config.paging.invitationsDefault,
    config.paging.invitationsMax,
    config.shortPages,
  );
  return listBody("invitations", { items: page.items.map(toInvitation), nextPageToken: page.nextPageToken });
}

/**
 * The invitee may delete (decline) their own invitation; teachers and admins may delete
 * any invitation of their course, except that an OWNER invitation is deleted only by the
 * owner, an admin or the invitee (A, mirrors who may create it).
 */
export function deleteInvitation(ctx: Ctx): unknown {
  const inv = invitationOr404(ctx);
  const { store, me } = ctx;
  const course = store.courses.get(inv.courseId);
  let allowed = canSee(ctx, inv, course);
  if (allowed && inv.role === "OWNER" && inv.userId !== me.id && course) {
    allowed = course.ownerId === me.id || isAdminFor(store, me, course);
  }
  if (!allowed) throw permissionDenied("The caller does not have permission to delete the requested invitation.");
  store.removeInvitation(inv);
  ctx.emu.lag.invitationRemoved(inv, ctx.now.getTime());
  return {};
}

/**
 * Only the invitee may accept (admins included). Accept removes the
 * invitation and adds the user as student or teacher; OWNER also moves `ownerId`, and
 * the previous owner stays a teacher (docs/classroom-api.md §10, A).
 */
export function acceptInvitation(ctx: Ctx): unknown {
  const inv = invitationOr404(ctx);
  const { store, me } = ctx;
  if (inv.userId !== me.id) throw permissionDenied("Only the invited user may accept an invitation.");
  const course = store.courses.get(inv.courseId);
  if (!course) throw notFound();
  // The setting may have changed since the invitation was sent: accept checks it again.
  checkJoinPolicy(store, ctx.config, course, me);
  checkCanJoin(ctx.config, course, me, inv.role !== "STUDENT");

  store.removeInvitation(inv);
  ctx.emu.lag.invitationRemoved(inv, ctx.now.getTime());
  ctx.emu.lag.memberAdded(course.id, me.id, ctx.now.getTime());
  if (inv.role === "STUDENT") {
    store.addStudent(course, me.id);
  } else {
    // (A) A student who becomes a teacher leaves the student list: Classroom has one role per member.
    if (course.studentIds.has(me.id)) store.removeStudent(course, me.id);
    store.addTeacher(course, me.id);
    if (inv.role === "OWNER") course.ownerId = me.id;
  }
  store.touch(course, ctx.now);
  return {};
}
