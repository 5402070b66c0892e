import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator } from "@/emulator/src/server";
import { asAccessToken, type AccessToken } from "@/lib/google/client";
import { isAppError, type AppError } from "@/lib/google/errors";

import { emulatorControl, type EmulatorState } from "./emulator-control";

export type { EmulatorState };

export interface LibEmulator {
  url: string;
  /** The control API; `path` is relative to `/emulator/v1` (e.g. "/faults"). Throws on a non-2xx answer. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  state(): Promise<EmulatorState>;
  faults(rules: unknown[]): Promise<unknown>;
  tokenFor(email: string): Promise<AccessToken>;
  /** Stops the emulator and puts CLASSROOM_ROOT_URL back as it was. */
  close(): Promise<void>;
}

/**
 * The in-process emulator for lib tests, with lib/google pointed at it through
 * CLASSROOM_ROOT_URL (read by lib/env on every call under NODE_ENV=test).
 */
export async function startLibEmulator(): Promise<LibEmulator> {
  const emu = await startEmulator({ port: 0 });
  const savedRoot = process.env.CLASSROOM_ROOT_URL;
  process.env.CLASSROOM_ROOT_URL = `${emu.url}/`;

  const control = emulatorControl(`${emu.url}/emulator/v1`);

  return {
    url: emu.url,
    control,
    state: () => control<EmulatorState>("GET", "/state"),
    faults: (rules) => control("POST", "/faults", { rules }),
    tokenFor: async (email) =>
      asAccessToken((await control<{ access_token: string }>("POST", "/tokens", { email })).access_token),
    async close() {
      // Assigning undefined to process.env would store the string "undefined".
      if (savedRoot === undefined) delete process.env.CLASSROOM_ROOT_URL;
      else process.env.CLASSROOM_ROOT_URL = savedRoot;
      await emu.close();
    },
  };
}

/**
 * The emulator of one lib test file: started before its tests, reset (demo school, no faults,
 * empty request log) before each, closed after; `token(email)` is that account's grant.
 */
export function setupLibEmulator(emails: readonly string[]) {
  let emu: LibEmulator | undefined;
  const tokens = new Map<string, AccessToken>();
  beforeAll(async () => {
    emu = await startLibEmulator();
    for (const email of emails) tokens.set(email, await emu.tokenFor(email));
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    await emu!.control("POST", "/reset", {});
    await emu!.control("DELETE", "/requests");
  });
  return {
    get emu(): LibEmulator {
      if (!emu) throw new Error("the emulator starts in beforeAll");
      return emu;
    },
    token(email: string): AccessToken {
      const t = tokens.get(email);
      if (!t) throw new Error(`no token for ${email}`);
      return t;
    },
  };
}

/** A pending STUDENT invitation of `email` to an ACTIVE class. */
export function pendingStudentInvitation(s: EmulatorState, email: string) {
  const me = s.users.find((u) => u.email === email)!;
  const inv = s.invitations.find(
    (i) =>
      i.userId === me.id &&
      i.role === "STUDENT" &&
      s.courses.find((c) => c.id === i.courseId)?.courseState === "ACTIVE",
  );
  if (!inv) throw new Error(`seed lacks a pending STUDENT invitation of ${email}`);
  return { me, inv: { ...inv, role: "STUDENT" as const } };
}

/** The first ACTIVE class owned by `ownerEmail`. */
export function ownedActiveCourse(s: EmulatorState, ownerEmail: string) {
  const ownerId = s.users.find((u) => u.email === ownerEmail)!.id;
  return s.courses.find((c) => c.ownerId === ownerId && c.courseState === "ACTIVE")!;
}

/** Same-domain accounts neither in `course` nor invited to it. */
export function freshInvitees(s: EmulatorState, course: EmulatorState["courses"][number]) {
  return s.users.filter(
    (u) =>
      u.email.endsWith("@northwood.edu") &&
      !u.disabled &&
      !course.studentIds.includes(u.id) &&
      !course.teacherIds.includes(u.id) &&
      !s.invitations.some((i) => i.courseId === course.id && i.userId === u.id),
  );
}

/** An ACTIVE class owned by `ownerEmail` and a same-domain account neither in it nor invited to it. */
export function freshInvitee(s: EmulatorState, ownerEmail: string) {
  const course = ownedActiveCourse(s, ownerEmail);
  const [invitee] = freshInvitees(s, course);
  if (!invitee) throw new Error(`no fresh invitee for ${ownerEmail}'s class`);
  return { course, invitee };
}

/** The AppError a call was refused with; any other outcome fails the test. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}
