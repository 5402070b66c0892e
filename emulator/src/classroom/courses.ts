/** courses.list and courses.get (docs/classroom-api.md §5.1). */
import { badRequest, notFound, permissionDenied, failedPrecondition } from "../errors";
import { COURSE_STATES, compareNewestFirst, type Course, type CourseState, type Store, type User } from "../state";
import { canView, courseOr404, isAdminFor, param, type Ctx } from "./context";
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
