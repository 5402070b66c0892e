// courses.create and courses.patch: what the live conformance run uses to make and remove its own
// fixture class, held to Google's documented rules (and the emulator README's assumptions).
import { describe, expect, it } from "vitest";
import { ACCOUNTS, expectApiError, okCall, setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();

describe("courses.create", () => {
  it("creates a class owned by the caller, PROVISIONED by default, readable by its alias", async () => {
    const teacher = await emu.as(ACCOUNTS.teacher);
    const made = await okCall(
      teacher.courses.create({ requestBody: { id: "d:conf-run-1", name: "Conformance", ownerId: "me" } }),
      "Course",
    );
    expect(made).toMatchObject({ name: "Conformance", courseState: "PROVISIONED" });
    expect(made.ownerId).toBe((await emu.world()).user(ACCOUNTS.teacher).id);
    const byAlias = await okCall(teacher.courses.get({ id: "d:conf-run-1" }), "Course");
    expect(byAlias.id).toBe(made.id);
    const active = await okCall(
      teacher.courses.create({ requestBody: { name: "Conformance 2", ownerId: "me", courseState: "ACTIVE" } }),
      "Course",
    );
    expect(active.courseState).toBe("ACTIVE");
  });

  it("refuses a taken alias (409), a student (403), a link in the name, a missing name and a bad state", async () => {
    const teacher = await emu.as(ACCOUNTS.teacher);
    const create = (requestBody: Record<string, unknown>) => teacher.courses.create({ requestBody });
    await okCall(create({ id: "d:conf-taken", name: "A", ownerId: "me" }), "Course");
    await expectApiError(create({ id: "d:conf-taken", name: "B", ownerId: "me" }), 409, "ALREADY_EXISTS");
    await expectApiError(
      create({ name: "See https://example.com", ownerId: "me" }),
      400,
      "FAILED_PRECONDITION",
      "CourseTitleCannotContainUrl",
    );
    await expectApiError(create({ ownerId: "me" }), 400, "INVALID_ARGUMENT");
    await expectApiError(create({ name: "A", ownerId: "me", courseState: "ARCHIVED" }), 400, "INVALID_ARGUMENT");
    await expectApiError(create({ name: "A", ownerId: ACCOUNTS.teacher2 }), 403, "PERMISSION_DENIED");
    const student = await emu.as(ACCOUNTS.student);
    await expectApiError(
      student.courses.create({ requestBody: { name: "Mine", ownerId: "me" } }),
      403,
      "PERMISSION_DENIED",
    );
    // A domain admin may create a class for a teacher of the domain, not for a student.
    const admin = await emu.as(ACCOUNTS.admin);
    await okCall(admin.courses.create({ requestBody: { name: "For T2", ownerId: ACCOUNTS.teacher2 } }), "Course");
    await expectApiError(
      admin.courses.create({ requestBody: { name: "For S", ownerId: ACCOUNTS.student } }),
      400,
      "FAILED_PRECONDITION",
      "UserCannotOwnCourse",
    );
  });
});

describe("courses.patch", () => {
  it("archives a class so it can be deleted; needs an update mask; owner or admin only", async () => {
    const teacher = await emu.as(ACCOUNTS.teacher);
    const c = await okCall(
      teacher.courses.create({ requestBody: { name: "To archive", ownerId: "me", courseState: "ACTIVE" } }),
      "Course",
    );
    await expectApiError(teacher.courses.delete({ id: c.id! }), 400, "FAILED_PRECONDITION");
    await expectApiError(
      teacher.courses.patch({ id: c.id!, requestBody: { courseState: "ARCHIVED" } }),
      400,
      "INVALID_ARGUMENT",
    );
    const teacher2 = await emu.as(ACCOUNTS.teacher2);
    await expectApiError(
      teacher2.courses.patch({ id: c.id!, updateMask: "courseState", requestBody: { courseState: "ARCHIVED" } }),
      404,
      "NOT_FOUND",
    );
    await expectApiError(
      teacher.courses.patch({ id: c.id!, updateMask: "courseState", requestBody: { courseState: "DECLINED" } }),
      400,
      "FAILED_PRECONDITION",
    );
    const archived = await okCall(
      teacher.courses.patch({
        id: c.id!,
        updateMask: "courseState,section",
        requestBody: { courseState: "ARCHIVED", section: "Old" },
      }),
      "Course",
    );
    expect(archived).toMatchObject({ courseState: "ARCHIVED", section: "Old" });
    await okCall(teacher.courses.delete({ id: c.id! }), "Empty");
    await expectApiError(teacher.courses.get({ id: c.id! }), 404, "NOT_FOUND");
  });
});
