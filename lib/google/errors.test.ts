import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { asAccessToken, classroomFor } from "./client";
import { setScheduler } from "./scheduler-instance";
import {
  APP_ERROR_CODES,
  APP_ERRORS,
  AppError,
  REASON_CODES,
  parseReason,
  parseRetryAfter,
  toAppError,
  toPublicError,
  type AppErrorCode,
} from "./errors";

interface Case {
  name: string;
  http: number;
  /** Google's envelope, or a raw string body. */
  body: unknown;
  headers?: Record<string, string>;
  code: AppErrorCode;
  reason?: string;
}

const envelope = (code: number, status: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, status, ...extra },
});
const reasonCase = (reason: string, http: number, status: string, code: AppErrorCode): Case => ({
  name: `@${reason}`,
  http,
  body: envelope(http, status, `@${reason} Upstream says something specific.`),
  code,
  reason,
});

// Every documented status and @Reason (docs/classroom-api.md §4), plus the transport-ish HTTP shapes.
const CASES: Case[] = [
  {
    name: "UNAUTHENTICATED",
    http: 401,
    body: envelope(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
    code: "UNAUTHENTICATED",
  },
  {
    name: "PERMISSION_DENIED",
    http: 403,
    body: envelope(403, "PERMISSION_DENIED", "The caller does not have permission"),
    code: "PERMISSION_DENIED",
  },
  {
    name: "insufficient scopes (message)",
    http: 403,
    body: envelope(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes."),
    code: "INSUFFICIENT_SCOPES",
  },
  {
    name: "insufficient scopes (Google's full body with errors[] and ErrorInfo)",
    http: 403,
    body: envelope(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", {
      errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" }],
    }),
    code: "INSUFFICIENT_SCOPES",
  },
  reasonCase("ClassroomApiDisabled", 403, "PERMISSION_DENIED", "CLASSROOM_API_DISABLED"),
  {
    // The older documented form with a legacy errors[] array (docs/classroom-api.md §4.1).
    name: "@ClassroomApiDisabled with legacy errors[]",
    http: 403,
    body: envelope(
      403,
      "PERMISSION_DENIED",
      "@ClassroomApiDisabled The user is not permitted to access the Classroom API.",
      {
        errors: [
          {
            message: "@ClassroomApiDisabled The user is not permitted to access the Classroom API.",
            domain: "global",
            reason: "forbidden",
          },
        ],
      },
    ),
    code: "CLASSROOM_API_DISABLED",
    reason: "ClassroomApiDisabled",
  },
  reasonCase("ClassroomDisabled", 403, "PERMISSION_DENIED", "CLASSROOM_DISABLED"),
  reasonCase("CannotDirectAddUser", 403, "PERMISSION_DENIED", "CANNOT_DIRECT_ADD_USER"),
  reasonCase("CannotInviteUserInUntrustedDomain", 403, "PERMISSION_DENIED", "UNTRUSTED_DOMAIN"),
  reasonCase("UserInIllegalDomain", 403, "PERMISSION_DENIED", "DOMAIN_NOT_ALLOWED"),
  reasonCase("ProjectPermissionDenied", 403, "PERMISSION_DENIED", "PROJECT_PERMISSION_DENIED"),
  reasonCase("UserIneligibleToUpdateGradingPeriodSettings", 403, "PERMISSION_DENIED", "GRADING_PERIOD_SETTINGS_DENIED"),
  {
    name: "NOT_FOUND",
    http: 404,
    body: envelope(404, "NOT_FOUND", "Requested entity was not found."),
    code: "NOT_FOUND",
  },
  {
    name: "ALREADY_EXISTS",
    http: 409,
    body: envelope(409, "ALREADY_EXISTS", "Requested entity already exists"),
    code: "ALREADY_EXISTS",
  },
  { name: "ABORTED", http: 409, body: envelope(409, "ABORTED", "Aborted"), code: "CONFLICT" },
  {
    name: "FAILED_PRECONDITION (plain)",
    http: 400,
    body: envelope(400, "FAILED_PRECONDITION", "Precondition check failed."),
    code: "FAILED_PRECONDITION",
  },
  reasonCase("CourseMemberLimitReached", 400, "FAILED_PRECONDITION", "COURSE_MEMBER_LIMIT_REACHED"),
  reasonCase("CourseNotModifiable", 400, "FAILED_PRECONDITION", "COURSE_NOT_MODIFIABLE"),
  reasonCase("CourseTeacherLimitReached", 400, "FAILED_PRECONDITION", "COURSE_TEACHER_LIMIT_REACHED"),
  reasonCase("UserGroupsMembershipLimitReached", 400, "FAILED_PRECONDITION", "USER_GROUPS_LIMIT_REACHED"),
  reasonCase("IneligibleOwner", 400, "FAILED_PRECONDITION", "INELIGIBLE_OWNER"),
  reasonCase("PendingInvitationExists", 400, "FAILED_PRECONDITION", "PENDING_INVITATION_EXISTS"),
  reasonCase("InactiveCourseOwner", 400, "FAILED_PRECONDITION", "INACTIVE_COURSE_OWNER"),
  reasonCase("UserCannotOwnCourse", 400, "FAILED_PRECONDITION", "USER_CANNOT_OWN_COURSE"),
  reasonCase("CourseTitleCannotContainUrl", 400, "FAILED_PRECONDITION", "COURSE_TITLE_CONTAINS_URL"),
  reasonCase("CannotRemoveCourseOwner", 400, "FAILED_PRECONDITION", "CANNOT_REMOVE_COURSE_OWNER"),
  reasonCase("CannotRemoveCourseFolderOwner", 400, "FAILED_PRECONDITION", "CANNOT_REMOVE_COURSE_FOLDER_OWNER"),
  reasonCase("CannotRemoveCourseOwnerTransferIncomplete", 400, "FAILED_PRECONDITION", "OWNER_TRANSFER_INCOMPLETE"),
  reasonCase("CannotRemoveTeacherWithNoCourseOwner", 400, "FAILED_PRECONDITION", "NO_ACTIVE_COURSE_OWNER"),
  // Google's error guide lists it under FAILED_PRECONDITION, the discovery document implies INVALID_ARGUMENT: both must map the same.
  reasonCase("ListCoursesStudentAndTeacherFilter", 400, "FAILED_PRECONDITION", "LIST_FILTER_CONFLICT"),
  {
    ...reasonCase("ListCoursesStudentAndTeacherFilter", 400, "INVALID_ARGUMENT", "LIST_FILTER_CONFLICT"),
    name: "@ListCoursesStudentAndTeacherFilter as INVALID_ARGUMENT",
  },
  {
    name: "INVALID_ARGUMENT",
    http: 400,
    body: envelope(400, "INVALID_ARGUMENT", "Invalid value"),
    code: "INVALID_ARGUMENT",
  },
  { name: "OUT_OF_RANGE", http: 400, body: envelope(400, "OUT_OF_RANGE", "Out of range"), code: "INVALID_ARGUMENT" },
  {
    name: "RESOURCE_EXHAUSTED with Retry-After",
    http: 429,
    body: envelope(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
    headers: { "retry-after": "7" },
    code: "RATE_LIMITED",
  },
  reasonCase("UserCourseJoinRateLimitReached", 429, "RESOURCE_EXHAUSTED", "JOIN_RATE_LIMITED"),
  { name: "INTERNAL", http: 500, body: envelope(500, "INTERNAL", "Internal error encountered."), code: "INTERNAL" },
  { name: "UNKNOWN status", http: 500, body: envelope(500, "UNKNOWN", "Unknown"), code: "INTERNAL" },
  {
    name: "UNAVAILABLE",
    http: 503,
    body: envelope(503, "UNAVAILABLE", "The service is currently unavailable."),
    code: "UNAVAILABLE",
  },
  {
    name: "DEADLINE_EXCEEDED",
    http: 504,
    body: envelope(504, "DEADLINE_EXCEEDED", "Deadline exceeded"),
    code: "DEADLINE_EXCEEDED",
  },
  { name: "non-JSON 502 from a proxy", http: 502, body: "<html><body>Bad Gateway</body></html>", code: "UNAVAILABLE" },
  { name: "non-JSON 500", http: 500, body: "oops", code: "INTERNAL" },
  {
    name: "unknown reason on a known status falls back to the status",
    http: 400,
    body: envelope(400, "FAILED_PRECONDITION", "@SomethingNew text"),
    code: "FAILED_PRECONDITION",
    reason: "SomethingNew",
  },
  {
    name: "reason prefix needs a word boundary",
    http: 400,
    body: envelope(400, "FAILED_PRECONDITION", "@CourseNotModifiableX text"),
    code: "FAILED_PRECONDITION",
    reason: "CourseNotModifiableX",
  },
  { name: "error as a bare string", http: 401, body: { error: "invalid_token" }, code: "UNAUTHENTICATED" },
  { name: "UNIMPLEMENTED", http: 501, body: envelope(501, "UNIMPLEMENTED", "Not implemented"), code: "UNKNOWN" },
];

/** A GaxiosError-like object, as the Node client throws it. */
function fakeGaxiosError(c: Case) {
  return Object.assign(new Error(typeof c.body === "string" ? c.body : "The request failed"), {
    status: c.http,
    code: c.http,
    response: { status: c.http, data: c.body, headers: new Headers(c.headers ?? {}) },
  });
}

describe("toAppError on GaxiosError-shaped objects", () => {
  it.each(CASES)("$name → $code", (c) => {
    const silence = vi.spyOn(console, "error").mockImplementation(() => {});
    const e = toAppError(fakeGaxiosError(c));
    silence.mockRestore();
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(c.code);
    expect(e.httpStatus).toBe(c.http);
    expect(e.reason).toBe(c.reason ?? (c.name.startsWith("@") ? c.name.slice(1).split(" ")[0] : undefined));
    expect(e.retryable).toBe(APP_ERRORS[c.code].retryable);
    // Upstream text never reaches the user.
    expect(e.userMessage).not.toContain("Upstream says");
    expect(e.userMessage).not.toMatch(/<html>|@[A-Z]/);
  });

  it("reads Retry-After from a plain header object too", () => {
    const e = toAppError({
      response: { status: 429, data: envelope(429, "RESOURCE_EXHAUSTED", "x"), headers: { "Retry-After": "3" } },
    });
    expect(e.retryAfterMs).toBe(3000);
  });
});

describe("toAppError on real GaxiosErrors from the real client", () => {
  let server: Server;
  let hangingSockets: Set<import("node:net").Socket>;
  const saved = process.env.CLASSROOM_ROOT_URL;

  beforeAll(async () => {
    hangingSockets = new Set();
    server = createServer((req, res) => {
      const id = decodeURIComponent(req.url?.split("/").pop() ?? "");
      if (id === "hang") {
        hangingSockets.add(req.socket);
        return;
      }
      if (id === "reset") {
        req.socket.destroy();
        return;
      }
      const c = CASES[Number(id)];
      if (!c) {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      const json = typeof c.body !== "string";
      res.writeHead(c.http, {
        "content-type": json ? "application/json; charset=UTF-8" : "text/html",
        ...c.headers,
      });
      res.end(json ? JSON.stringify(c.body) : c.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.CLASSROOM_ROOT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    process.env.CLASSROOM_ROOT_URL = saved;
    for (const s of hangingSockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const token = asAccessToken("ya29.test-token");
  // Each case's 429 holds the token's quota key for its Retry-After; cases are independent.
  beforeEach(() => setScheduler(undefined));

  async function failWith(id: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<unknown> {
    try {
      await classroomFor(token, { timeoutMs: opts.timeoutMs }).invitations.get({ id }, { signal: opts.signal });
    } catch (e) {
      return e;
    }
    throw new Error("expected the call to fail");
  }

  it.each(CASES.map((c, i) => ({ ...c, i })))("$name → $code", async (c) => {
    const raw = await failWith(String(c.i));
    const silence = vi.spyOn(console, "error").mockImplementation(() => {});
    const e = toAppError(raw);
    silence.mockRestore();
    expect(e.code).toBe(c.code);
    expect(e.httpStatus).toBe(c.http);
    if (c.headers?.["retry-after"]) expect(e.retryAfterMs).toBe(Number(c.headers["retry-after"]) * 1000);
  });

  it("makes exactly one attempt (gaxios retries are off)", async () => {
    let hits = 0;
    const counting = createServer((_req, res) => {
      hits++;
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify(envelope(503, "UNAVAILABLE", "x")));
    });
    await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
    const before = process.env.CLASSROOM_ROOT_URL;
    process.env.CLASSROOM_ROOT_URL = `http://127.0.0.1:${(counting.address() as AddressInfo).port}`;
    try {
      await expect(classroomFor(token).invitations.list({ userId: "me" })).rejects.toBeTruthy();
      expect(hits).toBe(1);
    } finally {
      process.env.CLASSROOM_ROOT_URL = before;
      await new Promise<void>((resolve) => counting.close(() => resolve()));
    }
  });

  it("connection refused → NETWORK", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const before = process.env.CLASSROOM_ROOT_URL;
    process.env.CLASSROOM_ROOT_URL = `http://127.0.0.1:${port}/`;
    try {
      const raw = await failWith("x");
      expect(toAppError(raw).code).toBe("NETWORK");
      expect(toAppError(raw).retryable).toBe(true);
    } finally {
      process.env.CLASSROOM_ROOT_URL = before;
    }
  });

  it("connection reset → NETWORK", async () => {
    expect(toAppError(await failWith("reset")).code).toBe("NETWORK");
  });

  it("client timeout → TIMEOUT", async () => {
    const e = toAppError(await failWith("hang", { timeoutMs: 150 }));
    expect(e.code).toBe("TIMEOUT");
    expect(e.retryable).toBe(true);
  });

  it("the caller's own abort → CANCELLED", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const raw = await failWith("hang", { signal: controller.signal, timeoutMs: 5_000 });
    expect(toAppError(raw, { signal: controller.signal }).code).toBe("CANCELLED");
  });
});

describe("transport errors without a response", () => {
  it.each([
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "NETWORK"],
    [Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "NETWORK"],
    [Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }), "TIMEOUT"],
    [new DOMException("The operation was aborted due to timeout", "TimeoutError"), "TIMEOUT"],
    [new DOMException("This operation was aborted", "AbortError"), "TIMEOUT"],
    [Object.assign(new Error("The operation was aborted."), { name: "Error" }), "TIMEOUT"],
    // Node's fetch: TypeError("fetch failed") with the socket error as cause.
    [
      new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }),
      "NETWORK",
    ],
    [
      new TypeError("fetch failed", {
        cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
      }),
      "NETWORK",
    ],
  ] as const)("%s → %s", (raw, code) => {
    expect(toAppError(raw).code).toBe(code);
  });
});

describe("unknown errors", () => {
  it("get a generic message with a reference, and the details go to the server log redacted", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const e = toAppError(new Error("boom with Authorization: Bearer ya29.a0AfH6SMsecret and 1//0gRefreshSecret"));
    expect(e.code).toBe("UNKNOWN");
    expect(e.userMessage).toContain(e.correlationId);
    expect(e.userMessage).not.toContain("boom");
    expect(log).toHaveBeenCalledOnce();
    const line = String(log.mock.calls[0]?.[0]);
    expect(line).toContain(e.correlationId);
    expect(line).toContain("boom");
    expect(line).not.toContain("ya29.a0AfH6SMsecret");
    expect(line).not.toContain("0gRefreshSecret");
    log.mockRestore();
  });

  it("strings, nulls and plain objects map to UNKNOWN", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toAppError("x").code).toBe("UNKNOWN");
    expect(toAppError(null).code).toBe("UNKNOWN");
    expect(toAppError({ response: { status: "nope" } }).code).toBe("UNKNOWN");
    log.mockRestore();
  });

  it("an AppError passes through unchanged", () => {
    const e = new AppError({ code: "NOT_FOUND" });
    expect(toAppError(e)).toBe(e);
  });
});

describe("the code table", () => {
  it("every code has concrete text, a status and a retry flag", () => {
    for (const code of APP_ERROR_CODES) {
      const spec = APP_ERRORS[code];
      expect(spec.message.length, code).toBeGreaterThan(15);
      expect(spec.message, code).toMatch(/[.!]$/);
      expect(spec.httpStatus, code).toBeGreaterThanOrEqual(400);
    }
  });

  it("every documented reason has its own code", () => {
    const documented = [
      "ClassroomApiDisabled",
      "ClassroomDisabled",
      "CannotDirectAddUser",
      "CannotInviteUserInUntrustedDomain",
      "ProjectPermissionDenied",
      "UserIneligibleToUpdateGradingPeriodSettings",
      "CourseMemberLimitReached",
      "CourseNotModifiable",
      "CourseTeacherLimitReached",
      "UserGroupsMembershipLimitReached",
      "IneligibleOwner",
      "PendingInvitationExists",
      "InactiveCourseOwner",
      "UserCannotOwnCourse",
      "CourseTitleCannotContainUrl",
      "CannotRemoveCourseOwner",
      "CannotRemoveCourseFolderOwner",
      "CannotRemoveCourseOwnerTransferIncomplete",
      "CannotRemoveTeacherWithNoCourseOwner",
      "ListCoursesStudentAndTeacherFilter",
      "UserCourseJoinRateLimitReached",
    ];
    for (const reason of documented) {
      expect(REASON_CODES[reason], reason).toBeDefined();
      expect(
        CASES.some((c) => c.reason === reason),
        `test case for ${reason}`,
      ).toBe(true);
    }
  });

  it("every code is produced by some mapping path", () => {
    // Codes lib/classroom derives after a follow-up lookup, and CANCELLED (caller's signal).
    const derived: AppErrorCode[] = [
      "ALREADY_MEMBER",
      "ACCOUNT_DISABLED",
      "INVITATION_QUOTA_REACHED",
      "COURSE_NOT_FOUND",
      "USER_NOT_FOUND",
      "INVITATION_NOT_FOUND",
      "CANCELLED",
      "NETWORK",
      "TIMEOUT",
    ];
    const produced = new Set<AppErrorCode>([...CASES.map((c) => c.code), ...derived]);
    expect(APP_ERROR_CODES.filter((c) => !produced.has(c))).toEqual([]);
  });
});

describe("helpers", () => {
  it("parseReason needs the @ at the start and a whole word", () => {
    expect(parseReason("@CourseNotModifiable The course is archived.")).toBe("CourseNotModifiable");
    expect(parseReason("@IneligibleOwner")).toBe("IneligibleOwner");
    expect(parseReason("Course @CourseNotModifiable")).toBeUndefined();
    expect(parseReason("")).toBeUndefined();
    expect(parseReason(undefined)).toBeUndefined();
  });

  it("parseRetryAfter reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("toPublicError exposes only code and our text", () => {
    const e = toAppError(fakeGaxiosError(CASES.find((c) => c.code === "ALREADY_EXISTS")!));
    expect(toPublicError(e)).toEqual({
      code: "ALREADY_EXISTS",
      message:
        "This person already has a pending invitation to this class. Open it to change the role, or revoke it first.",
    });
    expect(Object.keys(toPublicError(e))).toEqual(["code", "message"]);
    expect(JSON.parse(JSON.stringify(toPublicError(e)))).toEqual(toPublicError(e));
  });
});
