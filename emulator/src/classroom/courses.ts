/** courses.list, get, create, patch and delete (docs/classroom-api.md §5.1). */
import { alreadyExists, badRequest, notFound, permissionDenied, failedPrecondition } from "../errors";
import { addCourse } from "../seed/build";
import {
  COURSE_STATES,
  compareNewestFirst,
  hostedDomain,
  type Course,
  type CourseState,
  type Store,
  type User,
} from "../state";
import { bodyObject, canView, courseOr404, isAdminFor, optionalString, param, type Ctx } from "./context";
import { listBody, paginate } from "./paging";
import { toCourse } from "./resources";

function parseStates(query: URLSearchParams): Set<CourseState> | null {
  const raw = query
    .getAll("courseStates")
    .flatMap((s) => s.split(","))
    .filter(Boolean);
  if (raw.length === 0) return null; // r20260519: "If unspecified, Courses in any state are returned."
  for (const s of raw) {
    if (!(COURSE_STATES as readonly string[]).includes(s)) {
      throw badRequest(
        `Invalid value at 'course_states' (type.googleapis.com/google.classroom.v1.Course.CourseState), "${s}"`,
      );
    }
  }
  return new Set(raw as CourseState[]);
}

function resolveFilterUser(ctx: Ctx, ref: string): User {
  const u = ctx.store.resolveUser(ref, ctx.me);
  if (!u) throw notFound("A user specified in the query arguments does not exist.");
  return u;
}

/** The courses with these ids, newest `creationTime` first. */
function newestFirst(store: Store, ids: Iterable<string>): Course[] {
  const out: Course[] = [];
  for (const id of ids) {
    const c = store.courses.get(id);
    if (c) out.push(c);
  }
  return out.sort(compareNewestFirst);
}

export function listCourses(ctx: Ctx): unknown {
  const { store, me, query, config } = ctx;
  const teacherRef = query.get("teacherId") || undefined;
  const studentRef = query.get("studentId") || undefined;
  if (teacherRef && studentRef) {
    // Google's error guide lists it under FAILED_PRECONDITION, the discovery document says INVALID_ARGUMENT; HTTP 400 either way (docs/classroom-api.md §10).
    throw badRequest("Cannot specify both a student and a teacher filter.", "ListCoursesStudentAndTeacherFilter");
  }
  const states = parseStates(query);

  let candidates: Course[];
  let filterUser = "";
  if (teacherRef || studentRef) {
    const u = resolveFilterUser(ctx, (teacherRef ?? studentRef) as string);
    filterUser = u.id;
    candidates = newestFirst(store, teacherRef ? store.courseIdsTaughtBy(u.id) : store.courseIdsStudiedBy(u.id));
  } else if (me.isAdmin) {
    // Admins see every course of their domain (and any course they belong to).
    candidates = store.coursesNewestFirst();
  } else {
    candidates = newestFirst(store, new Set([...store.courseIdsTaughtBy(me.id), ...store.courseIdsStudiedBy(me.id)]));
  }

  const visible = candidates.filter((c) => (!states || states.has(c.courseState)) && canView(store, me, c));
  const filterKey = `courses|${teacherRef ? "t" : studentRef ? "s" : ""}|${filterUser}|${[...(states ?? [])].sort().join(",")}`;
  const page = paginate(
    visible,
    query,
    filterKey,
    config.paging.coursesDefault,
    config.paging.coursesMax,
    config.shortPages,
  );
  return listBody("courses", {
    items: page.items.map((c) => toCourse(store, c, me)),
    nextPageToken: page.nextPageToken,
  });
}

export function getCourse(ctx: Ctx): unknown {
  const course = courseOr404(ctx.store, param(ctx, 0));
  if (!canView(ctx.store, ctx.me, course))
    throw permissionDenied("The caller does not have permission to view this course.");
  return toCourse(ctx.store, course, ctx.me);
}

/**
 * courses.delete. Only the owner or a domain admin may delete ("Only a Course owner can delete
 * the Course"), and only an ARCHIVED class (A: Classroom's Help Center says a class must be
 * archived before it is deleted; the API reference lists no such precondition, so the stricter
 * rule is taken: 400 FAILED_PRECONDITION otherwise).
 */
export function deleteCourse(ctx: Ctx): unknown {
  const course = courseOr404(ctx.store, param(ctx, 0));
  if (course.ownerId !== ctx.me.id && !isAdminFor(ctx.store, ctx.me, course)) {
    throw permissionDenied("The caller does not have permission to delete this course.");
  }
  if (course.courseState !== "ARCHIVED") {
    throw failedPrecondition(`The course is ${course.courseState}; only an archived course can be deleted.`);
  }
  ctx.store.removeCourse(course);
  return {};
}

/** A course alias as Google spells them: `d:` (domain-scoped) or `p:` (project-scoped), then a name. */
export const ALIAS = /^[dp]:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Classroom refuses class names holding a link (`@CourseTitleCannotContainUrl`). */
const URL_IN_TEXT = /\bhttps?:\/\/|\bwww\./i;
/** The text fields a create sets and a patch may change, as they are named in a course. */
const TEXT_FIELDS = ["name", "section", "descriptionHeading", "description", "room"] as const;

function checkName(name: string): void {
  if (URL_IN_TEXT.test(name))
    throw failedPrecondition("The course title cannot contain a URL.", "CourseTitleCannotContainUrl");
}

/**
 * courses.create. The owner is the caller ("me") or, for a domain admin, a user of their domain;
 * they must be allowed to create classes (teachers and admins, students where the domain lets
 * anyone). `id` may carry a new alias. (A) `courseState` may be ACTIVE or PROVISIONED (the
 * default, as Google documents); any other is 400.
 */
export function createCourse(ctx: Ctx): unknown {
  const { store, me, config } = ctx;
  const body = bodyObject(ctx, "course");
  const name = optionalString(body, "name", "course");
  if (!name) throw badRequest("name: The course name is required.");
  const ownerRef = optionalString(body, "ownerId", "course");
  if (!ownerRef) throw badRequest("ownerId: The course owner is required.");
  const owner = store.resolveUser(ownerRef, me);
  if (!owner) throw notFound("The course owner does not exist.");
  const sameOrg = hostedDomain(me) !== undefined && hostedDomain(me) === hostedDomain(owner);
  if (owner.id !== me.id && !(me.isAdmin && sameOrg)) {
    throw permissionDenied("The caller may create courses only for themselves.");
  }
  const mayCreate = (u: User) => u.kind !== "student" || u.isAdmin || config.studentsCanCreateCourses;
  if (!mayCreate(me)) throw permissionDenied("The caller does not have permission to create courses.");
  if (!mayCreate(owner)) throw failedPrecondition("The user cannot own a course.", "UserCannotOwnCourse");
  if (owner.disabled) throw failedPrecondition("The course owner's account is disabled.");
  checkName(name);
  const state = optionalString(body, "courseState", "course") ?? "PROVISIONED";
  if (state !== "ACTIVE" && state !== "PROVISIONED") {
    throw badRequest(`courseState: A course can be created ACTIVE or PROVISIONED, not ${state}.`);
  }
  const alias = optionalString(body, "id", "course");
  if (alias !== undefined) {
    if (!ALIAS.test(alias)) throw badRequest(`id: "${alias}" is not a course alias (d:… or p:…).`);
    if (store.resolveCourse(alias)) throw alreadyExists("The course alias already exists.");
  }
  const text = Object.fromEntries(TEXT_FIELDS.slice(1).map((f) => [f, optionalString(body, f, "course")]));
  const course = addCourse(store, {
    name,
    ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)),
    owner,
    state,
    created: ctx.now,
    updated: ctx.now,
    ...(alias ? { alias } : {}),
  });
  return toCourse(store, course, me);
}

/**
 * courses.patch with an `updateMask` of text fields and `courseState`. (A) Only the owner or a
 * domain admin may patch (co-teachers may edit a class in Classroom's UI; the stricter rule is
 * taken). (A) `courseState` moves between ACTIVE and ARCHIVED, and from PROVISIONED to ACTIVE,
 * ARCHIVED or DECLINED; any other change is 400 FAILED_PRECONDITION. `ownerId` is not implemented.
 */
export function patchCourse(ctx: Ctx): unknown {
  const { store, me } = ctx;
  const course = courseOr404(store, param(ctx, 0));
  if (!canView(store, me, course)) throw notFound();
  if (course.ownerId !== me.id && !isAdminFor(store, me, course)) {
    throw permissionDenied("The caller does not have permission to modify this course.");
  }
  const mask = (ctx.query.get("updateMask") ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (mask.length === 0) throw badRequest("updateMask: An update mask is required.");
  const allowed: readonly string[] = [...TEXT_FIELDS, "courseState"];
  const unknown = mask.find((f) => !allowed.includes(f));
  if (unknown) throw badRequest(`updateMask: "${unknown}" is not a field this request can update.`);
  const body = bodyObject(ctx, "course");
  for (const field of mask) {
    const value = optionalString(body, field, "course");
    if (field === "courseState") {
      const to = value as CourseState | undefined;
      if (!to || !(COURSE_STATES as readonly string[]).includes(to))
        throw badRequest("courseState: Invalid course state.");
      const from = course.courseState;
      const ok =
        from === to ||
        (to === "ACTIVE" && (from === "ARCHIVED" || from === "PROVISIONED")) ||
        (to === "ARCHIVED" && (from === "ACTIVE" || from === "PROVISIONED")) ||
        (to === "DECLINED" && from === "PROVISIONED");
      if (!ok) throw failedPrecondition(`A course cannot go from ${from} to ${to}.`);
    } else if (field === "name") {
      if (!value) throw badRequest("name: The course name is required.");
      checkName(value);
    }
  }
  for (const field of mask) {
    const value = optionalString(body, field, "course");
    if (field === "courseState") course.courseState = value as CourseState;
    else if (value === undefined) delete (course as Partial<Course>)[field as (typeof TEXT_FIELDS)[number]];
    else (course as unknown as Record<string, string>)[field] = value;
  }
  course.updateTime = ctx.now.toISOString();
  return toCourse(store, course, me);
}
