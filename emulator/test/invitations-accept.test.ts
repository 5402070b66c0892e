import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  expectApiError,
  ok,
  okCall,
  setupTestEmulator,
  type Classroom,
  type EmuCourse,
  type World,
} from "./helpers";

const emu = setupTestEmulator();

/** Creates a fresh invitation in an ACTIVE course of teacher@ for an outsider. */
async function freshInvitation(w: World, role: "STUDENT" | "TEACHER", course?: EmuCourse) {
  const c = course ?? w.activeCourseOwnedBy(ACCOUNTS.teacher);
  const invitee = w.outsiderFor(c);
  const owner = await emu.as(ACCOUNTS.teacher);
  const inv = await okCall(
    owner.invitations.create({ requestBody: { courseId: c.id, userId: invitee.id, role } }),
    "Invitation",
  );
  return { course: c, invitee, inv, owner };
}

async function rosterIds(api: Classroom, courseId: string, which: "students" | "teachers"): Promise<string[]> {
  const out: string[] = [];
  let pageToken: string | undefined;
  do {
    if (which === "students") {
      const b = await okCall(api.courses.students.list({ courseId, pageToken, pageSize: 100 }), "ListStudentsResponse");
      out.push(...(b.students ?? []).map((s) => s.userId!));
      pageToken = b.nextPageToken || undefined;
    } else {
      const b = await okCall(api.courses.teachers.list({ courseId, pageToken, pageSize: 100 }), "ListTeachersResponse");
      out.push(...(b.teachers ?? []).map((s) => s.userId!));
      pageToken = b.nextPageToken || undefined;
    }
  } while (pageToken);
  return out;
}

describe("invitations.accept", () => {
  it("only the invited user may accept; owner, co-teacher, admin and others get 403", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.teacherIds.includes(teacher2Id));
    const { inv, invitee } = await freshInvitation(w, "STUDENT", course);
    const bystander = w.outsiderFor(course, [invitee.email]);
    for (const email of [ACCOUNTS.teacher, ACCOUNTS.teacher2, ACCOUNTS.admin, bystander.email]) {
      await expectApiError((await emu.as(email)).invitations.accept({ id: inv.id! }), 403, "PERMISSION_DENIED");
    }
    const s = await emu.state();
    expect(s.invitations.some((i) => i.id === inv.id)).toBe(true);
    expect(s.courses.find((c) => c.id === course.id)!.studentIds).not.toContain(invitee.id);
    ok(await (await emu.as(invitee.email)).invitations.accept({ id: inv.id! }), "Empty");
  });

  it("success: 200 {}, the invitation is gone and the user is on the roster (STUDENT and TEACHER)", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    for (const role of ["STUDENT", "TEACHER"] as const) {
      const { inv, invitee, course } = await freshInvitation(w, role);
      const api = await emu.as(invitee.email);
      const res = await api.invitations.accept({ id: inv.id! });
      expect(ok(res, "Empty")).toEqual({});
      await expectApiError(admin.invitations.get({ id: inv.id! }), 404, "NOT_FOUND");
      const listed = await okCall(
        admin.invitations.list({ courseId: course.id, pageSize: 500 }),
        "ListInvitationsResponse",
      );
      expect((listed.invitations ?? []).map((i) => i.id)).not.toContain(inv.id);
      await expectApiError(api.invitations.accept({ id: inv.id! }), 404, "NOT_FOUND");
      const which = role === "STUDENT" ? "students" : "teachers";
      expect(await rosterIds(admin, course.id, which)).toContain(invitee.id);
      const other = role === "STUDENT" ? "teachers" : "students";
      expect(await rosterIds(admin, course.id, other)).not.toContain(invitee.id);
      const stateCourse = (await emu.state()).courses.find((c) => c.id === course.id)!;
      expect(role === "STUDENT" ? stateCourse.studentIds : stateCourse.teacherIds).toContain(invitee.id);
    }
    // The seeded student accepts their own ACTIVE-course invitation.
    const student = w.user(ACCOUNTS.student);
    const seeded = w.s.invitations.find(
      (i) => i.userId === student.id && i.role === "STUDENT" && w.course(i.courseId).courseState === "ACTIVE",
    )!;
    ok(await (await emu.as(ACCOUNTS.student)).invitations.accept({ id: seeded.id }), "Empty");
    expect(await rosterIds(admin, seeded.courseId, "students")).toContain(student.id);
  });

  it("TEACHER accept at the teacher limit → 400 @CourseTeacherLimitReached, nothing changes", async () => {
    const w = await emu.world();
    const { inv, invitee, course } = await freshInvitation(w, "TEACHER");
    const teachers = new Set([course.ownerId, ...course.teacherIds]).size;
    await emu.config({ limits: { teachersPerCourse: teachers } });
    const before = await emu.state();
    await expectApiError(
      (await emu.as(invitee.email)).invitations.accept({ id: inv.id! }),
      400,
      "FAILED_PRECONDITION",
      "CourseTeacherLimitReached",
    );
    expect(await emu.state()).toEqual(before);

    // The seed's course that sits at the default limit (50) refuses a pending TEACHER invitation.
    await emu.reset();
    const fresh = await emu.world();
    const full = fresh.s.invitations.find(
      (i) =>
        i.role === "TEACHER" &&
        new Set([fresh.course(i.courseId).ownerId, ...fresh.course(i.courseId).teacherIds]).size >= 50,
    );
    expect(full, "seed has a pending TEACHER invitation to a course at its teacher limit").toBeDefined();
    await expectApiError(
      (await emu.as(fresh.userById(full!.userId).email)).invitations.accept({ id: full!.id }),
      400,
      "FAILED_PRECONDITION",
      "CourseTeacherLimitReached",
    );
  });

  it("an accept that would exceed membersPerCourse → 400 @CourseMemberLimitReached", async () => {
    const w = await emu.world();
    for (const role of ["STUDENT", "TEACHER"] as const) {
      await emu.reset();
      const { inv, invitee, course } = await freshInvitation(w, role);
      const members = new Set([course.ownerId, ...course.teacherIds, ...course.studentIds]).size;
      await emu.config({ limits: { membersPerCourse: members } });
      const before = await emu.state();
      await expectApiError(
        (await emu.as(invitee.email)).invitations.accept({ id: inv.id! }),
        400,
        "FAILED_PRECONDITION",
        "CourseMemberLimitReached",
      );
      expect(await emu.state()).toEqual(before);
    }
  });

  it("accept on a non-modifiable course (ARCHIVED, DECLINED, SUSPENDED) → 400 @CourseNotModifiable", async () => {
    const w = await emu.world();
    const student = w.user(ACCOUNTS.student);
    const archivedInvite = w.s.invitations.find(
      (i) => i.userId === student.id && w.course(i.courseId).courseState === "ARCHIVED",
    );
    expect(archivedInvite, "student@ has an invitation to an ARCHIVED course").toBeDefined();
    const tried: string[] = [];
    for (const state of ["ARCHIVED", "DECLINED", "SUSPENDED"]) {
      const inv =
        state === "ARCHIVED"
          ? archivedInvite!
          : w.s.invitations.find((i) => w.course(i.courseId).courseState === state && !w.userById(i.userId).disabled);
      if (!inv) continue;
      tried.push(state);
      const invitee = w.userById(inv.userId);
      await expectApiError(
        (await emu.as(invitee.email)).invitations.accept({ id: inv.id }),
        400,
        "FAILED_PRECONDITION",
        "CourseNotModifiable",
      );
    }
    expect(tried.length).toBeGreaterThanOrEqual(2);
    const s = await emu.state();
    expect(s.invitations.some((i) => i.id === archivedInvite!.id)).toBe(true);
  });

  it("a user at the groups membership limit → 400 @UserGroupsMembershipLimitReached", async () => {
    // The demo seed flags omar.farouk@northwood.edu (documented in emulator/README.md) and gives him a STUDENT invitation.
    const w = await emu.world();
    const flagged = w.user("omar.farouk@northwood.edu");
    const inv = w.s.invitations.find((i) => i.userId === flagged.id && w.course(i.courseId).courseState === "ACTIVE");
    expect(inv).toBeDefined();
    await expectApiError(
      (await emu.as(flagged.email)).invitations.accept({ id: inv!.id }),
      400,
      "FAILED_PRECONDITION",
      "UserGroupsMembershipLimitReached",
    );
    expect((await emu.state()).courses.find((c) => c.id === inv!.courseId)!.studentIds).not.toContain(flagged.id);
  });

  it("an OWNER accept makes the invitee ownerId; the previous owner stays a teacher", async () => {
    const w = await emu.world();
    const teacher2Id = w.user(ACCOUNTS.teacher2).id;
    const course = w.activeCourseOwnedBy(
      ACCOUNTS.teacher,
      (c) =>
        c.teacherIds.includes(teacher2Id) && !w.s.invitations.some((i) => i.courseId === c.id && i.role === "OWNER"),
    );
    const previousOwner = course.ownerId;
    const owner = await emu.as(ACCOUNTS.teacher);
    const inv = await okCall(
      owner.invitations.create({ requestBody: { courseId: course.id, userId: ACCOUNTS.teacher2, role: "OWNER" } }),
      "Invitation",
    );
    const t2 = await emu.as(ACCOUNTS.teacher2);
    expect(ok(await t2.invitations.accept({ id: inv.id! }), "Empty")).toEqual({});
    const c = await okCall(t2.courses.get({ id: course.id }), "Course");
    expect(c.ownerId).toBe(teacher2Id);
    const teachers = await rosterIds(t2, course.id, "teachers");
    expect(teachers).toContain(previousOwner);
    expect(teachers).toContain(teacher2Id);
    const s = await emu.state();
    expect(s.courses.find((x) => x.id === course.id)!.ownerId).toBe(teacher2Id);

    // The seeded pending OWNER invitation works the same way.
    const seeded = w.s.invitations.find((i) => i.role === "OWNER")!;
    const seededOwner = w.course(seeded.courseId).ownerId;
    const invitee = w.userById(seeded.userId);
    ok(await (await emu.as(invitee.email)).invitations.accept({ id: seeded.id }), "Empty");
    const after = (await emu.state()).courses.find((x) => x.id === seeded.courseId)!;
    expect(after.ownerId).toBe(invitee.id);
    expect(after.teacherIds).toContain(seededOwner);
  });
});
