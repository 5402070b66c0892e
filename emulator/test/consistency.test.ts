// consistencyLagMs: reads lag writes, writes stay strongly consistent (one invitation per pair).
import { describe, expect, it } from "vitest";
import { ConsistencyLag } from "../src/lag";
import { ACCOUNTS, expectApiError, okCall, setupTestEmulator, sleep } from "./helpers";

const emu = setupTestEmulator();
// Long enough that the reads right after a write land inside it even on a loaded machine.
const LAG = 1_500;

describe("consistencyLagMs", () => {
  it("a new invitation is not listed or gettable until the lag has passed; a second create is still 409", async () => {
    await emu.config({ consistencyLagMs: LAG });
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const created = await okCall(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      "Invitation",
    );
    const listed = async () =>
      ((await teacher.invitations.list({ courseId: course.id })).data.invitations ?? []).map((i) => i.id);
    expect(await listed()).not.toContain(created.id);
    await expectApiError(teacher.invitations.get({ id: created.id! }), 404, "NOT_FOUND");
    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      409,
      "ALREADY_EXISTS",
    );
    await sleep(LAG + 50);
    expect(await listed()).toContain(created.id);
    await okCall(teacher.invitations.get({ id: created.id! }), "Invitation");
  });

  it("a revoked invitation is still listed until the lag has passed", async () => {
    const w = await emu.world();
    const inv = w.invitationsFor((i) => w.course(i.courseId).ownerId === w.user(ACCOUNTS.teacher).id)[0]!;
    await emu.config({ consistencyLagMs: LAG });
    const teacher = await emu.as(ACCOUNTS.teacher);
    await okCall(teacher.invitations.delete({ id: inv.id }), "Empty");
    const listed = async () =>
      ((await teacher.invitations.list({ courseId: inv.courseId })).data.invitations ?? []).map((i) => i.id);
    expect(await listed()).toContain(inv.id);
    await okCall(teacher.invitations.get({ id: inv.id }), "Invitation");
    await sleep(LAG + 50);
    expect(await listed()).not.toContain(inv.id);
  });

  it("an accepted invitation's new member shows in the roster only after the lag", async () => {
    const w = await emu.world();
    const me = w.user(ACCOUNTS.student);
    const inv = w.invitationsFor(
      (i) => i.userId === me.id && i.role === "STUDENT" && w.course(i.courseId).courseState === "ACTIVE",
    )[0]!;
    await emu.config({ consistencyLagMs: LAG });
    const student = await emu.as(ACCOUNTS.student);
    await okCall(student.invitations.accept({ id: inv.id }), "Empty");
    const teacher = await emu.as(w.userById(w.course(inv.courseId).ownerId).email);
    await expectApiError(teacher.courses.students.get({ courseId: inv.courseId, userId: me.id }), 404, "NOT_FOUND");
    await sleep(LAG + 50);
    await okCall(teacher.courses.students.get({ courseId: inv.courseId, userId: me.id }), "Student");
  });

  it("a removed student is still listed and gettable within the lag; a second delete is 404", async () => {
    const w = await emu.world();
    const course = w.findCourse(
      "an ACTIVE course of teacher@ with students",
      (c) => c.courseState === "ACTIVE" && c.ownerId === w.user(ACCOUNTS.teacher).id && c.studentIds.length > 0,
    );
    const studentId = course.studentIds[0]!;
    // Long enough that no read in this test can outlast it; the lag's end is checked without
    // waiting, by the tombstone's own clock below.
    await emu.config({ consistencyLagMs: 60_000 });
    const teacher = await emu.as(ACCOUNTS.teacher);
    await okCall(teacher.courses.students.delete({ courseId: course.id, userId: studentId }), "Empty");
    const listed = async () =>
      ((await teacher.courses.students.list({ courseId: course.id })).data.students ?? []).map((s) => s.userId);
    expect(await listed()).toContain(studentId);
    await okCall(teacher.courses.students.get({ courseId: course.id, userId: studentId }), "Student");
    await expectApiError(teacher.courses.students.delete({ courseId: course.id, userId: studentId }), 404, "NOT_FOUND");
    await emu.config({ consistencyLagMs: 0 });
    expect(await listed()).not.toContain(studentId);
  });

  it("a removal's tombstone lasts the lag, no longer, and a re-add within it is not shown twice", () => {
    const lag = new ConsistencyLag();
    lag.memberRemoved("c1", "u1", "students", 1_000);
    expect(lag.removedMemberIds("c1", "students", 500, 1_400)).toEqual(["u1"]);
    expect(lag.removedMemberIds("c1", "teachers", 500, 1_400)).toEqual([]);
    expect(lag.removedMemberIds("c1", "students", 500, 1_500)).toEqual([]);
    expect(lag.removedMemberIds("c1", "students", 0, 1_001)).toEqual([]);
    lag.memberAdded("c1", "u1", 1_200);
    expect(lag.removedMemberIds("c1", "students", 500, 1_400)).toEqual([]);
  });

  it("is off by default and bounded", async () => {
    expect(
      ((await emu.control("GET", "/emulator/v1/config")).body as { consistencyLagMs: number }).consistencyLagMs,
    ).toBe(0);
    expect((await emu.control("PUT", "/emulator/v1/config", { consistencyLagMs: 10_000_000 })).status).toBe(400);
  });
});
