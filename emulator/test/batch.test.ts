import { describe, expect, it } from "vitest";
import { ACCOUNTS, setupTestEmulator } from "./helpers";
import { expectSchema } from "./discovery-schema";
import { buildBatchBody, parseBatchResponse, sendBatch, type BatchPart } from "./multipart";

const emu = setupTestEmulator({ clearRequests: true });

describe("batch helper", () => {
  it("round-trips its own wire format", () => {
    const { body, contentType } = buildBatchBody(
      [{ method: "POST", path: "/v1/invitations", contentId: "a", body: { role: "STUDENT" } }],
      "xyz",
    );
    expect(contentType).toBe("multipart/mixed; boundary=xyz");
    expect(body).toContain("--xyz\r\nContent-Type: application/http\r\n");
    expect(body).toContain("Content-ID: <a>\r\n\r\nPOST /v1/invitations HTTP/1.1\r\n");
    expect(body.endsWith("--xyz--\r\n")).toBe(true);
    const resp =
      "--b\r\nContent-Type: application/http\r\nContent-ID: <response-a>\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n" +
      '{"error":{"code":404}}\r\n--b--\r\n';
    const [p] = parseBatchResponse("multipart/mixed; boundary=b", resp);
    expect(p).toMatchObject({ contentId: "response-a", status: 404, body: { error: { code: 404 } } });
  });
});

describe("POST /batch", () => {
  it("up to 50 application/http parts → 200 multipart/mixed, one full HTTP response per part, in order", async () => {
    const w = await emu.world();
    const token = await emu.token(ACCOUNTS.admin);
    const courses = w.s.courses.slice(0, 10);
    const parts: BatchPart[] = [];
    for (let i = 0; i < 50; i++) {
      const c = courses[i % courses.length]!;
      parts.push({ method: "GET", path: `/v1/courses/${c.id}`, contentId: `item${i}:conformance@example.com` });
    }
    const res = await sendBatch(emu.url, token, parts);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^multipart\/mixed;\s*boundary=/i);
    expect(res.parts).toHaveLength(50);
    res.parts.forEach((p, i) => {
      expect(p.partHeaders["content-type"]).toMatch(/^application\/http/);
      expect(p.status).toBe(200);
      expect(p.headers["content-type"]).toMatch(/^application\/json/);
      expectSchema("Course", p.body);
      expect((p.body as { id: string }).id).toBe(courses[i % courses.length]!.id);
    });
  });

  it("mixed methods with JSON bodies run and answer in request order", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const [u1, u2] = w.outsidersFor(course, 2);
    const res = await sendBatch(emu.url, await emu.token(ACCOUNTS.teacher), [
      {
        method: "POST",
        path: "/v1/invitations",
        contentId: "c1",
        body: { courseId: course.id, userId: u1!.id, role: "STUDENT" },
      },
      { method: "GET", path: `/v1/courses/${course.id}`, contentId: "g1" },
      {
        method: "POST",
        path: "/v1/invitations",
        contentId: "c2",
        body: { courseId: course.id, userId: u2!.email, role: "TEACHER" },
      },
      { method: "GET", path: `/v1/invitations?courseId=${course.id}&pageSize=500`, contentId: "l1" },
    ]);
    expect(res.parts.map((p) => p.contentId)).toEqual(["response-c1", "response-g1", "response-c2", "response-l1"]);
    expect(res.parts.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expectSchema("Invitation", res.parts[0]!.body);
    expectSchema("Course", res.parts[1]!.body);
    expectSchema("Invitation", res.parts[2]!.body);
    expectSchema("ListInvitationsResponse", res.parts[3]!.body);
    expect(res.parts[0]!.body).toMatchObject({ userId: u1!.id, role: "STUDENT" });
    expect(res.parts[2]!.body).toMatchObject({ userId: u2!.id, role: "TEACHER" });
    const s = await emu.state();
    expect(s.invitations.filter((i) => i.courseId === course.id && [u1!.id, u2!.id].includes(i.userId))).toHaveLength(
      2,
    );
  });

  it("each part's Content-ID is echoed as response-<original>", async () => {
    const token = await emu.token(ACCOUNTS.teacher);
    const res = await sendBatch(emu.url, token, [
      { method: "GET", path: "/v1/userProfiles/me", contentId: "item1:12930812@classroom.example.com" },
      { method: "GET", path: "/v1/userProfiles/me", contentId: "item2:12930812@classroom.example.com" },
    ]);
    expect(res.parts.map((p) => p.partHeaders["content-id"])).toEqual([
      "<response-item1:12930812@classroom.example.com>",
      "<response-item2:12930812@classroom.example.com>",
    ]);
  });

  it("the outer Authorization applies to parts that do not set their own", async () => {
    const w = await emu.world();
    const studentToken = await emu.token(ACCOUNTS.student);
    const teacherToken = await emu.token(ACCOUNTS.teacher);
    const res = await sendBatch(emu.url, teacherToken, [
      { method: "GET", path: "/v1/userProfiles/me", contentId: "outer" },
      {
        method: "GET",
        path: "/v1/userProfiles/me",
        contentId: "own",
        headers: { Authorization: `Bearer ${studentToken}` },
      },
      { method: "GET", path: "/v1/userProfiles/me", contentId: "bad", headers: { Authorization: "Bearer ya29.bogus" } },
    ]);
    expect(res.status).toBe(200);
    expect((res.parts[0]!.body as { id: string }).id).toBe(w.user(ACCOUNTS.teacher).id);
    expect((res.parts[1]!.body as { id: string }).id).toBe(w.user(ACCOUNTS.student).id);
    expect(res.parts[2]!.status).toBe(401);
    expect(res.parts[2]!.body).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });

    // No outer token: parts without their own are unauthenticated, the envelope is still 200.
    const anon = await sendBatch(emu.url, undefined, [
      { method: "GET", path: "/v1/userProfiles/me" },
      { method: "GET", path: "/v1/userProfiles/me", headers: { Authorization: `Bearer ${studentToken}` } },
    ]);
    expect(anon.status).toBe(200);
    expect(anon.parts.map((p) => p.status)).toEqual([401, 200]);
  });

  it("a failing part carries its own status and JSON error body; the outer status stays 200", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const res = await sendBatch(emu.url, await emu.token(ACCOUNTS.teacher), [
      { method: "GET", path: `/v1/courses/${course.id}` },
      { method: "GET", path: "/v1/courses/999999999999" },
      {
        method: "POST",
        path: "/v1/invitations",
        body: { courseId: course.id, userId: w.outsiderFor(course).id, role: "OWNER" },
      },
      { method: "GET", path: "/v1/invitations" },
    ]);
    expect(res.status).toBe(200);
    expect(res.parts.map((p) => p.status)).toEqual([200, 404, 400, 400]);
    expect(res.parts[1]!.body).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    expect(res.parts[2]!.body).toMatchObject({ error: { code: 400, status: "FAILED_PRECONDITION" } });
    expect((res.parts[2]!.body as { error: { message: string } }).error.message).toMatch(/^@IneligibleOwner /);
    expect(res.parts[3]!.body).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
    for (const p of res.parts.slice(1)) expect(p.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("fault rules apply per part", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    await emu.faults([{ path: "^/v1/userProfiles/", status: 503, times: 1 }]);
    const res = await sendBatch(emu.url, await emu.token(ACCOUNTS.teacher), [
      { method: "GET", path: `/v1/courses/${course.id}` },
      { method: "GET", path: "/v1/userProfiles/me" },
      { method: "GET", path: "/v1/userProfiles/me" },
    ]);
    expect(res.status).toBe(200);
    expect(res.parts.map((p) => p.status)).toEqual([200, 503, 200]);
    expect(res.parts[1]!.body).toMatchObject({ error: { code: 503, status: "UNAVAILABLE" } });
  });

  it("more than 50 parts → 400 INVALID_ARGUMENT (and nothing runs)", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const people = w.outsidersFor(course, 51);
    const parts = people.map((u) => ({
      method: "POST",
      path: "/v1/invitations",
      body: { courseId: course.id, userId: u.id, role: "STUDENT" },
    }));
    const res = await sendBatch(emu.url, await emu.token(ACCOUNTS.teacher), parts);
    expect(res.status).toBe(400);
    expect(res.contentType.toLowerCase().replace(/\s/g, "")).toBe("application/json;charset=utf-8");
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
    const s = await emu.state();
    expect(s.invitations.some((i) => people.some((p) => p.id === i.userId) && i.courseId === course.id)).toBe(false);
  });

  it("a malformed batch (no boundary) → 400 INVALID_ARGUMENT", async () => {
    const res = await fetch(emu.url + "/batch", {
      method: "POST",
      headers: { "content-type": "multipart/mixed", authorization: `Bearer ${await emu.token(ACCOUNTS.teacher)}` },
      body: "garbage",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
  });

  it("each part appears in the request log with its own method, path, email and status", async () => {
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const studentToken = await emu.token(ACCOUNTS.student);
    await emu.clearRequests();
    await sendBatch(emu.url, await emu.token(ACCOUNTS.teacher), [
      { method: "GET", path: `/v1/courses/${course.id}` },
      { method: "GET", path: "/v1/courses/999999999999", headers: { Authorization: `Bearer ${studentToken}` } },
      { method: "DELETE", path: "/v1/invitations/999999999999" },
    ]);
    const log = (await emu.requests()).filter((r) => r.path.startsWith("/v1/"));
    expect(log).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/v1/courses/${course.id}`,
        email: ACCOUNTS.teacher,
        status: 200,
      }),
      expect.objectContaining({
        method: "GET",
        path: "/v1/courses/999999999999",
        email: ACCOUNTS.student,
        status: 404,
      }),
      expect.objectContaining({
        method: "DELETE",
        path: "/v1/invitations/999999999999",
        email: ACCOUNTS.teacher,
        status: 404,
      }),
    ]);
  });
});
