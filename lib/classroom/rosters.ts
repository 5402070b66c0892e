import "server-only";
import type { InvitationRole } from "@/lib/concepts";
import { executeBatch, type BatchOptions, type BatchRequest } from "@/lib/google/batch";
import { callWithRetry, type CallOptions } from "@/lib/google/call";
import { classroomFor, type AccessToken } from "@/lib/google/client";
import { isAppError, toAppError, type AppError } from "@/lib/google/errors";
import { listAll } from "@/lib/google/paging";
import { compact, getCourse } from "./courses";
import { toProfile, type ApiUserProfile, type Profile } from "./profiles";

/** A place in a class has the same three names as an invitation role. */
export type MemberRole = InvitationRole;

export interface Member {
  courseId: string;
  userId: string;
  profile: Profile;
}

/** The fields we read from Classroom's `Student` / `Teacher`. */
export interface ApiMember {
  courseId?: string | null;
  userId?: string | null;
  profile?: ApiUserProfile | null;
}

export function toMember(raw: ApiMember, courseId?: string): Member | null {
  const userId = raw.userId ?? raw.profile?.id;
  if (!userId) return null;
  const profile = toProfile({ ...raw.profile, id: raw.profile?.id ?? userId }) ?? { id: userId, name: userId };
  return { courseId: raw.courseId ?? courseId ?? "", userId, profile };
}

export async function listStudents(token: AccessToken, courseId: string, opts: CallOptions = {}): Promise<Member[]> {
  const client = classroomFor(token);
  const items = await listAll(
    (pageToken) =>
      callWithRetry(async () => {
        const res = await client.courses.students.list({ courseId, pageToken }, { signal: opts.signal });
        return { items: res.data.students, nextPageToken: res.data.nextPageToken };
      }, opts),
    { signal: opts.signal },
  );
  return compact(items.map((s) => toMember(s, courseId)));
}

export async function listTeachers(token: AccessToken, courseId: string, opts: CallOptions = {}): Promise<Member[]> {
  const client = classroomFor(token);
  const items = await listAll(
    (pageToken) =>
      callWithRetry(async () => {
        const res = await client.courses.teachers.list({ courseId, pageToken }, { signal: opts.signal });
        return { items: res.data.teachers, nextPageToken: res.data.nextPageToken };
      }, opts),
    { signal: opts.signal },
  );
  return compact(items.map((t) => toMember(t, courseId)));
}

/**
 * The user's place in a course, or null if they're not in it. `userId` may be "me".
 * The owner is also a teacher (docs/classroom-api.md §5.1: the owner "is … added as a teacher"), so a teacher
 * is reported as OWNER when the course's ownerId is theirs.
 */
export async function getMembership(
  token: AccessToken,
  courseId: string,
  userId: string,
  opts: CallOptions = {},
): Promise<MemberRole | null> {
  const client = classroomFor(token);
  const [teacher, student] = await Promise.all([
    nullIfNotFound(() =>
      callWithRetry(() => client.courses.teachers.get({ courseId, userId }, { signal: opts.signal }), opts),
    ),
    nullIfNotFound(() =>
      callWithRetry(() => client.courses.students.get({ courseId, userId }, { signal: opts.signal }), opts),
    ),
  ]);
  if (teacher) {
    const course = await getCourse(token, courseId, opts);
    const teacherId = teacher.data.userId ?? teacher.data.profile?.id;
    return teacherId && course.ownerId === teacherId ? "OWNER" : "TEACHER";
  }
  return student ? "STUDENT" : null;
}

/** Runs a lookup and turns NOT_FOUND into null; other failures are thrown as AppError. */
export async function nullIfNotFound<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    const error = isAppError(e) ? e : toAppError(e);
    if (error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** How many teachers and students a class has, or why the count failed. */
export interface MemberCount {
  courseId: string;
  teachers: number;
  students: number;
  error?: AppError;
}

/** Roster page size asked for: Classroom caps it at its own maximum, so bigger classes take more pages. */
const COUNT_PAGE_SIZE = 1000;

type MemberKind = "teachers" | "students";

/**
 * students.list and teachers.list for many classes through /batch, two parts per class per
 * round, following each list's nextPageToken in later rounds; each page goes to `onPage` as it
 * arrives. Resolves to each class's first failure (undefined when both lists were read whole):
 * a failing class leaves the others read.
 */
async function pageMembers(
  token: AccessToken,
  courseIds: readonly string[],
  opts: BatchOptions,
  onPage: (index: number, kind: MemberKind, members: ApiMember[]) => void,
): Promise<(AppError | undefined)[]> {
  const errors: (AppError | undefined)[] = courseIds.map(() => undefined);
  type Part = { index: number; kind: MemberKind; pageToken?: string };
  let pending: Part[] = courseIds.flatMap((_, index) => [
    { index, kind: "teachers" as const },
    { index, kind: "students" as const },
  ]);
  while (pending.length > 0) {
    const requests: BatchRequest[] = pending.map(({ index, kind, pageToken }) => ({
      method: "GET",
      path: `/v1/courses/${encodeURIComponent(courseIds[index]!)}/${kind}`,
      query: { pageSize: COUNT_PAGE_SIZE, pageToken },
    }));
    const answers = await executeBatch<{ teachers?: ApiMember[]; students?: ApiMember[]; nextPageToken?: string }>(
      token,
      requests,
      opts,
    );
    const next: Part[] = [];
    answers.forEach((answer, i) => {
      const part = pending[i]!;
      if (errors[part.index]) return;
      if (!answer.ok) {
        errors[part.index] = answer.error;
        return;
      }
      onPage(part.index, part.kind, answer.data[part.kind] ?? []);
      if (answer.data.nextPageToken) next.push({ ...part, pageToken: answer.data.nextPageToken });
    });
    pending = next;
  }
  return errors;
}

/**
 * Teacher and student counts for many classes. Counts only; the members themselves are
 * dropped as each page arrives. A failing class carries its own error.
 */
export async function countMembers(
  token: AccessToken,
  courseIds: readonly string[],
  opts: BatchOptions = {},
): Promise<MemberCount[]> {
  const results: MemberCount[] = courseIds.map((courseId) => ({ courseId, teachers: 0, students: 0 }));
  const errors = await pageMembers(token, courseIds, opts, (i, kind, members) => {
    results[i]![kind] += members.length;
  });
  errors.forEach((error, i) => {
    if (error) results[i]!.error = error;
  });
  return results;
}

/** A member as an id and, when the caller may see it, an email. */
export type MemberRef = { id: string; email: string | null };

/** A class's teachers and students, or why they could not be read. */
export interface ClassMembers {
  courseId: string;
  teachers: MemberRef[];
  students: MemberRef[];
  error?: AppError;
}

/** The members of many classes, as ids and emails only (pages through /batch like `countMembers`). */
export async function listClassMembers(
  token: AccessToken,
  courseIds: readonly string[],
  opts: BatchOptions = {},
): Promise<ClassMembers[]> {
  const results: ClassMembers[] = courseIds.map((courseId) => ({ courseId, teachers: [], students: [] }));
  const errors = await pageMembers(token, courseIds, opts, (i, kind, members) => {
    for (const m of members) {
      const id = m.userId ?? m.profile?.id;
      if (id) results[i]![kind].push({ id, email: m.profile?.emailAddress ?? null });
    }
  });
  errors.forEach((error, i) => {
    if (error) results[i]!.error = error;
  });
  return results;
}
