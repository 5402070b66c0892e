import { describe, expect, it } from "vitest";
import {
  ACCOUNTS,
  ALL_CLASSROOM_SCOPES,
  SCOPE,
  UNKNOWN_COURSE,
  expectApiError,
  ids,
  makeClient,
  ok,
  okCall,
  setupTestEmulator,
  type Classroom,
  World,
} from "./helpers";
import { sendBatch } from "./multipart";

const emu = setupTestEmulator();

describe("general", () => {
  it("the Node client with rootUrl reaches /v1/... and POST /batch at the server root", async () => {
    await emu.clearRequests();
    const admin = await emu.as(ACCOUNTS.admin);
    const body = await okCall(admin.courses.list({}), "ListCoursesResponse");
    expect(body.courses?.length).toBeGreaterThan(0);
    // The API-level rootUrl keeps only the origin: a path prefix is dropped by the client.
    const prefixed = makeClient(emu.url + "/some/prefix", await emu.token(ACCOUNTS.admin));
    await okCall(prefixed.userProfiles.get({ userId: "me" }), "UserProfile");
    const log = await emu.requests();
    expect(log.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual(
      expect.arrayContaining(["GET /v1/courses", "GET /v1/userProfiles/me"]),
    );
    const batch = await sendBatch(emu.url, await emu.token(ACCOUNTS.admin), [
      { method: "GET", path: "/v1/userProfiles/me" },
    ]);
    expect(batch.status).toBe(200);
    expect(batch.contentType).toMatch(/^multipart\/mixed/);
  });

  it("error.code equals the HTTP status and error.status is the google.rpc.Code name", async () => {
    const w = await emu.world();
    const teacher = await emu.as(ACCOUNTS.teacher);
    const student = await emu.as(ACCOUNTS.student);
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);

    await expectApiError(teacher.invitations.list({}), 400, "INVALID_ARGUMENT");
    await expectApiError(emu.client("ya29.not-a-real-token").courses.list({}), 401, "UNAUTHENTICATED");
    await expectApiError(
      student.invitations.create({ requestBody: { courseId: course.id, userId: invitee.email, role: "STUDENT" } }),
      403,
      "PERMISSION_DENIED",
    );
    await expectApiError(teacher.courses.get({ id: UNKNOWN_COURSE }), 404, "NOT_FOUND");
    const body = { courseId: course.id, userId: invitee.id, role: "STUDENT" };
    await okCall(teacher.invitations.create({ requestBody: body }), "Invitation");
    await expectApiError(teacher.invitations.create({ requestBody: body }), 409, "ALREADY_EXISTS");

    for (const [status, name] of [
      [429, "RESOURCE_EXHAUSTED"],
      [500, "INTERNAL"],
      [503, "UNAVAILABLE"],
    ] as const) {
      await emu.faults([{ method: "GET", path: "^/v1/userProfiles/", status, times: 1 }]);
      await expectApiError(teacher.userProfiles.get({ userId: "me" }), status, name);
    }
  });

  it("Classroom reasons are a message prefix '@<Reason> ' with a trailing space", async () => {
    const w = await emu.world();
    const teacher = await emu.as(ACCOUNTS.teacher);
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const notTeacher = w.outsiderFor(course);
    const e = await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: notTeacher.id, role: "OWNER" } }),
      400,
      "FAILED_PRECONDITION",
      "IneligibleOwner",
    );
    expect(e.data.error.message).toMatch(/^@IneligibleOwner \S/);
  });

  it("legacy errors[] (if present) repeats error.message, so GaxiosError.message keeps the @Reason", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const reasons = [
      await expectApiError(
        teacher.invitations.create({
          requestBody: { courseId: course.id, userId: w.outsiderFor(course).id, role: "OWNER" },
        }),
        400,
        "FAILED_PRECONDITION",
        "IneligibleOwner",
      ),
      await expectApiError(
        admin.courses.list({ teacherId: "me", studentId: "me" }),
        400,
        /^(INVALID_ARGUMENT|FAILED_PRECONDITION)$/,
        "ListCoursesStudentAndTeacherFilter",
      ),
    ];
    for (const r of reasons) {
      for (const item of r.data.error.errors ?? []) expect(item.message).toBe(r.data.error.message);
      expect(r.message.startsWith("@")).toBe(true);
    }
  });

  it("no token, an unknown token or a non-Bearer scheme → 401 UNAUTHENTICATED", async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Bearer ya29.emu.unknown" },
      { authorization: "Basic Zm9vOmJhcg==" },
    ];
    for (const headers of variants) {
      const res = await fetch(emu.url + "/v1/courses", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")?.toLowerCase().replace(/\s/g, "")).toBe("application/json;charset=utf-8");
      expect(await res.json()).toMatchObject({
        error: { code: 401, status: "UNAUTHENTICATED", message: expect.any(String) },
      });
    }
    await expectApiError(emu.client("ya29.emu.forged").invitations.list({ userId: "me" }), 401, "UNAUTHENTICATED");
  });

  describe("scopes per method (docs/classroom-api.md §8)", () => {
    const U = UNKNOWN_COURSE;
    const readRoster = [SCOPE.profileEmails, SCOPE.profilePhotos, SCOPE.rosters, SCOPE.rostersReadonly];
    const writeRoster = [SCOPE.profileEmails, SCOPE.profilePhotos, SCOPE.rosters];
    const table: [string, string[], (c: Classroom) => Promise<unknown>][] = [
      [
        "invitations.create",
        [SCOPE.rosters],
        (c) => c.invitations.create({ requestBody: { courseId: U, userId: "me", role: "STUDENT" } }),
      ],
      ["invitations.get", [SCOPE.rosters, SCOPE.rostersReadonly], (c) => c.invitations.get({ id: U })],
      ["invitations.list", [SCOPE.rosters, SCOPE.rostersReadonly], (c) => c.invitations.list({ userId: "me" })],
      ["invitations.delete", [SCOPE.rosters], (c) => c.invitations.delete({ id: U })],
      ["invitations.accept", [SCOPE.rosters], (c) => c.invitations.accept({ id: U })],
      ["courses.list", [SCOPE.courses, SCOPE.coursesReadonly], (c) => c.courses.list({})],
      ["courses.get", [SCOPE.courses, SCOPE.coursesReadonly], (c) => c.courses.get({ id: U })],
      ["students.list", readRoster, (c) => c.courses.students.list({ courseId: U })],
      ["students.get", readRoster, (c) => c.courses.students.get({ courseId: U, userId: "me" })],
      ["teachers.list", readRoster, (c) => c.courses.teachers.list({ courseId: U })],
      ["teachers.get", readRoster, (c) => c.courses.teachers.get({ courseId: U, userId: "me" })],
      [
        "students.create",
        writeRoster,
        (c) => c.courses.students.create({ courseId: U, requestBody: { userId: "me" } }),
      ],
      [
        "teachers.create",
        writeRoster,
        (c) => c.courses.teachers.create({ courseId: U, requestBody: { userId: "me" } }),
      ],
      ["students.delete", [SCOPE.rosters], (c) => c.courses.students.delete({ courseId: U, userId: "me" })],
      ["teachers.delete", [SCOPE.rosters], (c) => c.courses.teachers.delete({ courseId: U, userId: "me" })],
      ["userProfiles.get", readRoster, (c) => c.userProfiles.get({ userId: "me" })],
    ];

    it.each(table)("%s: 403 without any listed scope, accepted with each listed scope", async (_name, scopes, call) => {
      const others = ALL_CLASSROOM_SCOPES.filter((s) => !scopes.includes(s));
      const denied = emu.client(await emu.token(ACCOUNTS.admin, [...others, "openid", "email"]));
      const e = await expectApiError(call(denied), 403, "PERMISSION_DENIED");
      expect(e.data.error.message).toBe("Request had insufficient authentication scopes.");
      for (const scope of scopes) {
        const allowed = emu.client(await emu.token(ACCOUNTS.admin, [scope]));
        try {
          await call(allowed);
        } catch (err) {
          const data = (err as { response?: { data?: { error?: { message?: string } } } }).response?.data;
          expect(data?.error?.message, `${scope} should satisfy the scope check`).not.toBe(
            "Request had insufficient authentication scopes.",
          );
        }
      }
    });
  });

  it("'me', the email and the numeric id resolve to the same user everywhere", async () => {
    const w = await emu.world();
    const student = w.user(ACCOUNTS.student);
    const teacherUser = w.user(ACCOUNTS.teacher);
    const asStudent = await emu.as(ACCOUNTS.student);
    const asTeacher = await emu.as(ACCOUNTS.teacher);

    const profiles = await Promise.all(
      ["me", student.email, student.id].map((userId) => okCall(asStudent.userProfiles.get({ userId }), "UserProfile")),
    );
    expect(profiles[0]!.id).toBe(student.id);
    expect(profiles[1]).toEqual(profiles[0]);
    expect(profiles[2]).toEqual(profiles[0]);

    const lists = await Promise.all(
      ["me", student.email, student.id].map((userId) =>
        okCall(asStudent.invitations.list({ userId }), "ListInvitationsResponse"),
      ),
    );
    expect(ids(lists[0]!.invitations).length).toBeGreaterThanOrEqual(3);
    expect(ids(lists[1]!.invitations)).toEqual(ids(lists[0]!.invitations));
    expect(ids(lists[2]!.invitations)).toEqual(ids(lists[0]!.invitations));

    const courseLists = await Promise.all(
      ["me", teacherUser.email, teacherUser.id].map((teacherId) =>
        okCall(asTeacher.courses.list({ teacherId }), "ListCoursesResponse"),
      ),
    );
    expect(ids(courseLists[0]!.courses).length).toBeGreaterThan(0);
    expect(ids(courseLists[1]!.courses)).toEqual(ids(courseLists[0]!.courses));
    expect(ids(courseLists[2]!.courses)).toEqual(ids(courseLists[0]!.courses));

    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.studentIds.length > 0);
    const enrolled = w.userById(course.studentIds[0]!);
    const byEmail = await okCall(
      asTeacher.courses.students.get({ courseId: course.id, userId: enrolled.email }),
      "Student",
    );
    const byId = await okCall(asTeacher.courses.students.get({ courseId: course.id, userId: enrolled.id }), "Student");
    expect(byEmail).toEqual(byId);
    expect(byId.userId).toBe(enrolled.id);
    const meTeacher = await okCall(asTeacher.courses.teachers.get({ courseId: course.id, userId: "me" }), "Teacher");
    expect(meTeacher.userId).toBe(teacherUser.id);

    // Invitation.userId given as an email is stored against the same numeric user.
    const invitee = w.outsiderFor(course);
    const created = await okCall(
      asTeacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.email, role: "STUDENT" } }),
      "Invitation",
    );
    const after = await emu.state();
    expect(after.invitations.find((i) => i.id === created.id)?.userId).toBe(invitee.id);
    // …and, being the same user, a second invite by numeric id is a duplicate.
    await expectApiError(
      asTeacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      409,
      "ALREADY_EXISTS",
    );
  });

  it("standard query parameters are accepted", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    const std = { prettyPrint: false, alt: "json", "$.xgafv": "2", quotaUser: "conformance", key: "AIzaFakeKey" };
    const courses = await okCall(
      admin.courses.list({ ...std, fields: "courses(id,name),nextPageToken" }),
      "ListCoursesResponse",
    );
    expect(courses.courses?.length).toBeGreaterThan(0);
    for (const c of courses.courses ?? []) {
      expect(c.id).toBeTruthy();
      expect(c.name).toBeTruthy();
    }
    const inv = w.s.invitations[0]!;
    const got = await okCall(admin.invitations.get({ id: inv.id, ...std }), "Invitation");
    expect(got.id).toBe(inv.id);
    const raw = await fetch(`${emu.url}/v1/userProfiles/me?prettyPrint=true&%24.xgafv=1&quotaUser=x&key=k&alt=json`, {
      headers: { authorization: `Bearer ${await emu.token(ACCOUNTS.admin)}` },
    });
    expect(raw.status).toBe(200);
  });

  it("Empty-returning methods answer 200 {}", async () => {
    const w = await emu.world();
    const admin = await emu.as(ACCOUNTS.admin);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => c.studentIds.length > 0 && c.teacherIds.length > 1);

    const pending =
      w.s.invitations.find((i) => i.courseId === course.id) ??
      w.s.invitations.find((i) => {
        const c = w.course(i.courseId);
        return w.isTeacher(c, w.user(ACCOUNTS.teacher).id);
      })!;
    expect(ok(await teacher.invitations.delete({ id: pending.id }), "Empty")).toEqual({});

    const inviteeUser = w.outsiderFor(course);
    const inv = await okCall(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: inviteeUser.id, role: "STUDENT" } }),
      "Invitation",
    );
    const invitee = await emu.as(inviteeUser.email);
    expect(ok(await invitee.invitations.accept({ id: inv.id! }), "Empty")).toEqual({});

    expect(
      ok(await teacher.courses.students.delete({ courseId: course.id, userId: course.studentIds[0]! }), "Empty"),
    ).toEqual({});
    const coTeacher = course.teacherIds.find((t) => t !== course.ownerId)!;
    expect(ok(await admin.courses.teachers.delete({ courseId: course.id, userId: coTeacher }), "Empty")).toEqual({});

    const archived = w.findCourse("an ARCHIVED course", (c) => c.courseState === "ARCHIVED");
    expect(ok(await admin.courses.delete({ id: archived.id }), "Empty")).toEqual({});
    await expectApiError(admin.courses.get({ id: archived.id }), 404, "NOT_FOUND");
  });

  describe("pagination", () => {
    async function walk<T>(
      page: (pageToken?: string) => Promise<{ items: T[] | undefined; next: string | null | undefined }>,
      pageSize: number,
    ): Promise<T[]> {
      const all: T[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await page(token);
        expect((r.items ?? []).length).toBeLessThanOrEqual(pageSize);
        all.push(...(r.items ?? []));
        token = r.next || undefined;
        if (token) expect((r.items ?? []).length, "a non-final page is not empty").toBeGreaterThan(0);
        pages++;
        expect(pages).toBeLessThan(500);
      } while (token);
      return all;
    }

    async function ensureInvitations(w: World, courseId: string, n: number, asOwner: Classroom) {
      const c = w.course(courseId);
      const have = w.s.invitations.filter((i) => i.courseId === courseId).length;
      for (const u of w.outsidersFor(c, Math.max(0, n - have))) {
        await okCall(
          asOwner.invitations.create({ requestBody: { courseId, userId: u.id, role: "STUDENT" } }),
          "Invitation",
        );
      }
    }

    it("invitations.list: pages ≤ pageSize, each item once, last token empty, default page 500", async () => {
      const w = await emu.world();
      const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
      const owner = await emu.as(ACCOUNTS.teacher);
      await ensureInvitations(w, course.id, 35, owner);
      const expected = (await emu.state()).invitations
        .filter((i) => i.courseId === course.id)
        .map((i) => i.id)
        .sort();
      expect(expected.length).toBeGreaterThanOrEqual(35);

      const walked = await walk(async (pageToken) => {
        const b = await okCall(
          owner.invitations.list({ courseId: course.id, pageSize: 4, pageToken }),
          "ListInvitationsResponse",
        );
        return { items: b.invitations, next: b.nextPageToken };
      }, 4);
      expect(walked.map((i) => i.id!).sort()).toEqual(expected);

      for (const pageSize of [undefined, 0]) {
        const b = await okCall(owner.invitations.list({ courseId: course.id, pageSize }), "ListInvitationsResponse");
        expect(ids(b.invitations)).toEqual(expected);
        expect(b.nextPageToken ?? "").toBe("");
      }
    });

    it("courses.list: pages ≤ pageSize and every course exactly once", async () => {
      const s = await emu.state();
      const admin = await emu.as(ACCOUNTS.admin);
      const walked = await walk(async (pageToken) => {
        const b = await okCall(admin.courses.list({ pageSize: 3, pageToken }), "ListCoursesResponse");
        return { items: b.courses, next: b.nextPageToken };
      }, 3);
      expect(ids(walked)).toEqual(s.courses.map((c) => c.id).sort());
      const walkedDefault = await walk(async (pageToken) => {
        const b = await okCall(admin.courses.list({ pageToken }), "ListCoursesResponse");
        expect(b.courses?.length).toBeGreaterThan(0);
        return { items: b.courses, next: b.nextPageToken };
      }, Number.MAX_SAFE_INTEGER);
      expect(ids(walkedDefault)).toEqual(s.courses.map((c) => c.id).sort());
    });

    it("students.list and teachers.list: pages ≤ pageSize, each once, default page 30", async () => {
      const w = await emu.world();
      const admin = await emu.as(ACCOUNTS.admin);
      const course = [...w.s.courses]
        .filter((c) => c.courseState === "ACTIVE")
        .sort((a, b) => b.studentIds.length - a.studentIds.length)[0]!;
      const extra = w.outsidersFor(
        course,
        Math.max(0, 31 - course.studentIds.length) + Math.max(0, 31 - w.teachersOf(course).length),
      );
      const needStudents = Math.max(0, 31 - course.studentIds.length);
      for (const u of extra.slice(0, needStudents)) {
        await okCall(admin.courses.students.create({ courseId: course.id, requestBody: { userId: u.id } }), "Student");
      }
      for (const u of extra.slice(needStudents)) {
        await okCall(admin.courses.teachers.create({ courseId: course.id, requestBody: { userId: u.id } }), "Teacher");
      }
      const now = new World(await emu.state()).course(course.id);
      expect(now.studentIds.length).toBeGreaterThanOrEqual(31);

      const students = await walk(async (pageToken) => {
        const b = await okCall(
          admin.courses.students.list({ courseId: course.id, pageSize: 7, pageToken }),
          "ListStudentsResponse",
        );
        return { items: b.students, next: b.nextPageToken };
      }, 7);
      expect(students.map((s) => s.userId!).sort()).toEqual([...now.studentIds].sort());
      const teachers = await walk(async (pageToken) => {
        const b = await okCall(
          admin.courses.teachers.list({ courseId: course.id, pageSize: 5, pageToken }),
          "ListTeachersResponse",
        );
        return { items: b.teachers, next: b.nextPageToken };
      }, 5);
      expect(teachers.map((t) => t.userId!).sort()).toEqual([...new Set([now.ownerId, ...now.teacherIds])].sort());

      for (const pageSize of [undefined, 0]) {
        const s = await okCall(admin.courses.students.list({ courseId: course.id, pageSize }), "ListStudentsResponse");
        expect(s.students).toHaveLength(30);
        expect(s.nextPageToken).toBeTruthy();
        const t = await okCall(admin.courses.teachers.list({ courseId: course.id, pageSize }), "ListTeachersResponse");
        expect(t.teachers).toHaveLength(30);
        expect(t.nextPageToken).toBeTruthy();
      }
    });

    it("a page token reused with different filters → 400 INVALID_ARGUMENT", async () => {
      const w = await emu.world();
      const admin = await emu.as(ACCOUNTS.admin);
      const [a, b] = [...w.s.courses].sort(
        (x, y) =>
          w.s.invitations.filter((i) => i.courseId === y.id).length -
          w.s.invitations.filter((i) => i.courseId === x.id).length,
      );
      const first = await okCall(admin.invitations.list({ courseId: a!.id, pageSize: 1 }), "ListInvitationsResponse");
      expect(first.nextPageToken).toBeTruthy();
      await expectApiError(
        admin.invitations.list({ courseId: b!.id, pageSize: 1, pageToken: first.nextPageToken! }),
        400,
        "INVALID_ARGUMENT",
      );

      const c1 = await okCall(admin.courses.list({ courseStates: ["ACTIVE"], pageSize: 1 }), "ListCoursesResponse");
      expect(c1.nextPageToken).toBeTruthy();
      await expectApiError(
        admin.courses.list({ courseStates: ["ARCHIVED"], pageSize: 1, pageToken: c1.nextPageToken! }),
        400,
        "INVALID_ARGUMENT",
      );

      const [big, other] = [...w.s.courses].sort((x, y) => y.studentIds.length - x.studentIds.length);
      const s1 = await okCall(admin.courses.students.list({ courseId: big!.id, pageSize: 1 }), "ListStudentsResponse");
      expect(s1.nextPageToken).toBeTruthy();
      await expectApiError(
        admin.courses.students.list({ courseId: other!.id, pageSize: 1, pageToken: s1.nextPageToken! }),
        400,
        "INVALID_ARGUMENT",
      );
      await expectApiError(admin.courses.list({ pageToken: "not-a-token" }), 400, "INVALID_ARGUMENT");
    });
  });

  it("repeated query parameters parse as arrays (courseStates=ACTIVE&courseStates=ARCHIVED)", async () => {
    const s = await emu.state();
    const admin = await emu.as(ACCOUNTS.admin);
    const b = await okCall(
      admin.courses.list({ courseStates: ["ACTIVE", "ARCHIVED"], pageSize: 1000 }),
      "ListCoursesResponse",
    );
    const states = new Set((b.courses ?? []).map((c) => c.courseState));
    expect([...states].sort()).toEqual(["ACTIVE", "ARCHIVED"]);
    expect(ids(b.courses)).toEqual(
      s.courses
        .filter((c) => c.courseState === "ACTIVE" || c.courseState === "ARCHIVED")
        .map((c) => c.id)
        .sort(),
    );
    // Same thing on the wire, by hand.
    const res = await fetch(`${emu.url}/v1/courses?courseStates=ARCHIVED&courseStates=DECLINED&pageSize=1000`, {
      headers: { authorization: `Bearer ${await emu.token(ACCOUNTS.admin)}` },
    });
    const raw = (await res.json()) as { courses?: { courseState: string }[] };
    expect(new Set(raw.courses?.map((c) => c.courseState))).toEqual(new Set(["ARCHIVED", "DECLINED"]));
  });
});
