/**
 * The control API under /emulator/v1/. The documented shapes are a public
 * contract: state, reset, tokens, config, faults, requests. Extras (grants, health,
 * user/course PATCH) are additive and documented in emulator/README.md.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLASSROOM_SCOPES, ConfigError, OIDC_SCOPES, isRecord, mergeConfig } from "./config";
import type { Emulator, FaultRule, SeedSpec } from "./emulator";
import { ApiError, JSON_CONTENT_TYPE, badRequest, errorBody, notFound } from "./errors";
import { parseFaultEffect } from "./faults";
import { readBody, sendJson } from "./http";
import { COURSE_STATES, type CourseState, type User } from "./state";

/** Names that always mean this machine: no DNS answer can put an attacker's page behind them. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const LOOPBACK_PEER = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Why a control request is refused, or null. The control API resets and rewires the whole
 * emulator, so a page open in the developer's browser must not reach it:
 * - DNS rebinding: an attacker's name resolving to 127.0.0.1 reaches the port with a foreign
 *   `Host`, so only the configured host (EMULATOR_PUBLIC_URL or the bound address) and the
 *   loopback names are served;
 * - cross-site "simple" POSTs (a form, or `fetch` in no-cors mode) cannot send
 *   `application/json`, so every body-carrying method must;
 * - a peer on another machine (bound to 0.0.0.0) needs `EMULATOR_CONTROL_TOKEN` as a bearer
 *   token, and is refused when none is configured. The token, once set, is asked of everyone.
 */
export function controlRefusal(
  req: Pick<IncomingMessage, "method" | "headers" | "socket">,
  baseUrl: string,
  token: string | undefined = process.env.EMULATOR_CONTROL_TOKEN || undefined,
): { status: number; message: string } | null {
  const host = (req.headers.host ?? "").toLowerCase();
  const hostname = host.replace(/:\d+$/, "");
  if (!LOOPBACK_HOSTS.has(hostname) && hostname !== new URL(baseUrl).hostname.toLowerCase()) {
    return { status: 403, message: `The control API answers only to its configured host, not "${host}".` };
  }
  const method = req.method ?? "GET";
  if (method === "POST" || method === "PUT" || method === "PATCH") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return { status: 415, message: "The control API takes application/json bodies only." };
    }
  }
  const remote = req.socket.remoteAddress ?? "";
  if (token || !LOOPBACK_PEER.test(remote)) {
    if (!token) {
      return { status: 403, message: "Set EMULATOR_CONTROL_TOKEN to use the control API from another machine." };
    }
    if (!sameSecret(req.headers.authorization ?? "", `Bearer ${token}`)) {
      return { status: 401, message: "The control API needs Authorization: Bearer <EMULATOR_CONTROL_TOKEN>." };
    }
  }
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Bounds the large profile so a typo cannot exhaust memory. */
const MAX_LARGE_COURSES = 50_000;

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Invalid JSON body.");
  }
}

function parseSeed(body: unknown): SeedSpec {
  if (!isRecord(body)) throw badRequest("Body must be a JSON object.");
  const profile = body.profile;
  if (profile === undefined || profile === "demo") return "demo";
  if (profile === "hostile") return "hostile";
  if (profile !== "large") throw badRequest('profile must be "demo", "hostile" or "large".');
  const courses = body.courses;
  if (typeof courses !== "number" || !Number.isInteger(courses) || courses < 1 || courses > MAX_LARGE_COURSES) {
    throw badRequest(`courses must be an integer between 1 and ${MAX_LARGE_COURSES}.`);
  }
  return { profile: "large", courses };
}

function parseFaults(body: unknown): FaultRule[] {
  if (!isRecord(body) || !Array.isArray(body.rules)) throw badRequest("Body must be {rules: [...]}.");
  return body.rules.map((r: unknown, i: number) => {
    if (!isRecord(r)) throw badRequest(`rules[${i}] must be an object.`);
    const rule: FaultRule = {};
    if (r.method !== undefined) {
      if (typeof r.method !== "string") throw badRequest(`rules[${i}].method must be a string.`);
      rule.method = r.method.toUpperCase();
    }
    if (r.path !== undefined) {
      if (typeof r.path !== "string") throw badRequest(`rules[${i}].path must be a string.`);
      try {
        new RegExp(r.path);
      } catch {
        throw badRequest(`rules[${i}].path is not a valid regular expression.`);
      }
      rule.path = r.path;
    }
    const int = (k: "times" | "latencyMs" | "seed", min: number, max: number) => {
      const v = r[k];
      if (v === undefined) return;
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        throw badRequest(`rules[${i}].${k} must be an integer between ${min} and ${max}.`);
      }
      rule[k] = v;
    };
    Object.assign(rule, parseFaultEffect(r, i));
    int("times", 0, 1_000_000);
    int("latencyMs", 0, 600_000);
    int("seed", 0, 2 ** 31 - 1);
    if (r.probability !== undefined) {
      if (typeof r.probability !== "number" || !(r.probability >= 0 && r.probability <= 1)) {
        throw badRequest(`rules[${i}].probability must be a number from 0 to 1.`);
      }
      rule.probability = r.probability;
    }
    if (r.dropAfterCommit !== undefined) {
      if (typeof r.dropAfterCommit !== "boolean") throw badRequest(`rules[${i}].dropAfterCommit must be a boolean.`);
      rule.dropAfterCommit = r.dropAfterCommit;
    }
    return rule;
  });
}

function userJson(u: User) {
  return { id: u.id, email: u.email, name: u.fullName, isAdmin: u.isAdmin, disabled: u.disabled };
}

function state(emu: Emulator) {
  const s = emu.store;
  return {
    users: [...s.users.values()].map(userJson),
    courses: [...s.courses.values()].map((c) => ({
      id: c.id,
      name: c.name,
      section: c.section ?? "",
      ownerId: c.ownerId,
      courseState: c.courseState,
      teacherIds: [...c.teacherIds],
      studentIds: [...c.studentIds],
    })),
    invitations: [...s.invitations.values()].map((i) => ({
      id: i.id,
      courseId: i.courseId,
      userId: i.userId,
      role: i.role,
    })),
  };
}

export async function handleControl(emu: Emulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.replace(/\/+$/, "");
  const method = req.method ?? "GET";
  const refusal = controlRefusal(req, emu.baseUrl);
  if (refusal) return sendJson(res, refusal.status, { error: { code: refusal.status, message: refusal.message } });
  try {
    const route = `${method} ${path}`;
    switch (route) {
      case "GET /emulator/v1/health":
        return sendJson(res, 200, { ok: true, seed: emu.seed });
      case "GET /emulator/v1/state":
        return sendJson(res, 200, state(emu));
      case "POST /emulator/v1/reset":
        emu.reset(parseSeed(await jsonBody(req)));
        return sendJson(res, 200, {});
      case "POST /emulator/v1/tokens": {
        const body = await jsonBody(req);
        if (!isRecord(body) || typeof body.email !== "string") throw badRequest("email is required.");
        const user = emu.store.userByEmail(body.email);
        if (!user) throw notFound(`No user with email ${body.email}.`);
        if (user.disabled) throw new ApiError("FAILED_PRECONDITION", "The user's account is disabled.");
        let scopes = [...OIDC_SCOPES, ...CLASSROOM_SCOPES];
        if (body.scopes !== undefined) {
          if (!Array.isArray(body.scopes) || !body.scopes.every((s) => typeof s === "string"))
            throw badRequest("scopes must be an array of strings.");
          scopes = body.scopes as string[];
        }
        let lifetime = emu.config.tokenLifetimeSeconds;
        if (body.expiresIn !== undefined) {
          if (typeof body.expiresIn !== "number" || !Number.isFinite(body.expiresIn))
            throw badRequest("expiresIn must be a number of seconds.");
          lifetime = body.expiresIn;
        }
        const t = emu.tokens.issueAccess(user.email, emu.settings.clientId, scopes, lifetime);
        return sendJson(res, 200, { access_token: t.token, expires_in: lifetime });
      }
      case "GET /emulator/v1/config":
        return sendJson(res, 200, emu.config);
      case "PUT /emulator/v1/config":
      case "PATCH /emulator/v1/config":
        try {
          emu.config = mergeConfig(emu.config, await jsonBody(req));
        } catch (e) {
          if (e instanceof ConfigError) throw badRequest(e.message);
          throw e;
        }
        return sendJson(res, 200, emu.config);
      case "GET /emulator/v1/faults":
        return sendJson(res, 200, { rules: emu.listFaults() });
      case "POST /emulator/v1/faults":
        emu.addFaults(parseFaults(await jsonBody(req)));
        return sendJson(res, 200, { rules: emu.listFaults() });
      case "DELETE /emulator/v1/faults":
        emu.clearFaults();
        return sendJson(res, 200, {});
      case "GET /emulator/v1/requests":
        return sendJson(res, 200, emu.requests());
      case "DELETE /emulator/v1/requests":
        emu.clearRequests();
        return sendJson(res, 200, {});
      case "GET /emulator/v1/grants":
        return sendJson(res, 200, emu.grants());
      case "DELETE /emulator/v1/grants":
        emu.clearGrants();
        return sendJson(res, 200, {});
    }
    const userMatch = /^\/emulator\/v1\/users\/([^/]+)$/.exec(path);
    if (userMatch && method === "PATCH") {
      const user = emu.store.resolveUser(decodeURIComponent(userMatch[1] ?? ""), undefined);
      if (!user) throw notFound("No such user.");
      const body = await jsonBody(req);
      if (!isRecord(body)) throw badRequest("Body must be a JSON object.");
      for (const key of ["disabled", "atGroupsLimit", "isAdmin"] as const) {
        const v = body[key];
        if (v === undefined) continue;
        if (typeof v !== "boolean") throw badRequest(`${key} must be a boolean.`);
        user[key] = v;
      }
      return sendJson(res, 200, { ...userJson(user), atGroupsLimit: user.atGroupsLimit });
    }
    const courseMatch = /^\/emulator\/v1\/courses\/([^/]+)$/.exec(path);
    if (courseMatch && method === "PATCH") {
      const course = emu.store.resolveCourse(decodeURIComponent(courseMatch[1] ?? ""));
      if (!course) throw notFound("No such course.");
      const body = await jsonBody(req);
      if (!isRecord(body)) throw badRequest("Body must be a JSON object.");
      if (body.courseState !== undefined) {
        if (typeof body.courseState !== "string" || !(COURSE_STATES as readonly string[]).includes(body.courseState)) {
          throw badRequest(`courseState must be one of ${COURSE_STATES.join(", ")}.`);
        }
        course.courseState = body.courseState as CourseState;
      }
      if (body.teacherLimit !== undefined) {
        if (body.teacherLimit === null) delete course.teacherLimit;
        else if (typeof body.teacherLimit === "number" && Number.isInteger(body.teacherLimit) && body.teacherLimit >= 0)
          course.teacherLimit = body.teacherLimit;
        else throw badRequest("teacherLimit must be a non-negative integer or null.");
      }
      emu.store.touch(course);
      return sendJson(res, 200, {
        id: course.id,
        name: course.name,
        courseState: course.courseState,
        teacherLimit: course.teacherLimit ?? emu.config.limits.teachersPerCourse,
      });
    }
    throw notFound(`Unknown control endpoint: ${method} ${path}`);
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError("INTERNAL", String(e));
    sendJson(res, err.httpStatus, errorBody(err), { "Content-Type": JSON_CONTENT_TYPE });
  }
}
