/** courses.students and courses.teachers: list, get, create, delete (docs/classroom-api.md §5.2). */
import { alreadyExists, badRequest, failedPrecondition, notFound, permissionDenied } from "../errors";
import type { Course, User } from "../state";
import {
  bodyObject,
  canManage,
  canReadRoster,
  checkCanJoin,
  checkJoinPolicy,
  courseOr404,
  isAdminFor,
  optionalString,
  param,
  type Ctx,
} from "./context";
import { listBody, paginate } from "./paging";
import { toStudent, toTeacher } from "./resources";

type Kind = "students" | "teachers";

/** "student" / "teacher": the request body's field name and the word in messages. */
function singular(kind: Kind): "student" | "teacher" {
  return kind === "students" ? "student" : "teacher";
}

function memberIds(course: Course, kind: Kind): Set<string> {
  return kind === "students" ? course.studentIds : course.teacherIds;
}

function render(ctx: Ctx, course: Course, user: User, kind: Kind) {
  return kind === "students" ? toStudent(ctx, course, user) : toTeacher(ctx, course, user);
}

function rosterCourse(ctx: Ctx): Course {
  const course = courseOr404(ctx.store, param(ctx, 0));
  if (!canReadRoster(ctx.store, ctx.me, course)) {
    throw permissionDenied("The caller does not have permission to view this course's roster.");
  }
  return course;
}

export const listMembers =
  (kind: Kind) =>
  (ctx: Ctx): unknown => {
    const course = rosterCourse(ctx);
    const users: User[] = [];
    const lagMs = ctx.config.consistencyLagMs;
    const now = ctx.now.getTime();
    for (const id of memberIds(course, kind)) {
      const u = ctx.store.users.get(id);
      if (u && ctx.emu.lag.memberVisible(course.id, id, lagMs, now)) users.push(u);
    }
    for (const id of ctx.emu.lag.removedMemberIds(course.id, kind, lagMs, now)) {
      const u = ctx.store.users.get(id);
      if (u && !memberIds(course, kind).has(id) && !users.includes(u)) users.push(u);
    }
    const page = paginate(
      users,
      ctx.query,
      `${kind}|${course.id}`,
      ctx.config.paging.rosterDefault,
      ctx.config.paging.rosterMax,
      ctx.config.shortPages,
    );
    return listBody(kind, {
      items: page.items.map((u) => render(ctx, course, u, kind)),
      nextPageToken: page.nextPageToken,
    });
  };

export const getMember =
  (kind: Kind) =>
  (ctx: Ctx): unknown => {
    const course = rosterCourse(ctx);
    const user = ctx.store.resolveUser(param(ctx, 1), ctx.me);
    const lagMs = ctx.config.consistencyLagMs;
    const now = ctx.now.getTime();
    const visible =
      user !== undefined &&
      ((memberIds(course, kind).has(user.id) && ctx.emu.lag.memberVisible(course.id, user.id, lagMs, now)) ||
        ctx.emu.lag.removedMemberIds(course.id, kind, lagMs, now).includes(user.id));
    if (!user || !visible) {
      throw notFound(`No ${singular(kind)} of this course has the requested ID.`);
    }
    return render(ctx, course, user, kind);
  };

/**
 * students.create: an admin of the course's domain may add a user of that domain; a user may
 * add themselves with the course's enrollmentCode. teachers.create: admins only.
 * Teachers must use invitations ("Teachers can't directly add users to a course").
 */
export const createMember =
  (kind: Kind) =>
  (ctx: Ctx): unknown => {
    const { store, me } = ctx;
    const course = courseOr404(store, param(ctx, 0));
    const body = bodyObject(ctx, singular(kind));
    const userRef = optionalString(body, "userId", singular(kind));
    if (!userRef) throw badRequest("userId is required.");
    const admin = isAdminFor(store, me, course);
    const target = store.resolveUser(userRef, me);

    if (kind === "teachers") {
      if (!admin)
        throw permissionDenied("Only domain administrators can add teachers directly; send an invitation instead.");
    } else if (!admin) {
      if (!target || target.id !== me.id) {
        throw permissionDenied(
          "The caller does not have permission to add students to this course; send an invitation instead.",
        );
      }
      // "The enrollment code is required if userId corresponds to the requesting user." (A: 403 when wrong)
      if (ctx.query.get("enrollmentCode") !== course.enrollmentCode) {
        throw permissionDenied("The enrollment code is missing or incorrect.");
      }
    }
    if (!target) throw notFound("The user does not exist.");
    if (admin && target.domain !== me.domain) {
      // Google: users outside the admin's domain must be invited.
      throw permissionDenied("The user is outside your domain and must be invited.", "CannotDirectAddUser");
    }
    checkJoinPolicy(store, ctx.config, course, target);
    if (target.disabled) throw failedPrecondition("The requested user's account is disabled.");
    // (A) Google lists InactiveCourseOwner for both creates; a class whose owner's account is
    // disabled takes no new members until ownership moves.
    if (store.users.get(course.ownerId)?.disabled) {
      throw failedPrecondition("The course owner's account is inactive.", "InactiveCourseOwner");
    }
    if (course.teacherIds.has(target.id) || course.studentIds.has(target.id)) {
      throw alreadyExists("The user is already a student or teacher in the course.");
    }
    checkCanJoin(ctx.config, course, target, kind === "teachers");
    if (kind === "students") store.addStudent(course, target.id);
    else store.addTeacher(course, target.id);
    ctx.emu.lag.memberAdded(course.id, target.id, ctx.now.getTime());
    // (A) A direct add supersedes a pending STUDENT/TEACHER invitation for the same course.
    const pending = store.invitationFor(target.id, course.id);
    if (pending && pending.role !== "OWNER") {
      store.removeInvitation(pending);
      ctx.emu.lag.invitationRemoved(pending, ctx.now.getTime());
    }
    store.touch(course, ctx.now);
    return render(ctx, course, target, kind);
  };

/**
 * students.delete: admins, course teachers, or the student themselves.
 * teachers.delete: admins and course teachers; never the owner (→ 400/FP), and none while the
 * class has no active owner (→ 400/FP @CannotRemoveTeacherWithNoCourseOwner).
 */
export const deleteMember =
  (kind: Kind) =>
  (ctx: Ctx): unknown => {
    const { store, me } = ctx;
    const course = courseOr404(store, param(ctx, 0));
    const target = store.resolveUser(param(ctx, 1), me);
    const self = target !== undefined && target.id === me.id;
    const allowed = canManage(store, me, course) || (kind === "students" && self);
    if (!allowed) throw permissionDenied(`The caller does not have permission to remove ${kind} from this course.`);
    if (!target || !memberIds(course, kind).has(target.id)) {
      throw notFound(`No ${singular(kind)} of this course has the requested ID.`);
    }
    if (kind === "teachers" && target.id === course.ownerId) {
      throw failedPrecondition("The course owner cannot be removed from the course.", "CannotRemoveCourseOwner");
    }
    // Google: FAILED_PRECONDITION "if the course no longer has an active owner" (A: a disabled
    // owner's account counts as inactive, as it does for the creates' @InactiveCourseOwner).
    if (kind === "teachers" && (store.users.get(course.ownerId)?.disabled ?? true)) {
      throw failedPrecondition(
        "The course has no active owner, so teachers cannot be removed.",
        "CannotRemoveTeacherWithNoCourseOwner",
      );
    }
    if (kind === "students") store.removeStudent(course, target.id);
    else store.removeTeacher(course, target.id);
    ctx.emu.lag.memberRemoved(course.id, target.id, kind, ctx.now.getTime());
    store.touch(course, ctx.now);
    return {};
  };
