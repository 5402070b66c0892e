import { auth, classroom, type classroom_v1 } from "@googleapis/classroom";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startEmulator } from "@/emulator/src/server";
import { expectSchema } from "./discovery-schema";
import { runsOn, TARGET } from "./target";

export const SCOPE = {
  rosters: "https://www.googleapis.com/auth/classroom.rosters",
  rostersReadonly: "https://www.googleapis.com/auth/classroom.rosters.readonly",
  courses: "https://www.googleapis.com/auth/classroom.courses",
  coursesReadonly: "https://www.googleapis.com/auth/classroom.courses.readonly",
  profileEmails: "https://www.googleapis.com/auth/classroom.profile.emails",
  profilePhotos: "https://www.googleapis.com/auth/classroom.profile.photos",
} as const;

export const ALL_CLASSROOM_SCOPES = Object.values(SCOPE);

/** The fixed accounts every demo seed carries (docs/CONTRACTS.md). */
export const ACCOUNTS = {
  admin: "admin@northwood.edu",
  teacher: "teacher@northwood.edu",
  teacher2: "teacher2@northwood.edu",
  student: "student@northwood.edu",
  newteacher: "newteacher@northwood.edu",
  disabled: "disabled@northwood.edu",
  guest: "guest@riverside-academy.org",
} as const;

export type Role = "STUDENT" | "TEACHER" | "OWNER";

export interface EmuUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
}
export interface EmuCourse {
  id: string;
  name: string;
  section?: string;
  ownerId: string;
  courseState: string;
  teacherIds: string[];
  studentIds: string[];
}
export interface EmuInvitation {
  id: string;
  courseId: string;
  userId: string;
  role: Role;
}
export interface EmuState {
  users: EmuUser[];
  courses: EmuCourse[];
  invitations: EmuInvitation[];
}
import type { FaultRule } from "../src/emulator";
export type { FaultRule };
import type { EmulatorConfig } from "../src/config";
/** A partial config, as `PUT /emulator/v1/config` deep-merges it. */
export type EmuConfig = {
  [K in keyof EmulatorConfig]?: EmulatorConfig[K] extends object
    ? EmulatorConfig[K] extends unknown[]
      ? EmulatorConfig[K]
      : Partial<EmulatorConfig[K]>
    : EmulatorConfig[K];
};
export interface RequestLogEntry {
  method: string;
  path: string;
  email: string | null;
  status: number;
  at: string | number;
}

export type Classroom = classroom_v1.Classroom;

export interface ClientOptions {
  /** gaxios retryConfig; by default retries are off so each failure costs one request. */
  retryConfig?: Record<string, unknown>;
}

export function makeClient(url: string, accessToken: string, opts: ClientOptions = {}): Classroom {
  const a = new auth.OAuth2();
  a.setCredentials({ access_token: accessToken });
  return classroom({
    version: "v1",
    auth: a,
    rootUrl: url + "/",
    ...(opts.retryConfig ? { retryConfig: opts.retryConfig } : { retry: false }),
  });
}

export interface TestEmulator {
  url: string;
  close(): Promise<void>;
  /** Raw call to the emulator (control API or anything else). */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }>;
  token(email: string, scopes?: string[], expiresIn?: number): Promise<string>;
  client(token: string, opts?: ClientOptions): Classroom;
  /** token + client for one user, all Classroom scopes unless given. */
  as(email: string, scopes?: string[]): Promise<Classroom>;
  state(): Promise<EmuState>;
  reset(body?: Record<string, unknown>): Promise<void>;
  config(body: EmuConfig): Promise<void>;
  /** POST /emulator/v1/faults: adds rules to the active ones; clearFaults() (or reset) removes them. */
  faults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  /** Indexed view of the current state. */
  world(): Promise<World>;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const server = await startEmulator({ port: 0 });
  const url = server.url.replace(/\/+$/, "");

  const control: TestEmulator["control"] = async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const must = async (method: string, path: string, body?: unknown) => {
    const r = await control(method, path, body);
    if (r.status < 200 || r.status > 299) {
      throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body;
  };

  const token = async (email: string, scopes?: string[], expiresIn?: number) => {
    const body = (await must("POST", "/emulator/v1/tokens", {
      email,
      ...(scopes ? { scopes } : {}),
      ...(expiresIn !== undefined ? { expiresIn } : {}),
    })) as { access_token: string };
    return body.access_token;
  };

  const state = async () => (await must("GET", "/emulator/v1/state")) as EmuState;

  const emu: TestEmulator = {
    url,
    close: () => server.close(),
    control,
    token,
    client: (t, opts) => makeClient(url, t, opts),
    as: async (email, scopes) => makeClient(url, await token(email, scopes)),
    state,
    reset: async (body = {}) => {
      await must("POST", "/emulator/v1/reset", body);
    },
    config: async (body) => {
      await must("PUT", "/emulator/v1/config", body);
    },
    faults: async (rules) => {
      await must("POST", "/emulator/v1/faults", { rules });
    },
    clearFaults: async () => {
      await must("DELETE", "/emulator/v1/faults");
    },
    requests: async () => (await must("GET", "/emulator/v1/requests")) as RequestLogEntry[],
    clearRequests: async () => {
      await must("DELETE", "/emulator/v1/requests");
    },
    world: async () => new World(await state()),
  };
  return emu;
}

export interface SetupTestEmulatorOptions {
  /** Also empty the request log before each test (the reset keeps it). */
  clearRequests?: boolean;
}

/**
 * Registers a test file's hooks: one emulator for the file (started in beforeAll, closed in
 * afterAll) and a reset before each test. The returned object is filled in by beforeAll,
 * so use it inside tests and hooks only.
 *
 * Emulator-only: every test of a file that uses it needs the control API (reset, state dump,
 * faults, config), so in a live run (CONFORMANCE_TARGET=google) each is skipped, never failed.
 */
export function setupTestEmulator(opts: SetupTestEmulatorOptions = {}): TestEmulator {
  const emu = {} as TestEmulator;
  if (!runsOn(TARGET, { emulatorOnly: "control API" })) {
    beforeEach((ctx) => ctx.skip("emulator-only: needs the emulator's control API"));
    return emu;
  }
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator();
    Object.assign(emu, started);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(async () => {
    await emu.reset();
    if (opts.clearRequests) await emu.clearRequests();
  });
  return emu;
}

/** Lookups over a state snapshot so tests never hard-code ids. */
export class World {
  constructor(readonly s: EmuState) {}

  user(email: string): EmuUser {
    const u = this.s.users.find((x) => x.email.toLowerCase() === email.toLowerCase());
    if (!u) throw new Error(`no user ${email} in state`);
    return u;
  }
  userById(id: string): EmuUser {
    const u = this.s.users.find((x) => x.id === id);
    if (!u) throw new Error(`no user id ${id} in state`);
    return u;
  }
  course(id: string): EmuCourse {
    const c = this.s.courses.find((x) => x.id === id);
    if (!c) throw new Error(`no course ${id} in state`);
    return c;
  }
  /** Owner plus co-teachers. */
  teachersOf(c: EmuCourse): string[] {
    return [...new Set([c.ownerId, ...c.teacherIds])];
  }
  isTeacher(c: EmuCourse, userId: string): boolean {
    return this.teachersOf(c).includes(userId);
  }
  isMember(c: EmuCourse, userId: string): boolean {
    return this.isTeacher(c, userId) || c.studentIds.includes(userId);
  }
  invitationsFor(pred: (i: EmuInvitation) => boolean): EmuInvitation[] {
    return this.s.invitations.filter(pred);
  }
  hasInvitation(courseId: string, userId: string): boolean {
    return this.s.invitations.some((i) => i.courseId === courseId && i.userId === userId);
  }
  /** First course matching pred, or a thrown error naming what was looked for. */
  findCourse(what: string, pred: (c: EmuCourse) => boolean): EmuCourse {
    const c = this.s.courses.find(pred);
    if (!c) throw new Error(`seed has no course: ${what}`);
    return c;
  }
  /** Course owned by `email` in an ACTIVE state. */
  activeCourseOwnedBy(email: string, extra: (c: EmuCourse) => boolean = () => true): EmuCourse {
    const u = this.user(email);
    return this.findCourse(
      `ACTIVE course owned by ${email}`,
      (c) => c.ownerId === u.id && c.courseState === "ACTIVE" && extra(c),
    );
  }
  /** An enabled, non-admin user who is neither a member of nor invited to the course. */
  outsiderFor(c: EmuCourse, exclude: string[] = []): EmuUser {
    const u = this.s.users.find(
      (x) =>
        !x.isAdmin &&
        !x.disabled &&
        x.email.endsWith("@northwood.edu") &&
        !this.isMember(c, x.id) &&
        !this.hasInvitation(c.id, x.id) &&
        !exclude.includes(x.email) &&
        !Object.values(ACCOUNTS).includes(x.email as never),
    );
    if (!u) throw new Error(`no outsider for course ${c.id}`);
    return u;
  }
  outsidersFor(c: EmuCourse, n: number): EmuUser[] {
    const out: EmuUser[] = [];
    for (let i = 0; i < n; i++)
      out.push(
        this.outsiderFor(
          c,
          out.map((u) => u.email),
        ),
      );
    return out;
  }
}

// ---------------------------------------------------------------- assertions

export interface ApiErrorShape {
  status: number;
  message: string;
  data: {
    error: {
      code: number;
      message: string;
      status: string;
      errors?: { message: string; domain: string; reason: string }[];
      details?: { "@type": string; reason?: string; domain?: string; metadata?: Record<string, string> }[];
    };
  };
  headers: Record<string, string>;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()];
}

/**
 * Awaits a rejected Classroom call and checks Google's error envelope
 * (the envelope rules of docs/classroom-api.md §4.1 apply to every error the suite sees).
 */
export async function expectApiError(
  p: Promise<unknown>,
  httpStatus: number,
  rpcStatus: string | RegExp,
  reason?: string,
): Promise<ApiErrorShape> {
  let err: unknown;
  try {
    const res = await p;
    err = undefined;
    throw new Error(
      `expected ${httpStatus} ${rpcStatus}, call succeeded: ${JSON.stringify((res as { data?: unknown })?.data)}`,
    );
  } catch (e) {
    err = e;
  }
  const e = err as { message: string; response?: { status: number; data: unknown; headers: unknown } };
  if (!e.response) throw err;
  expect(e.response.status, `HTTP status (${JSON.stringify(e.response.data)})`).toBe(httpStatus);
  const data = e.response.data as ApiErrorShape["data"];
  expect(data, "error envelope").toMatchObject({
    error: {
      code: httpStatus,
      status: typeof rpcStatus === "string" ? rpcStatus : expect.stringMatching(rpcStatus),
      message: expect.any(String),
    },
  });
  const ct = headerOf(e.response.headers, "content-type") ?? "";
  expect(ct.toLowerCase().replace(/\s/g, "")).toBe("application/json;charset=utf-8");
  if (data.error.errors) {
    for (const item of data.error.errors) {
      expect(item.message).toBe(data.error.message);
      expect(item.reason, "legacy errors[].reason").toEqual(expect.any(String));
    }
  }
  // Google's envelope carries a google.rpc.ErrorInfo with a reason and a domain (AIP-193).
  expect(
    data.error.details?.find((d) => d["@type"] === "type.googleapis.com/google.rpc.ErrorInfo"),
    "details[] ErrorInfo",
  ).toMatchObject({ reason: expect.any(String), domain: expect.any(String) });
  if (reason) {
    expect(
      data.error.message.startsWith(`@${reason} `),
      `message "${data.error.message}" starts with "@${reason} "`,
    ).toBe(true);
    expect(e.message.startsWith(`@${reason} `), `GaxiosError.message "${e.message}" keeps @${reason}`).toBe(true);
  }
  return {
    status: e.response.status,
    message: e.message,
    data,
    headers: Object.fromEntries(
      typeof (e.response.headers as Headers)?.entries === "function"
        ? [...(e.response.headers as Headers).entries()]
        : Object.entries((e.response.headers ?? {}) as Record<string, string>),
    ),
  };
}

/** Asserts 200 and the discovery schema, returns the body. */
export function ok<T>(res: { status: number; data: T }, schema: string): T {
  expect(res.status).toBe(200);
  expectSchema(schema, res.data);
  return res.data;
}

export async function okCall<T>(p: Promise<{ status: number; data: T }>, schema: string): Promise<T> {
  return ok(await p, schema);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const ids = (xs: { id?: string | null }[] | undefined): string[] => (xs ?? []).map((x) => x.id!).sort();

export const UNKNOWN_COURSE = "999999999999";
export const UNKNOWN_EMAIL = "nobody-here@northwood.edu";
export const UNKNOWN_USER_ID = "109999999999999999999";
