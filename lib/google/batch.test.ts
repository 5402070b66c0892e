import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { mapLimit } from "@/lib/map-limit";

import { executeBatch, matchParts, type BatchOptions, type BatchRequest } from "./batch";
import { googleQuotaRefusal } from "@/lib/test/google-errors";
import { asAccessToken } from "./client";
import { boundaryOf, buildPath, contentIdFor, encodeBatch, parseBatchResponse } from "./multipart";
import { QuotaScheduler } from "./scheduler";

const CRLF = "\r\n";

describe("encodeBatch", () => {
  const requests: BatchRequest[] = [
    { method: "GET", path: "/v1/userProfiles/me" },
    {
      method: "GET",
      path: "/v1/courses",
      query: { courseStates: ["ACTIVE", "ARCHIVED"], teacherId: "me", pageToken: undefined },
    },
    { method: "POST", path: "/v1/invitations", body: { courseId: "1", userId: "zoë@example.com", role: "STUDENT" } },
    { method: "DELETE", path: "/v1/invitations/9" },
  ];
  const body = encodeBatch(requests, "B0undary", "p1");

  it("writes one application/http part per request, with Content-IDs, and a close delimiter", () => {
    expect(body.startsWith(`--B0undary${CRLF}Content-Type: application/http${CRLF}`)).toBe(true);
    expect(body.endsWith(`--B0undary--${CRLF}`)).toBe(true);
    expect(body.split(`--B0undary${CRLF}`)).toHaveLength(5);
    requests.forEach((_, i) => expect(body).toContain(`Content-ID: ${contentIdFor("p1", i)}${CRLF}`));
  });

  it("uses CRLF line ends only", () => {
    expect(body.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("writes request lines with path-only URLs and repeated array parameters", () => {
    expect(body).toContain(`GET /v1/userProfiles/me HTTP/1.1${CRLF}`);
    expect(body).toContain(`GET /v1/courses?courseStates=ACTIVE&courseStates=ARCHIVED&teacherId=me HTTP/1.1${CRLF}`);
    expect(body).toContain(`DELETE /v1/invitations/9 HTTP/1.1${CRLF}${CRLF}`);
  });

  it("sends JSON bodies with a byte-accurate Content-Length", () => {
    const json = JSON.stringify(requests[2]!.body);
    expect(body).toContain(
      `POST /v1/invitations HTTP/1.1${CRLF}Content-Type: application/json; charset=UTF-8${CRLF}Content-Length: ${Buffer.byteLength(json)}${CRLF}${CRLF}${json}${CRLF}--B0undary`,
    );
    expect(Buffer.byteLength(json)).toBeGreaterThan(json.length); // "ë" is two bytes
  });

  it("round-trips through the parser as requests", () => {
    const parts = parseBatchResponse(body, "B0undary");
    expect(parts).toHaveLength(4);
    expect(parts.map((p) => p.contentId)).toEqual(requests.map((_, i) => contentIdFor("p1", i)));
  });

  it("rejects full URLs", () => {
    expect(() => encodeBatch([{ method: "GET", path: "https://evil.example/v1/x" }], "b", "p")).toThrow();
  });
});

describe("buildPath", () => {
  it("skips undefined and null, encodes values", () => {
    expect(buildPath("/v1/x", { a: undefined, b: null, c: "a b&c", d: 5, e: true })).toBe("/v1/x?c=a+b%26c&d=5&e=true");
    expect(buildPath("/v1/x", {})).toBe("/v1/x");
    expect(buildPath("/v1/x?y=1", { z: 2 })).toBe("/v1/x?y=1&z=2");
  });
});

describe("boundaryOf", () => {
  it.each([
    ["multipart/mixed; boundary=batch_abc", "batch_abc"],
    ['multipart/mixed; boundary="batch abc:1"', "batch abc:1"],
    ['multipart/mixed;boundary="q\\"x"', 'q"x'],
    ["Multipart/Mixed; charset=UTF-8; BOUNDARY=xyz", "xyz"],
    ["multipart/mixed; boundary=abc; charset=UTF-8", "abc"],
    ["application/json", undefined],
    [null, undefined],
    ["multipart/mixed", undefined],
  ])("%s → %s", (header, expected) => {
    expect(boundaryOf(header)).toBe(expected);
  });
});

/** Google's documented response shape. */
function responseBody(
  boundary: string,
  parts: { id?: string; status: string; headers?: string[]; body?: string }[],
  eol = CRLF,
) {
  let out = `preamble to ignore${eol}`;
  for (const p of parts) {
    out += `--${boundary}${eol}Content-Type: application/http${eol}`;
    if (p.id) out += `Content-ID: <response-${p.id}>${eol}`;
    out += eol;
    out += `HTTP/1.1 ${p.status}${eol}`;
    for (const h of p.headers ?? ["Content-Type: application/json; charset=UTF-8"]) out += `${h}${eol}`;
    out += eol;
    if (p.body !== undefined) out += `${p.body}${eol}`;
  }
  return `${out}--${boundary}--${eol}epilogue`;
}

describe("parseBatchResponse", () => {
  const parts = [
    { id: "item0:p@classroom-dashboard", status: "200 OK", body: '{\n  "id": "1",\n  "name": { "fullName": "A" }\n}' },
    { id: "item1:p@classroom-dashboard", status: "200", body: "{}" },
    { id: "item2:p@classroom-dashboard", status: "204 No Content", headers: [], body: undefined },
    {
      id: "item3:p@classroom-dashboard",
      status: "404 Not Found",
      body: JSON.stringify({ error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } }),
    },
    {
      id: "item4:p@classroom-dashboard",
      status: "400 Bad Request",
      body: JSON.stringify({
        error: { code: 400, message: "@CourseNotModifiable The course is archived.", status: "FAILED_PRECONDITION" },
      }),
    },
    {
      id: "item5:p@classroom-dashboard",
      status: "503 Service Unavailable",
      headers: ["Content-Type: text/plain", "Retry-After: 4"],
      body: "try later",
    },
  ];

  it.each([
    ["CRLF", CRLF],
    ["bare LF", "\n"],
  ])("parses statuses, headers and JSON/empty/text bodies (%s)", (_name, eol) => {
    const parsed = parseBatchResponse(responseBody("resp_b", parts, eol), "resp_b");
    expect(parsed.map((p) => p.status)).toEqual([200, 200, 204, 404, 400, 503]);
    expect(parsed.map((p) => p.contentId)).toEqual(parts.map((p) => `<response-${p.id}>`));
    expect(parsed[0]!.body).toEqual({ id: "1", name: { fullName: "A" } });
    expect(parsed[1]!.body).toEqual({});
    expect(parsed[2]!.body).toBeUndefined();
    expect(parsed[3]!.body).toMatchObject({ error: { status: "NOT_FOUND" } });
    expect(parsed[5]!.body).toBe("try later");
    expect(parsed[5]!.headers["retry-after"]).toBe("4");
  });

  it("handles a boundary with spaces/quotes chars and transport padding", () => {
    const text = responseBody("a b'c", [{ id: "item0:p@classroom-dashboard", status: "200", body: "{}" }]).replace(
      "--a b'c\r\n",
      "--a b'c  \r\n",
    );
    expect(parseBatchResponse(text, "a b'c")).toHaveLength(1);
  });

  it("tolerates a missing close delimiter", () => {
    const text = `--b${CRLF}Content-Type: application/http${CRLF}${CRLF}HTTP/1.1 200 OK${CRLF}${CRLF}{"a":1}${CRLF}`;
    expect(parseBatchResponse(text, "b")).toEqual([{ contentId: undefined, status: 200, headers: {}, body: { a: 1 } }]);
  });

  it("does not split on a boundary string inside a body line", () => {
    const text = responseBody("b", [
      { id: "item0:p@classroom-dashboard", status: "200", body: '{"note":"--b is not a delimiter here"}' },
    ]);
    expect(parseBatchResponse(text, "b")[0]!.body).toEqual({ note: "--b is not a delimiter here" });
  });

  it("matches results by Content-ID, not position, and maps error parts through the one mapper", () => {
    const shuffled = [parts[4]!, parts[0]!, parts[3]!].map((p, k) => ({
      ...p,
      id: p.id.replace(/item\d/, `item${[2, 0, 1][k]}`),
    }));
    const parsed = parseBatchResponse(responseBody("b", shuffled), "b");
    const results = matchParts(parsed, 3, "p");
    expect(results[0]).toMatchObject({ ok: true, status: 200, data: { id: "1" } });
    expect(results[1]).toMatchObject({ ok: false, status: 404 });
    expect(results[2]).toMatchObject({ ok: false, status: 400 });
    if (results[2]!.ok) throw new Error("unreachable");
    expect(results[2]!.error.code).toBe("COURSE_NOT_MODIFIABLE");
    expect(results[2]!.error.reason).toBe("CourseNotModifiable");
  });

  it("falls back to position for parts without a Content-ID, and flags missing parts", () => {
    const parsed = parseBatchResponse(
      responseBody("b", [
        { status: "200", body: '{"n":0}' },
        { status: "200", body: '{"n":1}' },
      ]),
      "b",
    );
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const results = matchParts(parsed, 3, "p");
    expect(log).toHaveBeenCalledOnce(); // a missing part is unexpected: logged with a reference
    log.mockRestore();
    expect(results.slice(0, 2).map((r) => r.ok && r.data)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(results[2]).toMatchObject({ ok: false, status: 0 });
  });
});

describe("mapLimit", () => {
  it("keeps at most `limit` in flight and preserves order", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

// --- executeBatch against a small HTTP server that speaks the batch protocol ----------------

interface SeenBatch {
  auth: string | undefined;
  parts: { method: string; path: string; contentId: string; body: unknown }[];
}

/** Parses a batch request (reusing the response parser: the framing is the same). */
function readRequest(req: IncomingMessage, text: string): SeenBatch {
  const boundary = boundaryOf(req.headers["content-type"])!;
  const lines = parseBatchResponse(
    text.replace(/\r\n(GET|POST|DELETE|PUT|PATCH) (\S+) HTTP\/1.1/g, "\r\nHTTP/1.1 200 $1 $2"),
    boundary,
  );
  const raw = text.split(`--${boundary}`).slice(1, -1);
  return {
    auth: req.headers.authorization,
    parts: lines.map((p, i) => {
      const m = /(GET|POST|DELETE|PUT|PATCH) (\S+) HTTP/.exec(raw[i]!)!;
      return { method: m[1]!, path: m[2]!, contentId: p.contentId!, body: p.body };
    }),
  };
}

type Reply = { status: number; headers?: Record<string, string>; body?: unknown };
type Handler = (batch: SeenBatch, callNo: number) => { outer?: Reply; parts?: Reply[] };

describe("executeBatch", () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  let seen: SeenBatch[];
  const sleeps: number[] = [];
  const opts = (): BatchOptions => ({
    rootUrl: url,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const token = asAccessToken("ya29.batch-test");

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (text += c));
      req.on("end", () => {
        if (req.url !== "/batch" || req.method !== "POST") {
          res.writeHead(404).end();
          return;
        }
        const batch = readRequest(req, text);
        seen.push(batch);
        const reply = handler(batch, seen.length);
        if (reply.outer) {
          res.writeHead(reply.outer.status, { "content-type": "application/json", ...reply.outer.headers });
          res.end(JSON.stringify(reply.outer.body ?? {}));
          return;
        }
        // Answer in reverse order to prove matching by Content-ID.
        const items = batch.parts.map((p, i) => ({ p, r: reply.parts![i]! })).reverse();
        let out = "";
        for (const { p, r } of items) {
          out += `--resp${CRLF}Content-Type: application/http${CRLF}Content-ID: <response-${p.contentId.replace(/^<|>$/g, "")}>${CRLF}${CRLF}`;
          out += `HTTP/1.1 ${r.status} X${CRLF}Content-Type: application/json${CRLF}`;
          for (const [k, v] of Object.entries(r.headers ?? {})) out += `${k}: ${v}${CRLF}`;
          out += `${CRLF}${r.body === undefined ? "" : JSON.stringify(r.body)}${CRLF}`;
        }
        out += `--resp--${CRLF}`;
        res.writeHead(200, { "content-type": 'multipart/mixed; boundary="resp"' }).end(out);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen = [];
    sleeps.length = 0;
  });

  const ok = (body: unknown = {}): Reply => ({ status: 200, body });
  const err = (status: number, name: string, message = "x", headers?: Record<string, string>): Reply => ({
    status,
    headers,
    body: { error: { code: status, message, status: name } },
  });
  const gets = (n: number): BatchRequest[] =>
    Array.from({ length: n }, (_, i) => ({ method: "GET", path: `/v1/userProfiles/${i}` }));
  const echo = (b: SeenBatch) => ({ parts: b.parts.map((p) => ok({ path: p.path })) });

  it("returns results in request order with the bearer token", async () => {
    handler = echo;
    const results = await executeBatch(token, gets(3), opts());
    expect(results.map((r) => r.ok && r.data)).toEqual([0, 1, 2].map((i) => ({ path: `/v1/userProfiles/${i}` })));
    expect(seen[0]!.auth).toBe("Bearer ya29.batch-test");
  });

  it("returns [] without calling the server for no requests", async () => {
    handler = echo;
    await expect(executeBatch(token, [], opts())).resolves.toEqual([]);
    expect(seen).toEqual([]);
  });

  it("splits more than 50 requests into batches of at most 50", async () => {
    handler = echo;
    const results = await executeBatch(token, gets(120), { ...opts(), concurrency: 2 });
    expect(seen.map((b) => b.parts.length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(results.every((r, i) => r.ok && (r.data as { path: string }).path === `/v1/userProfiles/${i}`)).toBe(true);
  });

  it("maps per-part errors and keeps successes (partial failure)", async () => {
    handler = (b) => ({
      parts: b.parts.map((_, i) =>
        i === 1
          ? err(403, "PERMISSION_DENIED")
          : i === 2
            ? err(400, "FAILED_PRECONDITION", "@CourseMemberLimitReached full")
            : ok(),
      ),
    });
    const results = await executeBatch(token, gets(4), opts());
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual([
      "ok",
      "PERMISSION_DENIED",
      "COURSE_MEMBER_LIMIT_REACHED",
      "ok",
    ]);
    expect(seen).toHaveLength(1); // nothing retryable
  });

  it("re-sends only failed GET/DELETE parts on 429/5xx, honouring Retry-After", async () => {
    handler = (b, call) =>
      call === 1
        ? {
            parts: b.parts.map((p, i) =>
              i === 1
                ? err(503, "UNAVAILABLE")
                : i === 2
                  ? err(429, "RESOURCE_EXHAUSTED", "q", { "Retry-After": "2" })
                  : ok({ path: p.path }),
            ),
          }
        : echo(b);
    const results = await executeBatch(token, gets(4), opts());
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen[1]!.parts.map((p) => p.path)).toEqual(["/v1/userProfiles/1", "/v1/userProfiles/2"]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it("never re-sends a failed POST part; the caller reconciles", async () => {
    handler = (b) => ({ parts: b.parts.map(() => err(503, "UNAVAILABLE")) });
    const requests: BatchRequest[] = [
      { method: "POST", path: "/v1/invitations", body: { courseId: "1", userId: "a", role: "STUDENT" } },
      { method: "GET", path: "/v1/userProfiles/1" },
    ];
    const results = await executeBatch(token, requests, { ...opts(), maxAttempts: 3 });
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(["UNAVAILABLE", "UNAVAILABLE"]);
    expect(seen.map((b) => b.parts.map((p) => p.method))).toEqual([["POST", "GET"], ["GET"], ["GET"]]);
  });

  it("backs off on an outer 429 and re-sends the whole batch, POSTs included (refused before running)", async () => {
    handler = (b, call) =>
      call === 1 ? { outer: err(429, "RESOURCE_EXHAUSTED", "slow down", { "Retry-After": "1" }) } : echo(b);
    const requests: BatchRequest[] = [{ method: "POST", path: "/v1/invitations", body: {} }, ...gets(1)];
    const results = await executeBatch(token, requests, opts());
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
  });

  it("on an outer 5xx re-sends only the idempotent parts", async () => {
    handler = (b, call) => (call === 1 ? { outer: err(503, "UNAVAILABLE") } : echo(b));
    const requests: BatchRequest[] = [
      { method: "POST", path: "/v1/invitations", body: {} },
      { method: "DELETE", path: "/v1/invitations/7" },
    ];
    const results = await executeBatch(token, requests, opts());
    expect(results[0]).toMatchObject({ ok: false, status: 503 });
    expect(results[1]).toMatchObject({ ok: true });
    expect(seen[1]!.parts.map((p) => p.method)).toEqual(["DELETE"]);
  });

  it("gives up after maxAttempts", async () => {
    handler = () => ({ outer: err(500, "INTERNAL") });
    const results = await executeBatch(token, gets(2), { ...opts(), maxAttempts: 2 });
    expect(seen).toHaveLength(2);
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(["INTERNAL", "INTERNAL"]);
  });

  it("does not retry an outer 401", async () => {
    handler = () => ({ outer: err(401, "UNAUTHENTICATED") });
    const results = await executeBatch(token, gets(2), opts());
    expect(seen).toHaveLength(1);
    expect(results.every((r) => !r.ok && r.error.code === "UNAUTHENTICATED")).toBe(true);
  });

  it("charges a batch of n parts n against the caller's quota key, one admission per HTTP call", async () => {
    handler = echo;
    const scheduler = new QuotaScheduler({ perUserPerWindow: 1_000, headroom: 1 });
    await executeBatch(token, gets(120), { ...opts(), scheduler, quotaKey: "user:42" });
    expect(scheduler.stats()).toMatchObject({ admitted: 3, admittedCost: 120, inFlight: 0 });
  });

  it("never sends a batch that costs more than the window's budget", async () => {
    handler = echo;
    const scheduler = new QuotaScheduler({ perUserPerWindow: 20, headroom: 0.9 });
    await executeBatch(token, gets(18), { ...opts(), scheduler });
    expect(seen.map((b) => b.parts.length)).toEqual([18]);
  });

  it("keeps going while quota refusals still let parts through, POSTs included, beyond maxAttempts", async () => {
    const quota =
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'classroom.googleapis.com'.";
    // The server lets one part through per call and refuses the rest for quota.
    handler = (b) => ({
      parts: b.parts.map((p, i) =>
        i === 0 ? ok({ path: p.path }) : err(429, "RESOURCE_EXHAUSTED", quota, { "Retry-After": "0" }),
      ),
    });
    const scheduler = new QuotaScheduler({});
    const requests: BatchRequest[] = [...gets(3), { method: "POST", path: "/v1/invitations", body: {} }, ...gets(1)];
    const results = await executeBatch(token, requests, { ...opts(), scheduler, maxAttempts: 2 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen).toHaveLength(5);
    expect(seen.flatMap((b) => b.parts.filter((p) => p.method === "POST"))).toHaveLength(4); // refused 3×, then ran once
    expect(scheduler.stats().rateLimited).toBe(4);
  });

  it("does not re-send a POST part refused by the daily invitation cap (Google's @UserInvitationQuotaExhausted)", async () => {
    handler = (b) => ({
      parts: b.parts.map(() =>
        err(
          429,
          "RESOURCE_EXHAUSTED",
          "@UserInvitationQuotaExhausted The user does not have enough quota to invite users to this course.",
        ),
      ),
    });
    const results = await executeBatch(token, [{ method: "POST", path: "/v1/invitations", body: {} }], opts());
    expect(seen).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, status: 429 });
    expect(!results[0]!.ok && results[0]!.error.code).toBe("INVITATION_QUOTA_REACHED");
  });

  it("re-sends a POST part refused for the per-minute quota in Google's shape: no Retry-After, ErrorInfo details", async () => {
    const googleQuota: Reply = { status: 429, body: googleQuotaRefusal() };
    handler = (b, call) => (call === 1 ? { parts: b.parts.map(() => googleQuota) } : echo(b));
    const scheduler = new QuotaScheduler({});
    const results = await executeBatch(token, [{ method: "POST", path: "/v1/invitations", body: {} }], {
      ...opts(),
      scheduler,
    });
    expect(results[0]).toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
    expect(scheduler.stats().rateLimited).toBe(1);
  });

  it("reports a network failure per part", async () => {
    const results = await executeBatch(token, [{ method: "POST", path: "/v1/invitations", body: {} }], {
      ...opts(),
      rootUrl: "http://127.0.0.1:1/",
    });
    expect(results[0]).toMatchObject({ ok: false, status: 0 });
    expect(!results[0]!.ok && results[0]!.error.code).toBe("NETWORK");
  });
});
