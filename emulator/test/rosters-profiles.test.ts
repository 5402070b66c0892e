import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  SCOPE,
  UNKNOWN_COURSE,
  UNKNOWN_EMAIL,
  UNKNOWN_USER_ID,
  expectApiError,
  ok,
  okCall,
  setupTestEmulator,
} from "./helpers";

const emu = setupTestEmulator();

describe("courses.students and courses.teachers", () => {
  it("students.list / teachers.list (and get) on an unknown course → 404", async () => {
    const admin = await emu.as(ACCOUNTS.admin);
    await expectApiError(admin.courses.students.list({ courseId: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    await expectApiError(admin.courses.teachers.list({ courseId: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    await expectApiError(admin.courses.students.get({ courseId: UNKNOWN_COURSE, userId: "me" }), 404, "NOT_FOUND");
    await expectApiError(admin.courses.teachers.get({ courseId: UNKNOWN_COURSE, userId: "me" }), 404, "NOT_FOUND");
  });

  it("list shape {students|teachers:[{courseId,userId,profile:{id,name,…}}]}, default page 30", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.studentIds.length > 0);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const s = await okCall(teacher.courses.students.list({ courseId: course.id }), "ListStudentsResponse");
    expect(s.students!.length).toBe(Math.min(30, course.studentIds.length));
    for (const st of s.students!) {
      expect(st.courseId).toBe(course.id);
      expect(course.studentIds).toContain(st.userId);
      expect(st.profile?.id).toBe(st.userId);
      expect(st.profile?.name?.fullName).toBe(w.userById(st.userId!).name);
      expect(st.profile?.name?.givenName).toBeTruthy();
      expect(st.profile?.emailAddress).toBe(w.userById(st.userId!).email);
    }
    const t = await okCall(teacher.courses.teachers.list({ courseId: course.id }), "ListTeachersResponse");
    expect(t.teachers!.map((x) => x.userId).sort()).toEqual(w.teachersOf(course).sort());
    for (const x of t.teachers!) {
      expect(x.courseId).toBe(course.id);
      expect(x.profile?.id).toBe(x.userId);
    }
    const big = w.findCourse("a course with > 30 teachers", (c) => w.teachersOf(c).length > 30);
    const page = await okCall(
      (await emu.as(ACCOUNTS.admin)).courses.teachers.list({ courseId: big.id }),
      "ListTeachersResponse",
    );
    expect(page.teachers).toHaveLength(30);
    expect(page.nextPageToken).toBeTruthy();

    const one = await okCall(
      teacher.courses.students.get({ courseId: course.id, userId: course.studentIds[0]! }),
      "Student",
    );
    expect(one.userId).toBe(course.studentIds[0]);
    await expectApiError(
      teacher.courses.students.get({ courseId: course.id, userId: course.ownerId }),
      404,
      "NOT_FOUND",
    );
    await expectApiError(
      teacher.courses.teachers.get({ courseId: course.id, userId: course.studentIds[0]! }),
      404,
      "NOT_FOUND",
    );
  });

  it("teachers.create by a non-admin (even the course owner) → 403", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const candidate = w.outsiderFor(course);
    for (const email of [ACCOUNTS.teacher, ACCOUNTS.student, candidate.email]) {
      await expectApiError(
        (await emu.as(email)).courses.teachers.create({ courseId: course.id, requestBody: { userId: candidate.id } }),
        403,
        "PERMISSION_DENIED",
      );
    }
    const added = await okCall(
      (await emu.as(ACCOUNTS.admin)).courses.teachers.create({
        courseId: course.id,
        requestBody: { userId: candidate.email },
      }),
      "Teacher",
    );
    expect(added).toMatchObject({ courseId: course.id, userId: candidate.id });
    expect(added.profile?.id).toBe(candidate.id);
  });

  it("students.create / teachers.create for an existing member → 409 ALREADY_EXISTS", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(
      ACCOUNTS.teacher,
      (c) => c.studentIds.length > 0 && c.teacherIds.includes(teacher2Id),
    );
    const admin = await emu.as(ACCOUNTS.admin);
    const student = course.studentIds[0]!;
    const cases: ["students" | "teachers", string][] = [
      ["students", student],
      ["teachers", student],
      ["teachers", teacher2Id],
      ["students", teacher2Id],
      ["teachers", course.ownerId],
    ];
    for (const [which, userId] of cases) {
      const call =
        which === "students"
          ? admin.courses.students.create({ courseId: course.id, requestBody: { userId } })
          : admin.courses.teachers.create({ courseId: course.id, requestBody: { userId } });
      await expectApiError(call, 409, "ALREADY_EXISTS");
    }
  });

  it("students.create / teachers.create in a class whose owner's account is disabled → 400 @InactiveCourseOwner", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const joiner = w.outsiderFor(course);
    await emu.control("PATCH", `/emulator/v1/users/${encodeURIComponent(ACCOUNTS.teacher)}`, { disabled: true });
    const admin = await emu.as(ACCOUNTS.admin);
    await expectApiError(
      admin.courses.students.create({ courseId: course.id, requestBody: { userId: joiner.id } }),
      400,
      "FAILED_PRECONDITION",
      "InactiveCourseOwner",
    );
    await expectApiError(
      admin.courses.teachers.create({ courseId: course.id, requestBody: { userId: joiner.id } }),
      400,
      "FAILED_PRECONDITION",
      "InactiveCourseOwner",
    );
    await emu.control("PATCH", `/emulator/v1/users/${encodeURIComponent(ACCOUNTS.teacher)}`, { disabled: false });
  });

  it("students.create userId=me with the right enrollmentCode → 200; wrong or missing → 403", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const joiner = w.outsiderFor(course);
    const code = (await okCall((await emu.as(ACCOUNTS.admin)).courses.get({ id: course.id }), "Course"))
      .enrollmentCode!;
    expect(code).toBeTruthy();
    const api = await emu.as(joiner.email);
    await expectApiError(
      api.courses.students.create({ courseId: course.id, requestBody: { userId: "me" } }),
      403,
      "PERMISSION_DENIED",
    );
    await expectApiError(
      api.courses.students.create({ courseId: course.id, enrollmentCode: code + "x", requestBody: { userId: "me" } }),
      403,
      "PERMISSION_DENIED",
    );
    const st = await okCall(
      api.courses.students.create({ courseId: course.id, enrollmentCode: code, requestBody: { userId: "me" } }),
      "Student",
    );
    expect(st).toMatchObject({ courseId: course.id, userId: joiner.id });
    expect((await emu.state()).courses.find((c) => c.id === course.id)!.studentIds).toContain(joiner.id);
    // A student may only add themselves.
    const other = w.outsiderFor(course, [joiner.email]);
    await expectApiError(
      api.courses.students.create({ courseId: course.id, enrollmentCode: code, requestBody: { userId: other.id } }),
      403,
      "PERMISSION_DENIED",
    );
  });

  it("teachers.delete of the course owner → 400 FAILED_PRECONDITION", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    for (const email of [ACCOUNTS.admin, ACCOUNTS.teacher]) {
      await expectApiError(
        (await emu.as(email)).courses.teachers.delete({ courseId: course.id, userId: course.ownerId }),
        400,
        "FAILED_PRECONDITION",
        "CannotRemoveCourseOwner",
      );
    }
    expect((await emu.state()).courses.find((c) => c.id === course.id)!.ownerId).toBe(course.ownerId);
  });

  it("teachers.delete while the class's owner account is disabled → 400 @CannotRemoveTeacherWithNoCourseOwner", async () => {
    const w = await emu.world();
    const course = w.findCourse(
      "an ACTIVE course of teacher@ with a co-teacher",
      (c) => c.courseState === "ACTIVE" && c.ownerId === w.user(ACCOUNTS.teacher).id && c.teacherIds.length > 1,
    );
    const coTeacher = course.teacherIds.find((t) => t !== course.ownerId)!;
    await emu.control("PATCH", `/emulator/v1/users/${encodeURIComponent(ACCOUNTS.teacher)}`, { disabled: true });
    const admin = await emu.as(ACCOUNTS.admin);
    await expectApiError(
      admin.courses.teachers.delete({ courseId: course.id, userId: coTeacher }),
      400,
      "FAILED_PRECONDITION",
      "CannotRemoveTeacherWithNoCourseOwner",
    );
    // With an active owner again, the same removal goes through.
    await emu.control("PATCH", `/emulator/v1/users/${encodeURIComponent(ACCOUNTS.teacher)}`, { disabled: false });
    expect(ok(await admin.courses.teachers.delete({ courseId: course.id, userId: coTeacher }), "Empty")).toEqual({});
  });

  it("a student deletes themselves → 200 {}; deleting another student → 403", async () => {
    const w = await emu.world();
    const student = w.user(ACCOUNTS.student);
    const course = w.findCourse(
      "an ACTIVE course with student@ and others",
      (c) => c.courseState === "ACTIVE" && c.studentIds.includes(student.id) && c.studentIds.length > 1,
    );
    const api = await emu.as(ACCOUNTS.student);
    const other = course.studentIds.find((s) => s !== student.id)!;
    await expectApiError(api.courses.students.delete({ courseId: course.id, userId: other }), 403, "PERMISSION_DENIED");
    expect(ok(await api.courses.students.delete({ courseId: course.id, userId: "me" }), "Empty")).toEqual({});
    const after = (await emu.state()).courses.find((c) => c.id === course.id)!;
    expect(after.studentIds).not.toContain(student.id);
    expect(after.studentIds).toContain(other);
  });
});

describe("userProfiles.get", () => {
  it("unknown user → 403 PERMISSION_DENIED (not 404)", async () => {
    const admin = await emu.as(ACCOUNTS.admin);
    for (const userId of [UNKNOWN_EMAIL, UNKNOWN_USER_ID]) {
      await expectApiError(admin.userProfiles.get({ userId }), 403, "PERMISSION_DENIED");
    }
  });

  it("emailAddress only with classroom.profile.emails; photoUrl only with classroom.profile.photos", async () => {
    const w = await emu.world();
    const me = w.user(ACCOUNTS.teacher);
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.studentIds.length > 0);
    const variants: [string[], boolean, boolean][] = [
      [[SCOPE.rostersReadonly], false, false],
      [[SCOPE.rosters, SCOPE.profileEmails], true, false],
      [[SCOPE.profilePhotos], false, true],
      [[SCOPE.profileEmails, SCOPE.profilePhotos], true, true],
    ];
    for (const [scopes, email, photo] of variants) {
      const api = emu.client(await emu.token(ACCOUNTS.teacher, scopes));
      const p = await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
      expect(p.id).toBe(me.id);
      expect(p.name?.fullName).toBe(me.name);
      expect("emailAddress" in p, `emailAddress with ${scopes.join(" ")}`).toBe(email);
      expect("photoUrl" in p, `photoUrl with ${scopes.join(" ")}`).toBe(photo);
      if (email) expect(p.emailAddress).toBe(me.email);
      if (photo) expect(p.photoUrl).toMatch(/^(https?:)?\/\//);

      const roster = await okCall(api.courses.students.list({ courseId: course.id }), "ListStudentsResponse");
      for (const s of roster.students ?? []) {
        expect("emailAddress" in (s.profile ?? {})).toBe(email);
        expect("photoUrl" in (s.profile ?? {})).toBe(photo);
      }
    }
  });
});
