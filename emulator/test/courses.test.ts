import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  UNKNOWN_COURSE,
  UNKNOWN_EMAIL,
  UNKNOWN_USER_ID,
  expectApiError,
  ids,
  okCall,
  setupTestEmulator,
  type Classroom,
} from "./helpers";
import type { classroom_v1 } from "@googleapis/classroom";

const emu = setupTestEmulator();

async function listAll(api: Classroom, params: classroom_v1.Params$Resource$Courses$List = {}) {
  const out: classroom_v1.Schema$Course[] = [];
  let pageToken: string | undefined;
  do {
    const b = await okCall(api.courses.list({ ...params, pageToken }), "ListCoursesResponse");
    out.push(...(b.courses ?? []));
    pageToken = b.nextPageToken || undefined;
  } while (pageToken);
  return out;
}

describe("courses", () => {
  it("courses.list returns only courses visible to the caller, newest creationTime first", async () => {
    const w = await emu.world();
    for (const email of [ACCOUNTS.teacher, ACCOUNTS.student, ACCOUNTS.teacher2]) {
      const me = w.user(email);
      const list = await listAll(await emu.as(email));
      expect(list.length).toBeGreaterThan(0);
      for (const c of list) {
        const sc = w.course(c.id!);
        expect(w.isMember(sc, me.id), `${email} sees only own courses (${c.name})`).toBe(true);
      }
      // Every ACTIVE course the caller belongs to is visible.
      const mustSee = w.s.courses.filter((c) => c.courseState === "ACTIVE" && w.isMember(c, me.id)).map((c) => c.id);
      expect(ids(list)).toEqual(expect.arrayContaining(mustSee));
      const times = list.map((c) => Date.parse(c.creationTime!));
      for (let i = 1; i < times.length; i++) expect(times[i - 1]!).toBeGreaterThanOrEqual(times[i]!);
    }
    const all = await listAll(await emu.as(ACCOUNTS.admin));
    expect(ids(all)).toEqual(w.s.courses.map((c) => c.id).sort());
    const times = all.map((c) => Date.parse(c.creationTime!));
    for (let i = 1; i < times.length; i++) expect(times[i - 1]!).toBeGreaterThanOrEqual(times[i]!);
    // An outsider with no memberships sees nothing.
    const nobody = w.s.users.find((u) => !u.isAdmin && !w.s.courses.some((c) => w.isMember(c, u.id)))!;
    expect(await listAll(await emu.as(nobody.email))).toHaveLength(0);
  });

  it("teacherId=me → only courses the caller teaches; studentId=me → only those they attend", async () => {
    const w = await emu.world();
    const teacher = w.user(ACCOUNTS.teacher);
    const taught = await listAll(await emu.as(ACCOUNTS.teacher), { teacherId: "me" });
    expect(taught.length).toBeGreaterThan(1);
    for (const c of taught) expect(w.isTeacher(w.course(c.id!), teacher.id)).toBe(true);
    expect(ids(taught)).toEqual(
      expect.arrayContaining(
        w.s.courses.filter((c) => c.courseState === "ACTIVE" && w.isTeacher(c, teacher.id)).map((c) => c.id),
      ),
    );
    expect(await listAll(await emu.as(ACCOUNTS.teacher), { studentId: "me" })).toHaveLength(0);

    const student = w.user(ACCOUNTS.student);
    const attended = await listAll(await emu.as(ACCOUNTS.student), { studentId: "me" });
    expect(attended.length).toBeGreaterThan(0);
    for (const c of attended) expect(w.course(c.id!).studentIds).toContain(student.id);
    expect(ids(attended)).toEqual(
      expect.arrayContaining(
        w.s.courses.filter((c) => c.courseState === "ACTIVE" && c.studentIds.includes(student.id)).map((c) => c.id),
      ),
    );
    expect(await listAll(await emu.as(ACCOUNTS.student), { teacherId: "me" })).toHaveLength(0);

    // An admin filtering by someone else's id gets exactly that user's courses.
    const byAdmin = await listAll(await emu.as(ACCOUNTS.admin), { teacherId: teacher.email });
    expect(ids(byAdmin)).toEqual(
      w.s.courses
        .filter((c) => w.isTeacher(c, teacher.id))
        .map((c) => c.id)
        .sort(),
    );
  });

  it("both teacherId and studentId → 400 @ListCoursesStudentAndTeacherFilter", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await expectApiError(
      api.courses.list({ teacherId: "me", studentId: "me" }),
      400,
      /^(INVALID_ARGUMENT|FAILED_PRECONDITION)$/,
      "ListCoursesStudentAndTeacherFilter",
    );
  });

  it("a filter user who does not exist → 404", async () => {
    const admin = await emu.as(ACCOUNTS.admin);
    await expectApiError(admin.courses.list({ teacherId: UNKNOWN_EMAIL }), 404, "NOT_FOUND");
    await expectApiError(admin.courses.list({ studentId: UNKNOWN_USER_ID }), 404, "NOT_FOUND");
  });

  it("courseStates absent → all states; present → only the listed states", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    const all = await listAll(admin);
    const seeded = new Set(w.s.courses.map((c) => c.courseState));
    expect(new Set(all.map((c) => c.courseState))).toEqual(seeded);
    for (const st of ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED"]) expect(seeded).toContain(st);
    for (const st of seeded) {
      const only = await listAll(admin, { courseStates: [st] });
      expect(only.length).toBeGreaterThan(0);
      expect(ids(only)).toEqual(
        w.s.courses
          .filter((c) => c.courseState === st)
          .map((c) => c.id)
          .sort(),
      );
    }
  });

  it("courses.get returns the required fields; by alias too; unknown → 404; not visible → 403", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const c = await okCall(teacher.courses.get({ id: course.id }), "Course");
    for (const f of [
      "id",
      "name",
      "section",
      "ownerId",
      "courseState",
      "enrollmentCode",
      "alternateLink",
      "creationTime",
      "updateTime",
    ] as const) {
      expect(c[f], f).toBeTruthy();
    }
    expect(c).toMatchObject({
      id: course.id,
      name: course.name,
      ownerId: course.ownerId,
      courseState: course.courseState,
    });
    // Google's links use base64 of the course id as the path segment (docs/classroom-api.md §1).
    const b64 = Buffer.from(course.id).toString("base64").replace(/=+$/, "");
    expect(c.alternateLink).toMatch(new RegExp(`^https?://classroom\\.google\\.com/c/${b64}=*$`));

    await expectApiError(teacher.courses.get({ id: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    const student = w.user(ACCOUNTS.student);
    const notMine = w.findCourse(
      "an ACTIVE course student@ is not in",
      (x) => x.courseState === "ACTIVE" && !w.isMember(x, student.id) && !w.hasInvitation(x.id, student.id),
    );
    await expectApiError((await emu.as(ACCOUNTS.student)).courses.get({ id: notMine.id }), 403, "PERMISSION_DENIED");

    // A domain alias resolves to the same course. The state API does not list aliases;
    // the demo seed gives "Algebra I, Period 1" the alias d:algebra1-p1.
    const admin = await emu.as(ACCOUNTS.admin);
    const viaAlias = await okCall(admin.courses.get({ id: "d:algebra1-p1" }), "Course");
    const algebra = w.findCourse("Algebra I, Period 1", (x) => x.name === "Algebra I" && x.section === "Period 1");
    expect(viaAlias.id).toBe(algebra.id);
    await expectApiError(admin.courses.get({ id: "d:no-such-alias" }), 404, "NOT_FOUND");
  });
});
