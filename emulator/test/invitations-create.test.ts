import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  UNKNOWN_COURSE,
  UNKNOWN_EMAIL,
  UNKNOWN_USER_ID,
  expectApiError,
  ok,
  okCall,
  setupTestEmulator,
} from "./helpers";

const emu = setupTestEmulator();

/**
 * An ACTIVE course of teacher@, co-taught by teacher2@, with no pending OWNER invitation,
 * and a third co-teacher the admin has just added.
 */
async function ownerTransferCourse() {
  const w = await emu.world();
  const teacher2Id = w.user(ACCOUNTS.teacher2).id;
  const course = w.activeCourseOwnedBy(
    ACCOUNTS.teacher,
    (c) => c.teacherIds.includes(teacher2Id) && !w.s.invitations.some((i) => i.courseId === c.id && i.role === "OWNER"),
  );
  const admin = await emu.as(ACCOUNTS.admin);
  const third = w.outsiderFor(course);
  await okCall(admin.courses.teachers.create({ courseId: course.id, requestBody: { userId: third.id } }), "Teacher");
  return { w, course, admin, third, teacher2Id };
}

describe("invitations.create", () => {
  it("owner, co-teacher and domain admin create; the Invitation has a server id, same courseId and role", async () => {
    const w = await emu.world();
    const teacherId = w.user(ACCOUNTS.teacher).id;
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const coTaught = w.findCourse(
      "an ACTIVE course owned by teacher@ and co-taught by teacher2@",
      (c) => c.ownerId === teacherId && c.teacherIds.includes(teacher2Id) && c.courseState === "ACTIVE",
    );
    const [a, b, c] = w.outsidersFor(coTaught, 3);
    const callers = [
      [ACCOUNTS.teacher, a!, "STUDENT"],
      [ACCOUNTS.teacher2, b!, "TEACHER"],
      [ACCOUNTS.admin, c!, "STUDENT"],
    ] as const;
    const created: string[] = [];
    for (const [caller, invitee, role] of callers) {
      const api = await emu.as(caller);
      const inv = await okCall(
        api.invitations.create({ requestBody: { courseId: coTaught.id, userId: invitee.id, role } }),
        "Invitation",
      );
      expect(inv.id).toMatch(/^\d+$/);
      expect(inv.courseId).toBe(coTaught.id);
      expect(inv.role).toBe(role);
      expect(inv.userId).toBe(invitee.id);
      created.push(inv.id!);
    }
    expect(new Set(created).size).toBe(3);
    const s = await emu.state();
    for (const id of created) expect(s.invitations.some((i) => i.id === id)).toBe(true);
  });

  it("a student, an outsider, or a teacher of another course → 403 PERMISSION_DENIED", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(
      ACCOUNTS.teacher,
      (c) => !c.teacherIds.includes(teacher2Id) && c.studentIds.length > 0,
    );
    const invitee = w.outsiderFor(course);
    const enrolledStudent = w.userById(course.studentIds[0]!);
    const outsider = w.outsiderFor(course, [invitee.email]);
    for (const email of [enrolledStudent.email, outsider.email, ACCOUNTS.teacher2, ACCOUNTS.guest]) {
      const api = await emu.as(email);
      await expectApiError(
        api.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
        403,
        "PERMISSION_DENIED",
      );
    }
    const after = await emu.state();
    expect(after.invitations.some((i) => i.courseId === course.id && i.userId === invitee.id)).toBe(false);
  });

  it("unknown courseId or a userId that resolves to no user → 404 NOT_FOUND", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const admin = await emu.as(ACCOUNTS.admin);
    const teacher = await emu.as(ACCOUNTS.teacher);
    await expectApiError(
      admin.invitations.create({
        requestBody: { courseId: UNKNOWN_COURSE, userId: w.outsiderFor(course).id, role: "STUDENT" },
      }),
      404,
      "NOT_FOUND",
    );
    for (const userId of [UNKNOWN_EMAIL, UNKNOWN_USER_ID]) {
      await expectApiError(
        teacher.invitations.create({ requestBody: { courseId: course.id, userId, role: "STUDENT" } }),
        404,
        "NOT_FOUND",
      );
    }
  });

  it("second create for same user+course → 409 ALREADY_EXISTS (any role); after delete it succeeds", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);
    const first = await okCall(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      "Invitation",
    );
    for (const role of ["STUDENT", "TEACHER"]) {
      await expectApiError(
        teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.email, role } }),
        409,
        "ALREADY_EXISTS",
      );
    }
    expect(ok(await teacher.invitations.delete({ id: first.id! }), "Empty")).toEqual({});
    const again = await okCall(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "TEACHER" } }),
      "Invitation",
    );
    expect(again.role).toBe("TEACHER");
    expect(again.id).not.toBe(first.id);
  });

  it("invitee already holds the role or a greater one → 400 FAILED_PRECONDITION", async () => {
    const w = await emu.world();
    const teacherUser = w.user(ACCOUNTS.teacher);
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.findCourse(
      "ACTIVE course of teacher@ co-taught by teacher2@ with students",
      (c) =>
        c.ownerId === teacherUser.id &&
        c.teacherIds.includes(teacher2Id) &&
        c.studentIds.length > 0 &&
        c.courseState === "ACTIVE",
    );
    const admin = await emu.as(ACCOUNTS.admin);
    const cases = [
      [teacher2Id, "STUDENT"], // co-teacher invited as student
      [teacherUser.id, "STUDENT"], // owner invited as student
      [teacher2Id, "TEACHER"], // teacher invited as teacher
      [teacherUser.id, "TEACHER"], // owner invited as teacher
      [course.studentIds[0]!, "STUDENT"], // student invited as student
    ] as const;
    for (const [userId, role] of cases) {
      await expectApiError(
        admin.invitations.create({ requestBody: { courseId: course.id, userId, role } }),
        400,
        "FAILED_PRECONDITION",
      );
    }
  });

  it("role OWNER for a user who is not a teacher of the course → 400 @IneligibleOwner", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.studentIds.length > 0);
    const teacher = await emu.as(ACCOUNTS.teacher);
    for (const userId of [w.outsiderFor(course).id, course.studentIds[0]!]) {
      await expectApiError(
        teacher.invitations.create({ requestBody: { courseId: course.id, userId, role: "OWNER" } }),
        400,
        "FAILED_PRECONDITION",
        "IneligibleOwner",
      );
    }
  });

  it("only the owner or an admin may start an ownership transfer: a co-teacher's OWNER invitation → 403", async () => {
    const { course, admin, third } = await ownerTransferCourse();
    await expectApiError(
      (await emu.as(ACCOUNTS.teacher2)).invitations.create({
        requestBody: { courseId: course.id, userId: third.id, role: "OWNER" },
      }),
      403,
      "PERMISSION_DENIED",
    );
    const byAdmin = await okCall(
      admin.invitations.create({ requestBody: { courseId: course.id, userId: third.id, role: "OWNER" } }),
      "Invitation",
    );
    expect(byAdmin.role).toBe("OWNER");
  });

  it("a second OWNER invitation while one is pending → 400 @PendingInvitationExists", async () => {
    const { w, course, admin, third, teacher2Id } = await ownerTransferCourse();
    const owner = await emu.as(ACCOUNTS.teacher);
    const first = await okCall(
      owner.invitations.create({ requestBody: { courseId: course.id, userId: teacher2Id, role: "OWNER" } }),
      "Invitation",
    );
    expect(first.role).toBe("OWNER");
    await expectApiError(
      owner.invitations.create({ requestBody: { courseId: course.id, userId: third.id, role: "OWNER" } }),
      400,
      "FAILED_PRECONDITION",
      "PendingInvitationExists",
    );
    // The seeded pending OWNER invitation blocks a new one the same way.
    const seeded = w.s.invitations.find((i) => i.role === "OWNER")!;
    const seededCourse = w.course(seeded.courseId);
    const otherTeacher = w.teachersOf(seededCourse).find((t) => t !== seeded.userId && t !== seededCourse.ownerId);
    const candidate = otherTeacher ?? w.outsiderFor(seededCourse).id;
    if (!otherTeacher) {
      await okCall(
        admin.courses.teachers.create({ courseId: seededCourse.id, requestBody: { userId: candidate } }),
        "Teacher",
      );
    }
    await expectApiError(
      admin.invitations.create({ requestBody: { courseId: seededCourse.id, userId: candidate, role: "OWNER" } }),
      400,
      "FAILED_PRECONDITION",
      "PendingInvitationExists",
    );
  });

  it("a disabled invitee → 400 FAILED_PRECONDITION", async () => {
    const w = await emu.world();
    const disabled = w.user(ACCOUNTS.disabled);
    expect(disabled.disabled).toBe(true);
    const course = w.activeCourseOwnedBy(
      ACCOUNTS.teacher,
      (c) => !c.studentIds.includes(disabled.id) && !w.hasInvitation(c.id, disabled.id),
    );
    const teacher = await emu.as(ACCOUNTS.teacher);
    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: disabled.email, role: "STUDENT" } }),
      400,
      "FAILED_PRECONDITION",
    );
  });

  it("role missing or COURSE_ROLE_UNSPECIFIED → 400 INVALID_ARGUMENT", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);
    const teacher = await emu.as(ACCOUNTS.teacher);
    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id } }),
      400,
      "INVALID_ARGUMENT",
    );
    await expectApiError(
      teacher.invitations.create({
        requestBody: { courseId: course.id, userId: invitee.id, role: "COURSE_ROLE_UNSPECIFIED" },
      }),
      400,
      "INVALID_ARGUMENT",
    );
    expect((await emu.state()).invitations.some((i) => i.userId === invitee.id && i.courseId === course.id)).toBe(
      false,
    );
  });

  it("more than invitationsPerTeacherPerDay invitations from one teacher → 429 @UserInvitationQuotaExhausted, no Retry-After", async () => {
    await emu.config({ quotas: { invitationsPerTeacherPerDay: 3 } });
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const people = w.outsidersFor(course, 5);
    const teacher = await emu.as(ACCOUNTS.teacher);
    for (const u of people.slice(0, 3)) {
      await okCall(
        teacher.invitations.create({ requestBody: { courseId: course.id, userId: u.id, role: "STUDENT" } }),
        "Invitation",
      );
    }
    const e = await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: people[3]!.id, role: "STUDENT" } }),
      429,
      "RESOURCE_EXHAUSTED",
      "UserInvitationQuotaExhausted",
    );
    // A daily cap, not the per-minute quota: its own reason, the legacy quotaExceeded, and no
    // Retry-After (nothing clears it before tomorrow).
    expect(e.headers["retry-after"]).toBeUndefined();
    expect(e.data.error.errors?.[0]?.reason).toBe("quotaExceeded");
    expect(e.data.error.details?.[0]).toMatchObject({ reason: "USER_INVITATION_QUOTA_EXHAUSTED" });
    // The cap is per teacher: another teacher of a course still invites.
    const other = w.activeCourseOwnedBy(ACCOUNTS.teacher2);
    const t2 = await emu.as(ACCOUNTS.teacher2);
    await okCall(
      t2.invitations.create({ requestBody: { courseId: other.id, userId: w.outsiderFor(other).id, role: "STUDENT" } }),
      "Invitation",
    );
  });

  it("the limit counts over a rolling quotas.invitationWindowSeconds: a refused create succeeds once the window rolls", async () => {
    await emu.config({ quotas: { invitationsPerTeacherPerDay: 2, invitationWindowSeconds: 1 } });
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const people = w.outsidersFor(course, 3);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const invite = (i: number) =>
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: people[i]!.id, role: "STUDENT" } });
    await okCall(invite(0), "Invitation");
    await okCall(invite(1), "Invitation");
    await expectApiError(invite(2), 429, "RESOURCE_EXHAUSTED");
    await new Promise((r) => setTimeout(r, 1_100));
    await okCall(invite(2), "Invitation");
  });
});
