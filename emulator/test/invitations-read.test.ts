import { describe, expect, it } from "vitest";
import { ACCOUNTS, UNKNOWN_COURSE, expectApiError, ids, ok, okCall, setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();

describe("invitations.get", () => {
  it("unknown id → 404 NOT_FOUND", async () => {
    const admin = await emu.as(ACCOUNTS.admin);
    await expectApiError(admin.invitations.get({ id: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    const teacher = await emu.as(ACCOUNTS.teacher);
    await expectApiError(teacher.invitations.get({ id: "000000000001" }), 404, "NOT_FOUND");
  });

  it("the invitee and the course's teachers get the same 4 fields create returned", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.teacherIds.includes(teacher2Id));
    const invitee = w.outsiderFor(course);
    const owner = await emu.as(ACCOUNTS.teacher);
    const created = await okCall(
      owner.invitations.create({ requestBody: { courseId: course.id, userId: invitee.email, role: "STUDENT" } }),
      "Invitation",
    );
    expect(Object.keys(created).sort()).toEqual(["courseId", "id", "role", "userId"]);
    for (const email of [invitee.email, ACCOUNTS.teacher, ACCOUNTS.teacher2, ACCOUNTS.admin]) {
      const api = await emu.as(email);
      const got = await okCall(api.invitations.get({ id: created.id! }), "Invitation");
      expect(got).toEqual(created);
    }
  });

  it("an unrelated user → 403 PERMISSION_DENIED", async () => {
    const w = await emu.world();
    const inv = w.s.invitations.find((i) => i.role === "STUDENT" && w.course(i.courseId).courseState === "ACTIVE")!;
    const course = w.course(inv.courseId);
    const unrelated = w.outsiderFor(course);
    for (const email of [unrelated.email, ACCOUNTS.guest]) {
      if (w.s.invitations.some((i) => i.courseId === course.id && w.userById(i.userId).email === email)) continue;
      const api = await emu.as(email);
      await expectApiError(api.invitations.get({ id: inv.id }), 403, "PERMISSION_DENIED");
    }
    // A teacher of another course is unrelated too.
    const t2 = w.user(ACCOUNTS.teacher2).id;
    if (!w.isTeacher(course, t2)) {
      await expectApiError((await emu.as(ACCOUNTS.teacher2)).invitations.get({ id: inv.id }), 403, "PERMISSION_DENIED");
    }
  });
});

describe("invitations.list", () => {
  it("neither userId nor courseId → 400 INVALID_ARGUMENT", async () => {
    for (const email of [ACCOUNTS.admin, ACCOUNTS.teacher, ACCOUNTS.student]) {
      await expectApiError((await emu.as(email)).invitations.list({}), 400, "INVALID_ARGUMENT");
    }
  });

  it("userId=me returns exactly the caller's pending invitations across courses (student and teacher)", async () => {
    const w = await emu.world();
    for (const email of [ACCOUNTS.student, ACCOUNTS.newteacher, ACCOUNTS.guest]) {
      const me = w.user(email);
      const expected = w.s.invitations.filter((i) => i.userId === me.id);
      expect(expected.length, `${email} has pending invitations in the seed`).toBeGreaterThan(0);
      const body = await okCall((await emu.as(email)).invitations.list({ userId: "me" }), "ListInvitationsResponse");
      expect(ids(body.invitations)).toEqual(expected.map((i) => i.id).sort());
      for (const inv of body.invitations ?? []) {
        const s = expected.find((e) => e.id === inv.id)!;
        expect(inv).toEqual({ id: s.id, courseId: s.courseId, userId: s.userId, role: s.role });
      }
    }
    const student = w.user(ACCOUNTS.student);
    const studentInvites = w.s.invitations.filter((i) => i.userId === student.id);
    expect(studentInvites.length).toBeGreaterThanOrEqual(3);
    expect(studentInvites.some((i) => w.course(i.courseId).courseState === "ACTIVE")).toBe(true);
    expect(studentInvites.some((i) => w.course(i.courseId).courseState === "ARCHIVED")).toBe(true);
  });

  it("courseId=X from a teacher of X returns all pending invitations for X", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.teacherIds.includes(teacher2Id));
    const expected = w.s.invitations
      .filter((i) => i.courseId === course.id)
      .map((i) => i.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    for (const email of [ACCOUNTS.teacher, ACCOUNTS.teacher2, ACCOUNTS.admin]) {
      const body = await okCall(
        (await emu.as(email)).invitations.list({ courseId: course.id }),
        "ListInvitationsResponse",
      );
      expect(ids(body.invitations)).toEqual(expected);
    }
  });

  it("courseId=X from a non-teacher (student of X, or an invitee) is refused with 403", async () => {
    // (A) Documented choice: 403 PERMISSION_DENIED rather than a filtered list.
    const w = await emu.world();
    const student = w.user(ACCOUNTS.student);
    const invited = w.s.invitations.find(
      (i) => i.userId === student.id && w.course(i.courseId).courseState === "ACTIVE",
    )!;
    const enrolled = w.findCourse("a course student@ is enrolled in", (c) => c.studentIds.includes(student.id));
    const api = await emu.as(ACCOUNTS.student);
    for (const courseId of [enrolled.id, invited.courseId]) {
      await expectApiError(api.invitations.list({ courseId }), 403, "PERMISSION_DENIED");
    }
    // A student listing another user's invitations is refused too.
    const someoneElse = w.s.invitations.find((i) => i.userId !== student.id)!;
    await expectApiError(api.invitations.list({ userId: someoneElse.userId }), 403, "PERMISSION_DENIED");
  });

  it("both filters return the intersection", async () => {
    const w = await emu.world();
    const student = w.user(ACCOUNTS.student);
    const mine = w.s.invitations.filter((i) => i.userId === student.id);
    const target = mine[0]!;
    const me = await emu.as(ACCOUNTS.student);
    const body = await okCall(
      me.invitations.list({ userId: "me", courseId: target.courseId }),
      "ListInvitationsResponse",
    );
    expect(ids(body.invitations)).toEqual([target.id]);

    const teacherApi = await emu.as(ACCOUNTS.admin);
    const course = w.course(target.courseId);
    const other = w.s.invitations.find((i) => i.courseId !== course.id && i.userId === student.id)!;
    const both = await okCall(
      teacherApi.invitations.list({ userId: student.email, courseId: target.courseId }),
      "ListInvitationsResponse",
    );
    expect(ids(both.invitations)).toEqual([target.id]);
    expect(ids(both.invitations)).not.toContain(other.id);
    const none = await okCall(
      teacherApi.invitations.list({ userId: w.user(ACCOUNTS.guest).id, courseId: target.courseId }),
      "ListInvitationsResponse",
    );
    expect(none.invitations ?? []).toHaveLength(0);
  });

  it("shape {invitations,nextPageToken}; an empty result omits both keys", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    const empty = ok(await admin.invitations.list({ userId: "me" }), "ListInvitationsResponse");
    expect(w.s.invitations.some((i) => i.userId === w.user(ACCOUNTS.admin).id)).toBe(false);
    expect(empty).toEqual({});
    const some = ok(await admin.invitations.list({ userId: ACCOUNTS.student, pageSize: 1 }), "ListInvitationsResponse");
    expect(Object.keys(some).sort()).toEqual(["invitations", "nextPageToken"]);
    expect(some.invitations).toHaveLength(1);
  });
});

describe("invitations.delete", () => {
  it("a course teacher deletes: 200 {}, then get 404 and list no longer includes it", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.teacherIds.includes(teacher2Id));
    const inv = w.s.invitations.find((i) => i.courseId === course.id)!;
    const coTeacher = await emu.as(ACCOUNTS.teacher2);
    const res = await coTeacher.invitations.delete({ id: inv.id });
    expect(ok(res, "Empty")).toEqual({});
    await expectApiError(coTeacher.invitations.get({ id: inv.id }), 404, "NOT_FOUND");
    const list = await okCall(coTeacher.invitations.list({ courseId: course.id }), "ListInvitationsResponse");
    expect(ids(list.invitations)).not.toContain(inv.id);
    expect((await emu.state()).invitations.some((i) => i.id === inv.id)).toBe(false);
  });

  it("unknown id → 404; a caller not permitted → 403 (and nothing is deleted)", async () => {
    const w = await emu.world();
    const teacher = await emu.as(ACCOUNTS.teacher);
    await expectApiError(teacher.invitations.delete({ id: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    const inv = w.s.invitations.find((i) => {
      const c = w.course(i.courseId);
      return !w.isTeacher(c, w.user(ACCOUNTS.teacher).id) && c.courseState === "ACTIVE";
    })!;
    const unrelatedStudent = w.outsiderFor(w.course(inv.courseId));
    for (const email of [ACCOUNTS.teacher, unrelatedStudent.email]) {
      await expectApiError((await emu.as(email)).invitations.delete({ id: inv.id }), 403, "PERMISSION_DENIED");
    }
    expect((await emu.state()).invitations.some((i) => i.id === inv.id)).toBe(true);
  });
});
