// Portable conformance: the behaviour the dashboard relies on, asserted the same way on the
// emulator (default) and on a real test domain (CONFORMANCE_TARGET=google, docs/CONFORMANCE.md).
// Nothing here uses the emulator's control API; every write is undone after each test, and
// every read after a write tolerates Classroom's eventual consistency and any list order.
import { describe, expect, it } from "vitest";
import { SCOPE, UNKNOWN_COURSE, expectApiError, okCall, type Classroom } from "./helpers";
import { setupPortable } from "./portable";

const t = setupPortable();

async function invite() {
  const teacher = await t.as(t.teacher);
  const inv = await okCall(
    teacher.invitations.create({ requestBody: { courseId: t.courseId, userId: t.student, role: "STUDENT" } }),
    "Invitation",
  );
  return { teacher, inv };
}

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { response?: { status?: number } }) => e.response?.status ?? 0,
  );

/** The invitation reads 404, once the lists have caught up. */
async function expectGone(teacher: Classroom, id: string) {
  const answer = await t.eventually(
    () => status(teacher.invitations.get({ id })),
    (s) => s === 404,
  );
  expect(answer).toBe(404);
}

describe(`portable conformance (${process.env.CONFORMANCE_TARGET ?? "emulator"})`, () => {
  it("courses.get honours `fields`: only the fields asked for come back", async () => {
    const teacher = await t.as(t.teacher);
    const res = await teacher.courses.get({ id: t.courseId, fields: "id,name" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.data).sort()).toEqual(["id", "name"]);
    expect(res.data.id).toBe(t.courseId);
  });

  it("userProfiles.get: the email needs classroom.profile.emails; a photo URL is protocol-relative", async () => {
    const full = await okCall((await t.as(t.student)).userProfiles.get({ userId: "me" }), "UserProfile");
    expect(full.emailAddress?.toLowerCase()).toBe(t.student.toLowerCase());
    if (full.photoUrl) expect(full.photoUrl.startsWith("//")).toBe(true);
    const narrow = await t.as(t.student, [SCOPE.rosters, SCOPE.coursesReadonly]);
    const without = await okCall(narrow.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(without.id).toBe(full.id);
    expect(without.emailAddress).toBeUndefined();
  });

  it("an invitation is created, refused a second time (409 ALREADY_EXISTS), listed, read and deleted", async () => {
    const { teacher, inv } = await invite();
    expect(inv).toMatchObject({ courseId: t.courseId, role: "STUDENT", id: expect.any(String) });
    expect(inv.userId).toMatch(/^\d+$/); // the email given comes back as the numeric id

    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: t.courseId, userId: t.student, role: "STUDENT" } }),
      409,
      "ALREADY_EXISTS",
    );
    const listed = await t.eventually(
      async () => (await teacher.invitations.list({ courseId: t.courseId, userId: t.student })).data,
      (d) => (d.invitations ?? []).some((i) => i.id === inv.id),
    );
    expect((listed.invitations ?? []).map((i) => i.id)).toContain(inv.id);
    await okCall(teacher.invitations.get({ id: inv.id! }), "Invitation");

    await okCall(teacher.invitations.delete({ id: inv.id! }), "Empty");
    await expectGone(teacher, inv.id!);
  });

  it("the invitee accepts: they join the class and the invitation is gone", async () => {
    const { teacher, inv } = await invite();
    const student = await t.as(t.student);
    await okCall(student.invitations.accept({ id: inv.id! }), "Empty");
    const joined = await t.eventually(
      () => status(teacher.courses.students.get({ courseId: t.courseId, userId: t.student })),
      (s) => s === 200,
    );
    expect(joined).toBe(200);
    await expectGone(teacher, inv.id!);
  });

  it("an unknown class answers 404 NOT_FOUND in Google's error envelope", async () => {
    const teacher = await t.as(t.teacher);
    await expectApiError(teacher.courses.get({ id: UNKNOWN_COURSE }), 404, "NOT_FOUND");
  });

  it("a class is created under an alias, refused deletion while ACTIVE, archived, then deleted", async () => {
    const teacher = await t.as(t.teacher);
    const alias = `${t.alias}-extra`;
    const made = await okCall(
      teacher.courses.create({ requestBody: { id: alias, name: "Conformance extra", ownerId: "me" } }),
      "Course",
    );
    expect(made.courseState).toBe("PROVISIONED");
    const byAlias = await t.eventually(
      () =>
        teacher.courses.get({ id: alias }).then(
          (r) => r.data.id,
          () => undefined,
        ),
      (id) => id === made.id,
    );
    expect(byAlias).toBe(made.id);
    await okCall(
      teacher.courses.patch({ id: made.id!, updateMask: "courseState", requestBody: { courseState: "ACTIVE" } }),
      "Course",
    );
    // Assumption 20 of the emulator README: the API refuses to delete a class that is not archived.
    await expectApiError(teacher.courses.delete({ id: made.id! }), 400, "FAILED_PRECONDITION");
    await t.removeClass(made.id!);
    expect(
      await t.eventually(
        () => status(teacher.courses.get({ id: made.id! })),
        (s) => s === 404,
      ),
    ).toBe(404);
  });

  it("a token without classroom.rosters may not invite: 403 PERMISSION_DENIED, nothing created", async () => {
    const narrow = await t.as(t.teacher, [SCOPE.coursesReadonly]);
    await expectApiError(
      narrow.invitations.create({ requestBody: { courseId: t.courseId, userId: t.student, role: "STUDENT" } }),
      403,
      "PERMISSION_DENIED",
    );
    const teacher = await t.as(t.teacher);
    const listed = await teacher.invitations.list({ courseId: t.courseId, userId: t.student });
    expect(listed.data.invitations ?? []).toEqual([]);
  });
});
