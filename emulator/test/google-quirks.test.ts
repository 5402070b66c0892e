// Role-detection inputs and course rules as Google gives them: CREATE_COURSE and
// verifiedTeacher, short pages, invitations by course state, courses.delete, photoUrl, fields.
import { describe, expect, it } from "vitest";
import { ACCOUNTS, SCOPE, ALL_CLASSROOM_SCOPES, expectApiError, okCall, setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();

describe("role-detection inputs", () => {
  it("students lack CREATE_COURSE unless the domain lets anyone create classes (studentsCanCreateCourses)", async () => {
    const student = await emu.as(ACCOUNTS.student);
    const before = await okCall(student.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(before.permissions ?? []).toEqual([]);
    await emu.config({ studentsCanCreateCourses: true });
    const after = await okCall(student.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(after.permissions).toEqual([{ permission: "CREATE_COURSE" }]);
  });

  it("verifiedTeacher is returned on the caller's own profile (false unless the admin verified them), not to others", async () => {
    const teacher = await okCall((await emu.as(ACCOUNTS.teacher)).userProfiles.get({ userId: "me" }), "UserProfile");
    expect(teacher.verifiedTeacher).toBe(false);
    const personal = await okCall(
      (await emu.as("sam.rivera.family@gmail.com")).userProfiles.get({ userId: "me" }),
      "UserProfile",
    );
    expect(personal.verifiedTeacher).toBe(false);
    const other = await okCall(
      (await emu.as(ACCOUNTS.teacher2)).userProfiles.get({ userId: ACCOUNTS.teacher }),
      "UserProfile",
    );
    expect(other).not.toHaveProperty("verifiedTeacher");
  });

  it("shortPages: pages before the last come back short, and following nextPageToken still returns each item once", async () => {
    await emu.config({ shortPages: true });
    const admin = await emu.as(ACCOUNTS.admin);
    const all = (await admin.courses.list({ pageSize: 100 })).data.courses ?? [];
    const seen: string[] = [];
    let pageToken: string | undefined;
    let shortBeforeLast = false;
    do {
      const page = (await admin.courses.list({ pageSize: 6, pageToken })).data;
      pageToken = page.nextPageToken ?? undefined;
      if (pageToken && (page.courses ?? []).length < 6) shortBeforeLast = true;
      seen.push(...(page.courses ?? []).map((c) => c.id!));
    } while (pageToken);
    expect(shortBeforeLast).toBe(true);
    expect(seen.sort()).toEqual(all.map((c) => c.id!).sort());
  });
});

describe("courses", () => {
  it.each([
    ["ARCHIVED", ACCOUNTS.teacher, false],
    ["DECLINED", ACCOUNTS.teacher2, false],
    ["PROVISIONED", ACCOUNTS.teacher, true],
  ] as const)("invitations to a %s class (its owner %s): taken = %s", async (state, owner, taken) => {
    const w = await emu.world();
    const course = w.findCourse(
      `a ${state} class of ${owner}`,
      (c) => c.courseState === state && c.ownerId === w.user(owner).id,
    );
    const call = (await emu.as(owner)).invitations.create({
      requestBody: { courseId: course.id, userId: w.outsiderFor(course).id, role: "STUDENT" },
    });
    if (taken) await okCall(call, "Invitation");
    else await expectApiError(call, 400, "FAILED_PRECONDITION", "CourseNotModifiable");
  });

  it("courses.delete requires ARCHIVED", async () => {
    const w = await emu.world();
    const teacher = await emu.as(ACCOUNTS.teacher, [...ALL_CLASSROOM_SCOPES]);
    const active = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    await expectApiError(teacher.courses.delete({ id: active.id }), 400, "FAILED_PRECONDITION");
    await emu.control("PATCH", `/emulator/v1/courses/${active.id}`, { courseState: "ARCHIVED" });
    await okCall(teacher.courses.delete({ id: active.id }), "Empty");
  });

  it("photoUrl is protocol-relative, as Google's", async () => {
    const api = await emu.as(ACCOUNTS.teacher, [SCOPE.profilePhotos, SCOPE.profileEmails]);
    const me = await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(me.photoUrl).toMatch(/^\/\/[^/]/);
  });

  it("fields is honoured on the routes the app uses; a malformed selection → 400 before any write", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    const courses = (await api.courses.list({ teacherId: "me", fields: "courses(id,name),nextPageToken" })).data;
    expect(Object.keys(courses.courses![0]!).sort()).toEqual(["id", "name"]);
    const course = (await api.courses.get({ id: courses.courses![0]!.id!, fields: "id,courseState" })).data;
    expect(Object.keys(course).sort()).toEqual(["courseState", "id"]);
    const invs = (await api.invitations.list({ courseId: courses.courses![0]!.id!, fields: "invitations/userId" }))
      .data;
    for (const i of invs.invitations ?? []) expect(Object.keys(i)).toEqual(["userId"]);
    const roster = (
      await api.courses.teachers.list({ courseId: courses.courses![0]!.id!, fields: "teachers(profile/name/fullName)" })
    ).data;
    expect(roster.teachers![0]).toEqual({ profile: { name: { fullName: expect.any(String) } } });
    const w = await emu.world();
    const target = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(target);
    await expectApiError(
      api.invitations.create({
        fields: "id,(",
        requestBody: { courseId: target.id, userId: invitee.id, role: "STUDENT" },
      }),
      400,
      "INVALID_ARGUMENT",
    );
    expect((await emu.state()).invitations.some((i) => i.courseId === target.id && i.userId === invitee.id)).toBe(
      false,
    );
    const created = (
      await api.invitations.create({
        fields: "id",
        requestBody: { courseId: target.id, userId: invitee.id, role: "STUDENT" },
      })
    ).data;
    expect(Object.keys(created)).toEqual(["id"]);
  });
});
