import "server-only";
import { executeBatch } from "@/lib/google/batch";
import { callWithRetry, type CallOptions } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { listAll } from "@/lib/google/paging";

export const COURSE_STATES = ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED", "SUSPENDED"] as const;
export type CourseState = (typeof COURSE_STATES)[number] | "UNSPECIFIED";

/** What the UI renders about a class. */
export interface Course {
  id: string;
  name: string;
  section?: string;
  ownerId: string;
  state: CourseState;
  /** Classroom's web link (`alternateLink`). */
  link?: string;
  /** RFC 3339 (`creationTime`). */
  createdAt?: string;
}

/** The fields we read from Classroom's `Course` (structural, so lib/classroom needs no Google types). */
export interface ApiCourse {
  id?: string | null;
  name?: string | null;
  section?: string | null;
  ownerId?: string | null;
  courseState?: string | null;
  alternateLink?: string | null;
  creationTime?: string | null;
}

export function toCourseState(value: string | null | undefined): CourseState {
  return (COURSE_STATES as readonly string[]).includes(value ?? "") ? (value as CourseState) : "UNSPECIFIED";
}

export function toCourse(raw: ApiCourse): Course | null {
  if (!raw.id) return null;
  const course: Course = {
    id: raw.id,
    name: raw.name?.trim() || "Untitled class",
    ownerId: raw.ownerId ?? "",
    state: toCourseState(raw.courseState),
  };
  if (raw.section) course.section = raw.section;
  if (raw.alternateLink) course.link = raw.alternateLink;
  if (raw.creationTime) course.createdAt = raw.creationTime;
  return course;
}

export interface ListCoursesFilter {
  /** "me", an email or a numeric id. Mutually exclusive with studentId (docs/classroom-api.md §5.1). */
  teacherId?: string;
  studentId?: string;
  states?: readonly CourseState[];
  /** Stop after this many pages (detectRole reads one). */
  maxPages?: number;
  pageSize?: number;
}

/** Every page of courses.list, newest first as Classroom orders them. */
export async function listCourses(
  token: AccessToken,
  filter: ListCoursesFilter = {},
  opts: CallOptions = {},
): Promise<Course[]> {
  const client = classroomFor(token);
  const courseStates = filter.states?.filter((s) => s !== "UNSPECIFIED");
  const items = await listAll(
    (pageToken) =>
      callWithRetry(async () => {
        const res = await client.courses.list(
          {
            teacherId: filter.teacherId,
            studentId: filter.studentId,
            courseStates: courseStates?.length ? courseStates : undefined,
            pageSize: filter.pageSize,
            pageToken,
          },
          { signal: opts.signal },
        );
        return { items: res.data.courses, nextPageToken: res.data.nextPageToken };
      }, opts),
    { signal: opts.signal, maxPages: filter.maxPages },
  );
  return compact(items.map(toCourse));
}

/** The first page only, for callers that need a bounded sample (detectRole). */
export async function listCoursesPage(
  token: AccessToken,
  filter: Omit<ListCoursesFilter, "maxPages"> = {},
  opts: CallOptions = {},
): Promise<{ courses: Course[]; hasMore: boolean }> {
  const client = classroomFor(token);
  const res = await callWithRetry(
    () =>
      client.courses.list(
        { teacherId: filter.teacherId, studentId: filter.studentId, pageSize: filter.pageSize },
        { signal: opts.signal },
      ),
    opts,
  );
  return { courses: compact((res.data.courses ?? []).map(toCourse)), hasMore: Boolean(res.data.nextPageToken) };
}

export async function getCourse(token: AccessToken, courseId: string, opts: CallOptions = {}): Promise<Course> {
  const client = classroomFor(token);
  const res = await callWithRetry(() => client.courses.get({ id: courseId }, { signal: opts.signal }), opts);
  const course = toCourse(res.data);
  if (!course) throw new Error("courses.get returned a course without an id");
  return course;
}

/**
 * courses.get for each id or alias (`d:…`), in /batch rounds of 50: ref → class. A ref that
 * Classroom does not answer with a class (unknown, or not the caller's to see) is left out.
 */
export async function getCoursesByRef(token: AccessToken, refs: readonly string[]): Promise<Map<string, Course>> {
  const found = new Map<string, Course>();
  if (refs.length === 0) return found;
  const answers = await executeBatch<ApiCourse>(
    token,
    refs.map((ref) => ({ method: "GET" as const, path: `/v1/courses/${encodeURIComponent(ref)}` })),
  );
  answers.forEach((answer, i) => {
    const course = answer.ok ? toCourse(answer.data) : null;
    if (course) found.set(refs[i]!, course);
  });
  return found;
}

export function compact<T>(items: readonly (T | null | undefined)[]): T[] {
  return items.filter((x): x is T => x != null);
}
