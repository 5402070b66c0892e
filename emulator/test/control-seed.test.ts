import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  ALL_CLASSROOM_SCOPES,
  SCOPE,
  expectApiError,
  ok,
  okCall,
  setupTestEmulator,
  type EmuState,
} from "./helpers";

const emu = setupTestEmulator();

const NUMERIC = /^\d+$/;

describe("control API contract (emulator/README.md)", () => {
  it("GET /emulator/v1/state has exactly {users,courses,invitations} with the documented fields", async () => {
    const r = await emu.control("GET", "/emulator/v1/state");
    expect(r.status).toBe(200);
    const s = r.body as EmuState;
    expect(Object.keys(s).sort()).toEqual(["courses", "invitations", "users"]);
    for (const u of s.users) {
      expect(Object.keys(u).sort()).toEqual(["disabled", "email", "id", "isAdmin", "name"]);
      expect(u.id).toMatch(NUMERIC);
      expect(typeof u.isAdmin).toBe("boolean");
      expect(typeof u.disabled).toBe("boolean");
    }
    for (const c of s.courses) {
      expect(Object.keys(c).sort()).toEqual(
        expect.arrayContaining(["courseState", "id", "name", "ownerId", "studentIds", "teacherIds"]),
      );
      expect(
        Object.keys(c).every((k) =>
          ["courseState", "id", "name", "ownerId", "section", "studentIds", "teacherIds"].includes(k),
        ),
      ).toBe(true);
      expect(c.id).toMatch(NUMERIC);
      expect(c.ownerId).toMatch(NUMERIC);
      for (const id of [...c.teacherIds, ...c.studentIds]) expect(id).toMatch(NUMERIC);
    }
    for (const i of s.invitations) {
      expect(Object.keys(i).sort()).toEqual(["courseId", "id", "role", "userId"]);
      expect(i.id).toMatch(NUMERIC);
      expect(i.userId).toMatch(NUMERIC);
      expect(["STUDENT", "TEACHER", "OWNER"]).toContain(i.role);
    }
  });

  it("POST /emulator/v1/reset {} restores the demo school exactly", async () => {
    const pristine = await emu.state();
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const t = await emu.as(ACCOUNTS.teacher);
    await okCall(
      t.invitations.create({ requestBody: { courseId: course.id, userId: w.outsiderFor(course).id, role: "STUDENT" } }),
      "Invitation",
    );
    ok(await t.invitations.delete({ id: w.s.invitations.find((i) => i.courseId === course.id)!.id }), "Empty");
    expect(await emu.state()).not.toEqual(pristine);
    const r = await emu.control("POST", "/emulator/v1/reset", {});
    expect(r.status).toBe(200);
    expect(await emu.state()).toEqual(pristine);
  });

  it('reset {profile:"large",courses:200} → 200 courses with 3–8 invitations each, deterministic', async () => {
    await emu.reset({ profile: "large", courses: 200 });
    const a = await emu.state();
    expect(a.courses).toHaveLength(200);
    const perCourse = new Map<string, number>();
    for (const i of a.invitations) perCourse.set(i.courseId, (perCourse.get(i.courseId) ?? 0) + 1);
    for (const c of a.courses) {
      const n = perCourse.get(c.id) ?? 0;
      expect(n, `invitations of course ${c.id}`).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(8);
      expect(c.teacherIds.length + 1).toBeGreaterThan(0);
      expect(a.users.some((u) => u.id === c.ownerId)).toBe(true);
    }
    const userIds = new Set(a.users.map((u) => u.id));
    for (const c of a.courses) for (const id of [...c.teacherIds, ...c.studentIds]) expect(userIds.has(id)).toBe(true);
    expect(a.courses.reduce((n, c) => n + c.studentIds.length, 0)).toBeGreaterThan(200);
    await emu.reset({ profile: "large", courses: 200 });
    expect(await emu.state()).toEqual(a);
    // The large district is served by the API as well.
    const admin = await emu.as(a.users.find((u) => u.isAdmin)!.email);
    const page = await okCall(admin.courses.list({ pageSize: 50 }), "ListCoursesResponse");
    expect(page.courses).toHaveLength(50);
    expect(page.nextPageToken).toBeTruthy();
    // …and {} brings the demo school back.
    await emu.reset();
    expect((await emu.state()).users.some((u) => u.email === ACCOUNTS.teacher)).toBe(true);
  });

  it("reset clears faults and config", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ status: 503 }]);
    await emu.config({ latencyMs: 300, quotas: { perUserPerMinute: 2 }, limits: { teachersPerCourse: 1 } });
    await expectApiError(api.courses.list({}), 503, "UNAVAILABLE");
    await emu.reset();
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await okCall(api.courses.list({}), "ListCoursesResponse");
    expect(performance.now() - t0).toBeLessThan(600);
    // default teacher limit again: an admin can add a teacher to a course with one teacher
    const w = await emu.world();
    const solo = w.findCourse(
      "ACTIVE single-teacher course",
      (c) => c.courseState === "ACTIVE" && new Set([c.ownerId, ...c.teacherIds]).size === 1,
    );
    await okCall(
      (await emu.as(ACCOUNTS.admin)).courses.teachers.create({
        courseId: solo.id,
        requestBody: { userId: w.outsiderFor(solo).id },
      }),
      "Teacher",
    );
  });

  it("POST /emulator/v1/tokens → {access_token, expires_in}; all Classroom scopes unless given; expiresIn honoured", async () => {
    const r = await emu.control("POST", "/emulator/v1/tokens", { email: ACCOUNTS.teacher });
    expect(r.status).toBe(200);
    const body = r.body as { access_token: string; expires_in: number };
    expect(body.access_token).toMatch(/^ya29\.emu\./);
    expect(body.expires_in).toBe(3600);
    const full = emu.client(body.access_token);
    // every scope family works
    await okCall(full.courses.list({}), "ListCoursesResponse");
    await okCall(full.invitations.list({ userId: "me" }), "ListInvitationsResponse");
    const p = await okCall(full.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(p.emailAddress).toBe(ACCOUNTS.teacher);
    expect(ALL_CLASSROOM_SCOPES).toHaveLength(6);

    const short = await emu.control("POST", "/emulator/v1/tokens", { email: ACCOUNTS.teacher, expiresIn: 120 });
    expect((short.body as { expires_in: number }).expires_in).toBe(120);

    const narrow = emu.client(await emu.token(ACCOUNTS.teacher, [SCOPE.coursesReadonly]));
    await okCall(narrow.courses.list({}), "ListCoursesResponse");
    await expectApiError(narrow.invitations.list({ userId: "me" }), 403, "PERMISSION_DENIED");

    const unknown = await emu.control("POST", "/emulator/v1/tokens", { email: "ghost@northwood.edu" });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });

  it("PUT /emulator/v1/config accepts every documented field (partial updates) and rejects junk", async () => {
    const full = {
      latencyMs: 0,
      perPartLatencyMs: 0,
      tokenLifetimeSeconds: 3600,
      quotas: {
        perUserPerMinute: 1200,
        perClientPerMinute: 3000,
        perMinuteWindowSeconds: 60,
        invitationsPerTeacherPerDay: 500,
        invitationWindowSeconds: 86_400,
      },
      limits: { membersPerCourse: 1000, teachersPerCourse: 50 },
    };
    expect((await emu.control("PUT", "/emulator/v1/config", full)).status).toBe(200);
    expect((await emu.control("PUT", "/emulator/v1/config", { quotas: { perUserPerMinute: 10 } })).status).toBe(200);
    expect((await emu.control("PUT", "/emulator/v1/config", { latencyMs: -5 })).status).toBe(400);
    // A zero-length window would make the daily limit meaningless.
    expect((await emu.control("PUT", "/emulator/v1/config", { quotas: { invitationWindowSeconds: 0 } })).status).toBe(
      400,
    );
    // Likewise the per-minute quotas' window.
    expect((await emu.control("PUT", "/emulator/v1/config", { quotas: { perMinuteWindowSeconds: 0 } })).status).toBe(
      400,
    );
    expect((await emu.control("PUT", "/emulator/v1/config", "nope")).status).toBe(400);
  });

  it("POST/DELETE /emulator/v1/faults and GET/DELETE /emulator/v1/requests answer 2xx with the documented shapes", async () => {
    expect(
      (
        await emu.control("POST", "/emulator/v1/faults", {
          rules: [
            { method: "GET", path: "^/v1/nothing$", status: 500, times: 1, latencyMs: 0, dropAfterCommit: false },
          ],
        })
      ).status,
    ).toBeLessThan(300);
    expect((await emu.control("DELETE", "/emulator/v1/faults")).status).toBeLessThan(300);
    expect((await emu.control("POST", "/emulator/v1/faults", { rules: [{ path: "([" }] })).status).toBe(400);
    const log = await emu.control("GET", "/emulator/v1/requests");
    expect(log.status).toBe(200);
    expect(Array.isArray(log.body)).toBe(true);
    expect((await emu.control("DELETE", "/emulator/v1/requests")).status).toBeLessThan(300);
  });
});

describe("demo seed", () => {
  it("has ≥1 admin, ≥6 teachers, ≥120 students with realistic names in one domain", async () => {
    const w = await emu.world();
    const s = w.s;
    expect(s.users.filter((u) => u.isAdmin).length).toBeGreaterThanOrEqual(1);
    const teacherIds = new Set(s.courses.flatMap((c) => [c.ownerId, ...c.teacherIds]));
    expect(teacherIds.size).toBeGreaterThanOrEqual(6);
    const studentIds = new Set([
      ...s.courses.flatMap((c) => c.studentIds),
      ...s.invitations.filter((i) => i.role === "STUDENT").map((i) => i.userId),
    ]);
    expect(studentIds.size).toBeGreaterThanOrEqual(120);
    const home = s.users.filter((u) => u.email.endsWith("@northwood.edu"));
    expect(home.length).toBeGreaterThanOrEqual(127);
    for (const u of home.slice(0, 200)) expect(u.name).toMatch(/\S+\s+\S+/);
    expect(w.user(ACCOUNTS.admin)).toMatchObject({ name: "Dana Whitfield", isAdmin: true, disabled: false });
    expect(w.user(ACCOUNTS.teacher)).toMatchObject({ name: "Marisol Alvarez", isAdmin: false });
    expect(w.user(ACCOUNTS.teacher2)).toMatchObject({ name: "Jonah Okafor" });
    expect(w.user(ACCOUNTS.student)).toMatchObject({ name: "Priya Raman" });
  });

  it("fixed accounts behave as docs/CONTRACTS.md says", async () => {
    const w = await emu.world();
    const t = w.user(ACCOUNTS.teacher).id;
    const t2 = w.user(ACCOUNTS.teacher2).id;
    expect(w.s.courses.filter((c) => c.ownerId === t).length).toBeGreaterThanOrEqual(2);
    expect(w.s.courses.filter((c) => c.ownerId === t2).length).toBeGreaterThanOrEqual(1);
    expect(w.s.courses.some((c) => w.isTeacher(c, t) && w.isTeacher(c, t2))).toBe(true);
    const st = w.user(ACCOUNTS.student).id;
    expect(w.s.courses.some((c) => c.studentIds.includes(st))).toBe(true);
    const stInv = w.s.invitations.filter((i) => i.userId === st);
    expect(stInv.length).toBeGreaterThanOrEqual(3);
    expect(stInv.some((i) => i.role === "STUDENT" && w.course(i.courseId).courseState === "ACTIVE")).toBe(true);
    expect(stInv.some((i) => i.role === "STUDENT" && w.course(i.courseId).courseState === "ARCHIVED")).toBe(true);
    const nt = w.user(ACCOUNTS.newteacher).id;
    const ntInv = w.s.invitations.filter((i) => i.userId === nt).map((i) => i.role);
    expect(ntInv).toEqual(expect.arrayContaining(["TEACHER", "OWNER"]));
    expect(w.user(ACCOUNTS.disabled).disabled).toBe(true);
    const guest = w.user(ACCOUNTS.guest);
    expect(w.s.invitations.some((i) => i.userId === guest.id)).toBe(true);
  });

  it("≥15 courses across ACTIVE/ARCHIVED/PROVISIONED/DECLINED, some co-taught", async () => {
    const s = await emu.state();
    expect(s.courses.length).toBeGreaterThanOrEqual(15);
    const states = new Set(s.courses.map((c) => c.courseState));
    for (const st of ["ACTIVE", "ARCHIVED", "PROVISIONED", "DECLINED"]) expect(states).toContain(st);
    expect(s.courses.filter((c) => new Set([c.ownerId, ...c.teacherIds]).size >= 2).length).toBeGreaterThanOrEqual(2);
  });

  it("≥60 pending invitations covering every role", async () => {
    const s = await emu.state();
    expect(s.invitations.length).toBeGreaterThanOrEqual(60);
    expect(new Set(s.invitations.map((i) => i.role))).toEqual(new Set(["STUDENT", "TEACHER", "OWNER"]));
  });

  it("edge cases: disabled user, course at its teacher limit, external invitee, pending OWNER, hostile names", async () => {
    const w = await emu.world();
    const s = w.s;
    expect(s.users.some((u) => u.disabled)).toBe(true);
    expect(s.courses.some((c) => new Set([c.ownerId, ...c.teacherIds]).size >= 50)).toBe(true);
    expect(
      s.invitations.some((i) => {
        const email = w.userById(i.userId).email;
        return !email.endsWith("@northwood.edu");
      }),
    ).toBe(true);
    expect(s.invitations.some((i) => i.role === "OWNER")).toBe(true);
    // Hostile names live in their own profile; the default demo stays presentable.
    await emu.reset({ profile: "hostile" });
    const h = (await emu.world()).s;
    const names = [
      ...h.users.map((u) => u.name),
      ...h.courses.map((c) => c.name),
      ...h.courses.map((c) => c.section ?? ""),
    ];
    expect(names.some((n) => /<[a-z][^>]*>/i.test(n))).toBe(true);
    expect(names.some((n) => /^[=+\-@]/.test(n))).toBe(true);
    // The hostile names come back verbatim through the API (escaping is the UI's job).
    const hostile = h.users.find((u) => /<[a-z]/i.test(u.name))!;
    const p = await okCall((await emu.as(ACCOUNTS.admin)).userProfiles.get({ userId: hostile.id }), "UserProfile");
    expect(p.name?.fullName).toBe(hostile.name);
  });
});
