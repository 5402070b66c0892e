// lib/classroom against the real emulator, through the real Google client and real sockets.
// Faults come from the emulator's control API, not from mocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLibEmulator, type EmulatorState as State, type LibEmulator } from "@/lib/test/emulator";
import type { AccessToken } from "@/lib/google/client";
import { AppError } from "@/lib/google/errors";
import { getCourse, listCourses } from "./courses";
import { createInvitation, InvitationExistsError } from "./create-invitations";
import { acceptInvitation, getInvitation, listInvitations, listInvitationsForCourses } from "./invitations";
import { revokeInvitation } from "./revoke-invitations";
import { detectRole } from "./me";
import { getProfile, getProfiles } from "./profiles";
import { getMembership, listStudents, listTeachers } from "./rosters";

let emu: LibEmulator;
/** Small delays: the emulator answers at once, and faults are injected. */
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, reread: { windowMs: 100, intervalMs: 20 } };

const state = () => emu.state();
const faults = (rules: unknown[]) => emu.faults(rules);
const tokenFor = (email: string) => emu.tokenFor(email);
const userByEmail = (s: State, email: string) => {
  const u = s.users.find((x) => x.email === email);
  if (!u) throw new Error(`seed lacks ${email}`);
  return u;
};

/** An ACTIVE course owned by `ownerId`, and a student who is neither in it nor invited to it. */
function freshTarget(s: State, ownerId: string) {
  for (const course of s.courses.filter((c) => c.ownerId === ownerId && c.courseState === "ACTIVE")) {
    const student = s.users.find(
      (u) =>
        !u.disabled &&
        !u.isAdmin &&
        u.email.endsWith("@northwood.edu") &&
        !course.studentIds.includes(u.id) &&
        !course.teacherIds.includes(u.id) &&
        !s.invitations.some((i) => i.courseId === course.id && i.userId === u.id) &&
        s.courses.some((c) => c.studentIds.includes(u.id)),
    );
    if (student) return { course, student };
  }
  throw new Error("no fresh (course, student) pair in the seed");
}

let teacher: AccessToken;
let student: AccessToken;
let admin: AccessToken;

beforeAll(async () => {
  emu = await startLibEmulator();
  [teacher, student, admin] = await Promise.all([
    tokenFor("teacher@northwood.edu"),
    tokenFor("student@northwood.edu"),
    tokenFor("admin@northwood.edu"),
  ]);
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(async () => {
  // Reset restores the demo school and clears faults; the tokens above stay valid (tokens.ts).
  await emu.control("POST", "/reset", {});
});

describe("createInvitation", () => {
  it("creates, and a second create is ALREADY_EXISTS carrying the existing invitation", async () => {
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    const { invitation, reconciled } = await createInvitation(teacher, {
      courseId: course.id,
      userId: invitee.email,
      role: "STUDENT",
    });
    expect(reconciled).toBe(false);
    expect(invitation).toMatchObject({ courseId: course.id, userId: invitee.id, role: "STUDENT" });
    expect(invitation.id).toMatch(/\S/);

    const err = await createInvitation(teacher, { courseId: course.id, userId: invitee.email, role: "TEACHER" }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(InvitationExistsError);
    expect(err.code).toBe("ALREADY_EXISTS");
    expect(err.existing?.id).toBe(invitation.id);
    expect(err.userMessage).toContain("as a student");
    expect(await getInvitation(teacher, invitation.id)).toEqual(invitation);
  });

  it("reconciles a create whose response was lost (dropAfterCommit), creating exactly one", async () => {
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    await faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
    const { invitation, reconciled } = await createInvitation(
      teacher,
      { courseId: course.id, userId: invitee.email, role: "STUDENT" },
      fast,
    );
    expect(reconciled).toBe(true);
    const after = await state();
    const matching = after.invitations.filter((i) => i.courseId === course.id && i.userId === invitee.id);
    expect(matching).toEqual([{ id: invitation.id, courseId: course.id, userId: invitee.id, role: "STUDENT" }]);
  });

  it("a 503 before commit is surfaced (retryable), nothing created, no blind re-post", async () => {
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    await faults([{ method: "POST", path: "^/v1/invitations$", status: 503, times: 1 }]);
    await emu.control("DELETE", "/requests");
    const err = await createInvitation(
      teacher,
      { courseId: course.id, userId: invitee.email, role: "STUDENT" },
      fast,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("UNAVAILABLE");
    expect(err.retryable).toBe(true);
    const log = (await emu.control("GET", "/requests")) as { method: string; path: string }[];
    expect(log.filter((r) => r.method === "POST" && r.path.startsWith("/v1/invitations"))).toHaveLength(1);
    expect((await state()).invitations.some((i) => i.courseId === course.id && i.userId === invitee.id)).toBe(false);
  });

  it("plain FAILED_PRECONDITION: an existing member → ALREADY_MEMBER, a disabled account → ACCOUNT_DISABLED", async () => {
    const s = await state();
    const me = userByEmail(s, "teacher@northwood.edu");
    const course = s.courses.find((c) => c.ownerId === me.id && c.courseState === "ACTIVE" && c.studentIds.length > 0)!;
    const member = s.users.find((u) => u.id === course.studentIds[0])!;
    const e1 = await createInvitation(teacher, { courseId: course.id, userId: member.email, role: "STUDENT" }).catch(
      (e) => e,
    );
    expect(e1.code).toBe("ALREADY_MEMBER");
    expect(e1.userMessage).toContain("already a student");

    const disabled = userByEmail(s, "disabled@northwood.edu");
    const other = s.courses.find(
      (c) =>
        c.ownerId === me.id &&
        c.courseState === "ACTIVE" &&
        !c.studentIds.includes(disabled.id) &&
        !c.teacherIds.includes(disabled.id),
    )!;
    const e2 = await createInvitation(teacher, { courseId: other.id, userId: disabled.email, role: "STUDENT" }).catch(
      (e) => e,
    );
    expect(e2.code).toBe("ACCOUNT_DISABLED");
  });

  it("NOT_FOUND is split into unknown person and unknown class", async () => {
    const s = await state();
    const course = s.courses.find(
      (c) => c.ownerId === userByEmail(s, "teacher@northwood.edu").id && c.courseState === "ACTIVE",
    )!;
    const e1 = await createInvitation(teacher, {
      courseId: course.id,
      userId: "nobody@northwood.edu",
      role: "STUDENT",
    }).catch((e) => e);
    expect(e1.code).toBe("USER_NOT_FOUND");
    const e2 = await createInvitation(teacher, {
      courseId: "999999999999",
      userId: "student@northwood.edu",
      role: "STUDENT",
    }).catch((e) => e);
    expect(e2.code).toBe("COURSE_NOT_FOUND");
  });

  it("OWNER for a non-teacher → INELIGIBLE_OWNER", async () => {
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    const e = await createInvitation(teacher, { courseId: course.id, userId: invitee.email, role: "OWNER" }).catch(
      (err) => err,
    );
    expect(e.code).toBe("INELIGIBLE_OWNER");
  });

  it("the per-teacher daily invitation limit (@UserInvitationQuotaExhausted) → INVITATION_QUOTA_REACHED", async () => {
    await emu.control("PUT", "/config", { quotas: { invitationsPerTeacherPerDay: 0 } });
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    const e = await createInvitation(teacher, { courseId: course.id, userId: invitee.email, role: "STUDENT" }).catch(
      (err) => err,
    );
    expect(e.code).toBe("INVITATION_QUOTA_REACHED");
  });

  it("a student may not invite → PERMISSION_DENIED", async () => {
    const s = await state();
    const { course, student: invitee } = freshTarget(s, userByEmail(s, "teacher@northwood.edu").id);
    const e = await createInvitation(student, { courseId: course.id, userId: invitee.email, role: "STUDENT" }).catch(
      (err) => err,
    );
    expect(e.code).toBe("PERMISSION_DENIED");
  });
});

describe("revokeInvitation", () => {
  it("revokes, and a second revoke reports alreadyGone", async () => {
    const s = await state();
    const mine = s.courses.filter((c) => c.ownerId === userByEmail(s, "teacher@northwood.edu").id).map((c) => c.id);
    const inv = s.invitations.find((i) => mine.includes(i.courseId))!;
    await expect(revokeInvitation(teacher, inv.id)).resolves.toEqual({ alreadyGone: false });
    await expect(revokeInvitation(teacher, inv.id)).resolves.toEqual({ alreadyGone: true });
    expect((await state()).invitations.some((i) => i.id === inv.id)).toBe(false);
    const e = await getInvitation(teacher, inv.id).catch((err) => err);
    expect(e.code).toBe("INVITATION_NOT_FOUND");
  });

  it("a revoke whose response was lost is retried and reported as alreadyGone", async () => {
    const s = await state();
    const mine = s.courses.filter((c) => c.ownerId === userByEmail(s, "teacher@northwood.edu").id).map((c) => c.id);
    const inv = s.invitations.find((i) => mine.includes(i.courseId))!;
    await faults([{ method: "DELETE", path: "^/v1/invitations/", dropAfterCommit: true, times: 1 }]);
    await expect(revokeInvitation(teacher, inv.id, fast)).resolves.toEqual({ alreadyGone: true });
  });
});

describe("acceptInvitation", () => {
  async function studentInvitation(state: State, courseState: string) {
    const me = userByEmail(state, "student@northwood.edu");
    const inv = state.invitations.find(
      (i) =>
        i.userId === me.id &&
        i.role === "STUDENT" &&
        state.courses.find((c) => c.id === i.courseId)?.courseState === courseState,
    );
    if (!inv) throw new Error(`student@ has no STUDENT invitation in a ${courseState} course`);
    return { me, inv };
  }

  it("accepts; a second accept (second tab) also reports success", async () => {
    const { me, inv } = await studentInvitation(await state(), "ACTIVE");
    const mine = await listInvitations(student, { userId: "me" });
    expect(mine.map((i) => i.id)).toContain(inv.id);

    await expect(acceptInvitation(student, { id: inv.id, courseId: inv.courseId, role: "STUDENT" })).resolves.toEqual({
      alreadyMember: false,
    });
    await expect(acceptInvitation(student, { id: inv.id, courseId: inv.courseId, role: "STUDENT" })).resolves.toEqual({
      alreadyMember: true,
    });
    const course = (await state()).courses.find((c) => c.id === inv.courseId)!;
    expect(course.studentIds.filter((id) => id === me.id)).toHaveLength(1);
    expect(await getMembership(student, inv.courseId, "me")).toBe("STUDENT");
  });

  it("an accept whose response was lost (dropAfterCommit) ends in success, enrolled once", async () => {
    const { me, inv } = await studentInvitation(await state(), "ACTIVE");
    await faults([{ method: "POST", path: ":accept$", dropAfterCommit: true, times: 1 }]);
    await expect(
      acceptInvitation(student, { id: inv.id, courseId: inv.courseId, role: "STUDENT" }, fast),
    ).resolves.toEqual({
      alreadyMember: true,
    });
    const after = await state();
    expect(after.courses.find((c) => c.id === inv.courseId)!.studentIds.filter((id) => id === me.id)).toHaveLength(1);
    expect(after.invitations.some((i) => i.id === inv.id)).toBe(false);
  });

  it("an archived class → COURSE_NOT_MODIFIABLE", async () => {
    const { inv } = await studentInvitation(await state(), "ARCHIVED");
    const e = await acceptInvitation(student, { id: inv.id, courseId: inv.courseId, role: "STUDENT" }).catch(
      (err) => err,
    );
    expect(e.code).toBe("COURSE_NOT_MODIFIABLE");
  });

  it("an invitation that never existed → INVITATION_NOT_FOUND", async () => {
    const s = await state();
    const course = s.courses.find(
      (c) => c.courseState === "ACTIVE" && !c.studentIds.includes(userByEmail(s, "student@northwood.edu").id),
    )!;
    const e = await acceptInvitation(student, { id: "123456789012345", courseId: course.id, role: "STUDENT" }).catch(
      (err) => err,
    );
    expect(e.code).toBe("INVITATION_NOT_FOUND");
  });
});

describe("detectRole", () => {
  it.each([
    ["admin@northwood.edu", "admin", "Dana Whitfield"],
    ["teacher@northwood.edu", "teacher", "Marisol Alvarez"],
    ["student@northwood.edu", "student", "Priya Raman"],
    // Another school's teacher with no class here: CREATE_COURSE and verifiedTeacher, but nothing to manage.
    ["guest@riverside-academy.org", "student", "Leah Brooks"],
  ])("%s → %s", async (email, role, name) => {
    const result = await detectRole(await tokenFor(email));
    expect(result.role).toBe(role);
    expect(result.profile).toMatchObject({ name, email });
  });

  it("a class the teacher deletes between the reads does not make them admin", async () => {
    const s = await state();
    const doomed = s.courses.find((c) => c.ownerId === userByEmail(s, "teacher@northwood.edu").id)!;
    // Classroom deletes only archived classes.
    await emu.control("PATCH", `/courses/${doomed.id}`, { courseState: "ARCHIVED" });
    // Holds back the teacher's own-classes read, so the deletion lands between the reads: the
    // unfiltered list still shows the class; a teacherId=me list answered after it would not.
    await faults([{ method: "GET", path: "teacherId=me", latencyMs: 400 }]);
    await emu.control("DELETE", "/requests");
    const detecting = detectRole(teacher);
    const unfilteredAnswered = async () =>
      (await emu.control<{ path: string }[]>("GET", "/requests")).some((r) => r.path === "/v1/courses?pageSize=100");
    while (!(await unfilteredAnswered())) await new Promise((r) => setTimeout(r, 10));
    const deleted = await fetch(`${emu.url}/v1/courses/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${teacher}` },
    });
    expect(deleted.status).toBe(200);
    expect((await detecting).role).toBe("teacher");
  });
});

describe("profiles", () => {
  it("getProfiles batches lookups; unknown ids map to null", async () => {
    const s = await state();
    const ids = s.users.slice(0, 60).map((u) => u.id);
    const profiles = await getProfiles(teacher, [...ids, "999999999999", "student@northwood.edu"]);
    expect(profiles.size).toBe(62);
    expect(profiles.get("999999999999")).toBeNull();
    expect(profiles.get("student@northwood.edu")).toMatchObject({ name: "Priya Raman" });
    const log = (await emu.control("GET", "/requests")) as { method: string; path: string }[];
    expect(log.filter((r) => r.path.startsWith("/batch")).length).toBeLessThanOrEqual(2);
  });

  it("getProfile('me')", async () => {
    await expect(getProfile(admin, "me")).resolves.toMatchObject({
      name: "Dana Whitfield",
      email: "admin@northwood.edu",
    });
  });
});

describe("reads", () => {
  it("retry through two injected 503s", async () => {
    await faults([{ method: "GET", path: "^/v1/invitations", status: 503, times: 2 }]);
    await emu.control("DELETE", "/requests");
    const invitations = await listInvitations(student, { userId: "me" }, fast);
    expect(invitations.length).toBeGreaterThanOrEqual(3);
    const log = (await emu.control("GET", "/requests")) as { path: string; status: number }[];
    expect(log.filter((r) => r.path.startsWith("/v1/invitations")).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("a 429 that carries Retry-After waits for it before the next attempt", async () => {
    // Google's quota refusals carry no Retry-After; a rule adds one to test a server that does.
    await faults([{ method: "GET", path: "^/v1/courses", status: 429, retryAfter: 1, times: 1 }]);
    const started = Date.now();
    await expect(listCourses(teacher, { teacherId: "me" }, fast)).resolves.not.toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("a quota 429 in Google's shape (no Retry-After) is retried after the scheduler's hold", async () => {
    await emu.control("DELETE", "/requests");
    await faults([{ method: "GET", path: "^/v1/courses", status: 429, times: 1 }]);
    await expect(listCourses(teacher, { teacherId: "me" }, fast)).resolves.not.toHaveLength(0);
    const log = (await emu.control("GET", "/requests")) as { path: string; status: number }[];
    expect(log.filter((r) => r.path.startsWith("/v1/courses")).map((r) => r.status)).toEqual([429, 200]);
  });

  it("getProfiles survives an outer 503 on /batch", async () => {
    await faults([{ method: "POST", path: "^/batch", status: 503, times: 1 }]);
    const profiles = await getProfiles(teacher, ["student@northwood.edu", "admin@northwood.edu"], { baseDelayMs: 5 });
    expect([...profiles.values()].map((p) => p?.name)).toEqual(["Priya Raman", "Dana Whitfield"]);
  });

  it("lists courses with filters, rosters and memberships", async () => {
    const s = await state();
    const me = userByEmail(s, "teacher@northwood.edu");
    const teaching = await listCourses(teacher, { teacherId: "me" });
    expect(teaching.map((c) => c.id).sort()).toEqual(
      s.courses
        .filter((c) => c.teacherIds.includes(me.id))
        .map((c) => c.id)
        .sort(),
    );
    const active = await listCourses(teacher, { teacherId: "me", states: ["ACTIVE"] });
    expect(active.every((c) => c.state === "ACTIVE")).toBe(true);
    const owned = teaching.find((c) => c.ownerId === me.id)!;
    expect(await getCourse(teacher, owned.id)).toEqual(owned);
    expect(await getMembership(teacher, owned.id, "me")).toBe("OWNER");
    const [students, teachers] = await Promise.all([listStudents(teacher, owned.id), listTeachers(teacher, owned.id)]);
    expect(students.map((m) => m.userId).sort()).toEqual(
      [...s.courses.find((c) => c.id === owned.id)!.studentIds].sort(),
    );
    expect(teachers.map((m) => m.userId)).toContain(me.id);
    const e = await listCourses(teacher, { teacherId: "me", studentId: "me" }).catch((err) => err);
    expect(e.code).toBe("LIST_FILTER_CONFLICT");
  });

  it("listInvitationsForCourses (batch fan-out) matches per-course lists", async () => {
    const courses = await listCourses(admin, {});
    const ids = courses.map((c) => c.id);
    const batched = await listInvitationsForCourses(admin, ids);
    expect(batched.map((b) => b.courseId)).toEqual(ids);
    const s = await state();
    for (const b of batched) {
      expect(b.error).toBeUndefined();
      expect(b.invitations.map((i) => i.id).sort()).toEqual(
        s.invitations
          .filter((i) => i.courseId === b.courseId)
          .map((i) => i.id)
          .sort(),
      );
    }
  });
});
