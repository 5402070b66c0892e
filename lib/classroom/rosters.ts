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

/**
 * Teacher and student counts for many classes: students.list and teachers.list through /batch,
 * two parts per class per round, following each list's nextPageToken in later rounds. Counts
 * only; the members themselves are dropped as each page arrives. A failing class carries its
 * own error and leaves the others counted.
 */
export async function countMembers(
  token: AccessToken,
  courseIds: readonly string[],
  opts: BatchOptions = {},
): Promise<MemberCount[]> {
  const results: MemberCount[] = courseIds.map((courseId) => ({ courseId, teachers: 0, students: 0 }));
  type Part = { result: MemberCount; kind: "teachers" | "students"; pageToken?: string };
  let pending: Part[] = results.flatMap((result) => [
    { result, kind: "teachers" as const },
    { result, kind: "students" as const },
  ]);
  while (pending.length > 0) {
    const requests: BatchRequest[] = pending.map(({ result, kind, pageToken }) => ({
      method: "GET",
      path: `/v1/courses/${encodeURIComponent(result.courseId)}/${kind}`,
      query: { pageSize: COUNT_PAGE_SIZE, pageToken },
    }));
    const answers = await executeBatch<{ teachers?: unknown[]; students?: unknown[]; nextPageToken?: string }>(
      token,
      requests,
      opts,
    );
    const next: Part[] = [];
    answers.forEach((answer, i) => {
      const part = pending[i]!;
      if (part.result.error) return;
      if (!answer.ok) {
        part.result.error = answer.error;
        return;
      }
      part.result[part.kind] += (answer.data[part.kind] ?? []).length;
      if (answer.data.nextPageToken) next.push({ ...part, pageToken: answer.data.nextPageToken });
    });
    pending = next;
  }
  return results;
}
