// courses.aliases: list, create and delete, held to Google's documented rules (domain-scoped
// aliases by domain admins only, visible within their domain; ALREADY_EXISTS for a taken alias).
import { describe, expect, it } from "vitest";
import { ACCOUNTS, expectApiError, okCall, setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();

describe("courses.aliases", () => {
  it("lists a course's aliases; an admin adds and removes a domain alias, which then resolves and stops resolving", async () => {
    const admin = await emu.as(ACCOUNTS.admin);
    const listed = await okCall(admin.courses.aliases.list({ courseId: "d:algebra1-p1" }), "ListCourseAliasesResponse");
    expect(listed.aliases).toEqual([{ alias: "d:algebra1-p1" }]);

    const course = await okCall(admin.courses.get({ id: "d:algebra1-p1" }), "Course");
    await okCall(
      admin.courses.aliases.create({ courseId: course.id!, requestBody: { alias: "d:sis-alg1-p1" } }),
      "CourseAlias",
    );
    expect((await okCall(admin.courses.get({ id: "d:sis-alg1-p1" }), "Course")).id).toBe(course.id);
    await expectApiError(
      admin.courses.aliases.create({ courseId: "d:chem", requestBody: { alias: "d:sis-alg1-p1" } }),
      409,
      "ALREADY_EXISTS",
    );
    await admin.courses.aliases.delete({ courseId: course.id!, alias: "d:sis-alg1-p1" });
    await expectApiError(admin.courses.get({ id: "d:sis-alg1-p1" }), 404, "NOT_FOUND");
    await expectApiError(
      admin.courses.aliases.delete({ courseId: course.id!, alias: "d:sis-alg1-p1" }),
      404,
      "NOT_FOUND",
    );
  });

  it("a teacher may add a project alias to their class, not a domain alias; a malformed alias is 400", async () => {
    const teacher = await emu.as(ACCOUNTS.teacher);
    await okCall(
      teacher.courses.aliases.create({ courseId: "d:algebra1-p1", requestBody: { alias: "p:my-app-1" } }),
      "CourseAlias",
    );
    await expectApiError(
      teacher.courses.aliases.create({ courseId: "d:algebra1-p1", requestBody: { alias: "d:mine" } }),
      403,
      "PERMISSION_DENIED",
    );
    await expectApiError(
      teacher.courses.aliases.create({ courseId: "d:algebra1-p1", requestBody: { alias: "nope" } }),
      400,
      "INVALID_ARGUMENT",
    );
    // Not their class: teacher2 owns Chemistry.
    await expectApiError(
      teacher.courses.aliases.create({ courseId: "d:chem", requestBody: { alias: "p:x" } }),
      403,
      "PERMISSION_DENIED",
    );
  });
});
