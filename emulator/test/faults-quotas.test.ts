import { describe, expect, it } from "vitest";
import { ACCOUNTS, expectApiError, ok, okCall, SCOPE, setupTestEmulator, type RequestLogEntry } from "./helpers";
import { sendBatch } from "./multipart";

const emu = setupTestEmulator({ clearRequests: true });

const apiLog = async (pathRe: RegExp): Promise<RequestLogEntry[]> =>
  (await emu.requests()).filter((r) => pathRe.test(r.path));

/** Client with the client's own retry policy (3 retries, default methods/statuses) but short delays. */
const fastRetry = { retryDelay: 1, maxRetryDelay: 20 };

describe("fault switch and the Node client's retries", () => {
  it.each([
    [429, "RESOURCE_EXHAUSTED"],
    [500, "INTERNAL"],
    [503, "UNAVAILABLE"],
  ] as const)("GET answered %i is retried 3 times by the client, then surfaces %s", async (status, name) => {
    const token = await emu.token(ACCOUNTS.teacher);
    let retries = 0;
    const api = emu.client(token, { retryConfig: { ...fastRetry, onRetryAttempt: () => void retries++ } });
    await emu.faults([{ method: "GET", path: "^/v1/courses$", status, times: 10 }]);
    await expectApiError(api.courses.list({}), status, name);
    expect(retries).toBe(3);
    const log = await apiLog(/^\/v1\/courses(\?|$)/);
    expect(log.map((r) => r.status)).toEqual([status, status, status, status]);
  });

  it("GET recovers on the 3rd attempt when the fault has times: 2 (default client backoff)", async () => {
    const api = emu.client(await emu.token(ACCOUNTS.teacher), { retryConfig: {} });
    await emu.faults([{ method: "GET", path: "^/v1/userProfiles/", status: 503, times: 2 }]);
    const t0 = performance.now();
    await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    const elapsed = performance.now() - t0;
    // gaxios default backoff: ~100 ms then ~500 ms.
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect((await apiLog(/^\/v1\/userProfiles\//)).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("DELETE is retried too", async () => {
    const w = await emu.world();
    const inv = w.s.invitations.find((i) => w.course(i.courseId).ownerId === w.user(ACCOUNTS.teacher).id)!;
    const api = emu.client(await emu.token(ACCOUNTS.teacher), { retryConfig: fastRetry });
    await emu.faults([{ method: "DELETE", path: "^/v1/invitations/", status: 503, times: 10 }]);
    await expectApiError(api.invitations.delete({ id: inv.id }), 503, "UNAVAILABLE");
    expect((await apiLog(/^\/v1\/invitations\//)).filter((r) => r.method === "DELETE")).toHaveLength(4);
    await emu.clearFaults();
    ok(await api.invitations.delete({ id: inv.id }), "Empty");
  });

  it("POST create and accept are not retried: the error surfaces at once", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);
    const teacher = emu.client(await emu.token(ACCOUNTS.teacher), { retryConfig: fastRetry });
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 503, times: 10 }]);
    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      503,
      "UNAVAILABLE",
    );
    const studentInv = w.s.invitations.find(
      (i) => i.userId === w.user(ACCOUNTS.student).id && w.course(i.courseId).courseState === "ACTIVE",
    )!;
    await emu.clearFaults();
    await emu.faults([{ method: "POST", path: ":accept$", status: 429, times: 10 }]);
    const student = emu.client(await emu.token(ACCOUNTS.student), { retryConfig: fastRetry });
    await expectApiError(student.invitations.accept({ id: studentInv.id }), 429, "RESOURCE_EXHAUSTED");
    const posts = (await apiLog(/^\/v1\/invitations/)).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    const s = await emu.state();
    expect(s.invitations.some((i) => i.userId === invitee.id && i.courseId === course.id)).toBe(false);
    expect(s.invitations.some((i) => i.id === studentInv.id)).toBe(true);
  });
});

describe("faults", () => {
  it("a rule's status applies `times` times, then the route answers normally; method and path filter", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ method: "GET", path: "^/v1/courses$", status: 500, times: 2 }]);
    await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile"); // other path untouched
    await expectApiError(api.courses.list({}), 500, "INTERNAL");
    await expectApiError(api.courses.list({}), 500, "INTERNAL");
    await okCall(api.courses.list({}), "ListCoursesResponse");

    await emu.faults([{ method: "POST", status: 503 }]);
    await okCall(api.courses.list({}), "ListCoursesResponse");
    await expectApiError(api.invitations.accept({ id: "1" }), 503, "UNAVAILABLE");
    await expectApiError(api.invitations.accept({ id: "1" }), 503, "UNAVAILABLE");
    await emu.clearFaults();
    await expectApiError(api.invitations.accept({ id: "1" }), 404, "NOT_FOUND");
  });

  it("a rule's probability fails that share of calls, replayably by seed", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    const run = async () => {
      await emu.clearFaults();
      await emu.faults([{ path: "^/v1/courses$", status: 503, probability: 0.3, seed: 7 }]);
      const outcomes: number[] = [];
      for (let i = 0; i < 200; i++)
        outcomes.push(
          await api.courses.list({}).then(
            () => 200,
            (e: { status?: number }) => e.status ?? 0,
          ),
        );
      return outcomes;
    };
    const first = await run();
    const failed = first.filter((s) => s === 503).length;
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
    expect(failed).toBeGreaterThan(40);
    expect(failed).toBeLessThan(80);
    expect(await run()).toEqual(first);
  });

  it("a rule's latencyMs delays matching requests without failing them", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ path: "^/v1/courses$", latencyMs: 150, times: 1 }]);
    let t0 = performance.now();
    await okCall(api.courses.list({}), "ListCoursesResponse");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    t0 = performance.now();
    await okCall(api.courses.list({}), "ListCoursesResponse");
    expect(performance.now() - t0).toBeLessThan(145);
  });

  it("dropAfterCommit applies the change, then drops the connection: the client sees a socket error", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const invitee = w.outsiderFor(course);
    const teacher = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
    const err = await teacher.invitations
      .create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } })
      .then(
        () => undefined,
        (e: unknown) => e as { response?: unknown; message: string; code?: string; cause?: { code?: string } },
      );
    expect(err, "the call must fail").toBeDefined();
    expect(err!.response).toBeUndefined();
    expect(`${err!.code ?? ""} ${err!.cause?.code ?? ""} ${err!.message}`).toMatch(
      /ECONNRESET|socket|UND_ERR|terminated|fetch failed|hang up|other side closed/i,
    );
    const s = await emu.state();
    const created = s.invitations.find((i) => i.courseId === course.id && i.userId === invitee.id);
    expect(created, "the invitation was committed").toBeDefined();
    // A reconciling client finds it, and re-posting is a duplicate.
    const listed = await okCall(
      teacher.invitations.list({ courseId: course.id, userId: invitee.id }),
      "ListInvitationsResponse",
    );
    expect(listed.invitations?.map((i) => i.id)).toEqual([created!.id]);
    await expectApiError(
      teacher.invitations.create({ requestBody: { courseId: course.id, userId: invitee.id, role: "STUDENT" } }),
      409,
      "ALREADY_EXISTS",
    );

    // Same for accept: the roster changes although the client saw no answer.
    await emu.faults([{ method: "POST", path: ":accept$", dropAfterCommit: true }]);
    const inviteeApi = await emu.as(invitee.email);
    await expect(inviteeApi.invitations.accept({ id: created!.id })).rejects.toSatisfy(
      (e: { response?: unknown }) => e.response === undefined,
    );
    const after = await emu.state();
    expect(after.invitations.some((i) => i.id === created!.id)).toBe(false);
    expect(after.courses.find((c) => c.id === course.id)!.studentIds).toContain(invitee.id);
  });

  it("a 429 rule answers Google's quota refusal: RATE_LIMIT_EXCEEDED details and no Retry-After", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ method: "GET", path: "^/v1/courses$", status: 429, times: 1 }]);
    const e = await expectApiError(api.courses.list({}), 429, "RESOURCE_EXHAUSTED");
    expect(e.headers["retry-after"]).toBeUndefined();
    expect(e.data.error.details?.[0]).toMatchObject({ reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com" });
  });

  it("Retry-After appears only where a rule asks for it (`retryAfter`, seconds)", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ method: "GET", path: "^/v1/courses$", status: 503, retryAfter: 7, times: 1 }]);
    const e = await expectApiError(api.courses.list({}), 503, "UNAVAILABLE");
    expect(e.headers["retry-after"]).toBe("7");
  });

  it.each([
    ["@ClassroomApiDisabled", 403, "PERMISSION_DENIED"],
    ["@ClassroomDisabled", 403, "PERMISSION_DENIED"],
    ["@UserInIllegalDomain", 403, "PERMISSION_DENIED"],
    ["@InactiveCourseOwner", 400, "FAILED_PRECONDITION"],
    ["@UserCourseJoinRateLimitReached", 429, "RESOURCE_EXHAUSTED"],
    ["@UserInvitationQuotaExhausted", 429, "RESOURCE_EXHAUSTED"],
  ] as const)(
    "a rule with reason %s answers %i %s with the @Reason prefix and its ErrorInfo",
    async (reason, http, rpc) => {
      const api = await emu.as(ACCOUNTS.teacher);
      await emu.faults([{ method: "GET", path: "^/v1/courses$", reason, times: 1 }]);
      const e = await expectApiError(api.courses.list({}), http, rpc, reason.slice(1));
      expect(e.data.error.details?.[0]).toMatchObject({
        reason: reason
          .slice(1)
          .replace(/([a-z])([A-Z])/g, "$1_$2")
          .toUpperCase(),
        domain: "classroom.googleapis.com",
      });
      expect(e.headers["retry-after"]).toBeUndefined();
    },
  );

  it("any @Reason can be given, with a status as a google.rpc.Code name or an HTTP status", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([
      { method: "GET", path: "^/v1/courses$", reason: "SomethingNew", status: "FAILED_PRECONDITION", times: 1 },
    ]);
    await expectApiError(api.courses.list({}), 400, "FAILED_PRECONDITION", "SomethingNew");
    await emu.faults([
      { method: "GET", path: "^/v1/courses$", reason: "@ClassroomApiDisabled", status: 403, times: 1 },
    ]);
    await expectApiError(api.courses.list({}), 403, "PERMISSION_DENIED", "ClassroomApiDisabled");
    const bad = await emu.control("POST", "/emulator/v1/faults", { rules: [{ status: "NOT_A_CODE" }] });
    expect(bad.status).toBe(400);
    const badReason = await emu.control("POST", "/emulator/v1/faults", { rules: [{ reason: "has space" }] });
    expect(badReason.status).toBe(400);
  });

  it("every error envelope carries details[] (ErrorInfo with reason and domain) and errors[].reason", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    const notFound = await expectApiError(api.courses.get({ id: "999999999999" }), 404, "NOT_FOUND");
    expect(notFound.data.error.errors?.[0]?.reason).toBe("notFound");
    expect(notFound.data.error.details?.[0]).toMatchObject({ reason: "NOT_FOUND", domain: "classroom.googleapis.com" });
    const noScope = await emu.as(ACCOUNTS.teacher, [SCOPE.coursesReadonly]);
    const scopes = await expectApiError(noScope.invitations.list({ userId: "me" }), 403, "PERMISSION_DENIED");
    expect(scopes.data.error.errors?.[0]?.reason).toBe("insufficientPermissions");
    expect(scopes.data.error.details?.[0]).toMatchObject({ reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" });
    const anon = await expectApiError(emu.client("ya29.bogus").courses.list({}), 401, "UNAUTHENTICATED");
    expect(anon.data.error.details?.[0]).toMatchObject({ domain: "googleapis.com" });
  });

  it("DELETE /emulator/v1/faults clears every rule", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.faults([{ status: 503 }]);
    await expectApiError(api.courses.list({}), 503, "UNAVAILABLE");
    await emu.clearFaults();
    await okCall(api.courses.list({}), "ListCoursesResponse");
  });
});

describe("quotas", () => {
  // Google's quota frontend sends no Retry-After; it names the limit in the text and in an
  // ErrorInfo (RATE_LIMIT_EXCEEDED), with the legacy reason rateLimitExceeded.
  it("perUserPerMinute: the next request is 429 RESOURCE_EXHAUSTED in Google's quota shape, no Retry-After; other users unaffected", async () => {
    const a = await emu.as(ACCOUNTS.teacher);
    const b = await emu.as(ACCOUNTS.teacher2);
    await emu.config({ quotas: { perUserPerMinute: 5 } });
    for (let i = 0; i < 5; i++) await okCall(a.userProfiles.get({ userId: "me" }), "UserProfile");
    const e = await expectApiError(a.userProfiles.get({ userId: "me" }), 429, "RESOURCE_EXHAUSTED");
    expect(e.headers["retry-after"]).toBeUndefined();
    expect(e.data.error.message).toMatch(
      /^Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'/,
    );
    expect(e.data.error.errors?.[0]?.reason).toBe("rateLimitExceeded");
    expect(e.data.error.details?.[0]).toMatchObject({
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "RATE_LIMIT_EXCEEDED",
      domain: "googleapis.com",
      metadata: { service: "classroom.googleapis.com", quota_limit: "DefaultPerMinutePerUser", quota_limit_value: "5" },
    });
    expect(e.data.error.details?.[1]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.Help" });
    await okCall(b.userProfiles.get({ userId: "me" }), "UserProfile");
  });

  it("perClientPerMinute: the client's total across users is capped", async () => {
    const a = await emu.as(ACCOUNTS.teacher);
    const b = await emu.as(ACCOUNTS.teacher2);
    await emu.config({ quotas: { perClientPerMinute: 5 } });
    for (let i = 0; i < 5; i++) await okCall((i % 2 ? a : b).userProfiles.get({ userId: "me" }), "UserProfile");
    const e1 = await expectApiError(a.userProfiles.get({ userId: "me" }), 429, "RESOURCE_EXHAUSTED");
    expect(e1.headers["retry-after"]).toBeUndefined();
    expect(e1.data.error.details?.[0]?.metadata?.quota_limit).toBe("DefaultPerMinutePerProject");
    await expectApiError(b.userProfiles.get({ userId: "me" }), 429, "RESOURCE_EXHAUSTED");
  });

  it("batch parts count against the per-user quota", async () => {
    const token = await emu.token(ACCOUNTS.teacher);
    await emu.config({ quotas: { perUserPerMinute: 3 } });
    const res = await sendBatch(
      emu.url,
      token,
      Array.from({ length: 6 }, (_, i) => ({ method: "GET", path: "/v1/userProfiles/me", contentId: `q${i}` })),
    );
    expect(res.status).toBe(200);
    expect(res.parts).toHaveLength(6);
    expect(res.parts[0]!.status).toBe(200);
    expect(res.parts[5]!.status).toBe(429);
    expect(res.parts[5]!.body).toMatchObject({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        details: expect.arrayContaining([expect.objectContaining({ reason: "RATE_LIMIT_EXCEEDED" })]),
      },
    });
    expect(Object.keys(res.parts[5]!.headers ?? {}).map((h) => h.toLowerCase())).not.toContain("retry-after");
  });

  it("invitationsPerTeacherPerDay is covered by invitations-create.test.ts; the config accepts it", async () => {
    const r = await emu.control("PUT", "/emulator/v1/config", { quotas: { invitationsPerTeacherPerDay: 1 } });
    expect(r.status).toBe(200);
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const [u1, u2] = w.outsidersFor(course, 2);
    const t = await emu.as(ACCOUNTS.teacher);
    await okCall(
      t.invitations.create({ requestBody: { courseId: course.id, userId: u1!.id, role: "STUDENT" } }),
      "Invitation",
    );
    await expectApiError(
      t.invitations.create({ requestBody: { courseId: course.id, userId: u2!.id, role: "STUDENT" } }),
      429,
      "RESOURCE_EXHAUSTED",
    );
  });
});

describe("latency", () => {
  it("latencyMs delays every Classroom request; reset restores no delay", async () => {
    const api = await emu.as(ACCOUNTS.teacher);
    await emu.config({ latencyMs: 120 });
    let t0 = performance.now();
    await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    t0 = performance.now();
    await expectApiError(api.courses.get({ id: "999999999999" }), 404, "NOT_FOUND");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    await emu.reset();
    t0 = performance.now();
    await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(performance.now() - t0).toBeLessThan(115);
  });

  it("perPartLatencyMs delays each part inside a batch", async () => {
    const token = await emu.token(ACCOUNTS.teacher);
    await emu.config({ perPartLatencyMs: 80 });
    const t0 = performance.now();
    const res = await sendBatch(emu.url, token, [
      { method: "GET", path: "/v1/userProfiles/me" },
      { method: "GET", path: "/v1/userProfiles/me" },
    ]);
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    // A plain request is not affected by the per-part delay.
    const t1 = performance.now();
    await okCall((await emu.as(ACCOUNTS.teacher)).userProfiles.get({ userId: "me" }), "UserProfile");
    expect(performance.now() - t1).toBeLessThan(75);
  });
});

describe("request log", () => {
  it("records method, path, email, status and time for each Classroom request; DELETE clears it", async () => {
    const teacher = await emu.as(ACCOUNTS.teacher);
    const student = await emu.as(ACCOUNTS.student);
    await emu.clearRequests();
    expect(await emu.requests()).toEqual([]);
    const before = Date.now();
    await okCall(teacher.courses.list({}), "ListCoursesResponse");
    await expectApiError(student.courses.get({ id: "999999999999" }), 404, "NOT_FOUND");
    await expectApiError(emu.client("ya29.bogus").courses.list({}), 401, "UNAUTHENTICATED");
    const log = (await emu.requests()).filter((r) => r.path.startsWith("/v1/"));
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({ method: "GET", email: ACCOUNTS.teacher, status: 200 });
    expect(log[0]!.path).toMatch(/^\/v1\/courses(\?|$)/);
    expect(log[1]).toMatchObject({
      method: "GET",
      path: "/v1/courses/999999999999",
      email: ACCOUNTS.student,
      status: 404,
    });
    expect(log[2]).toMatchObject({ method: "GET", status: 401 });
    expect(log[2]!.email ?? null).toBeNull();
    for (const r of log) {
      expect(Object.keys(r).sort()).toEqual(expect.arrayContaining(["at", "method", "path", "status"]));
      const at = typeof r.at === "number" ? r.at : Date.parse(r.at);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    }
    await emu.clearRequests();
    expect(await emu.requests()).toEqual([]);
  });
});
