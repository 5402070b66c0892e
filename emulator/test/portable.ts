// The adapter the portable conformance tests run through: the same calls, the same generated
// client, against the emulator (default) or a real test domain (CONFORMANCE_TARGET=google).
// Each run makes its own fixture class under a per-run alias and removes it at the end.
import { afterAll, afterEach, beforeAll } from "vitest";
import { ALL_CLASSROOM_SCOPES, ACCOUNTS, sleep, startTestEmulator, type Classroom, type TestEmulator } from "./helpers";
import { googleClient, TARGET, type ConformanceTarget } from "./target";

export interface Portable {
  kind: ConformanceTarget["kind"];
  teacher: string;
  student: string;
  /** This run's fixture class: ACTIVE, owned by the teacher, the student neither in it nor invited. */
  courseId: string;
  /** A per-run alias prefix (`d:conformance-<run>`), for any further class a test makes. */
  alias: string;
  as(email: string, scopes?: readonly string[]): Promise<Classroom>;
  /**
   * Reads until `done` holds, within the target's bound: Classroom's reads lag its writes, so a
   * portable test never takes the first read after a write as the truth.
   */
  eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T>;
  /** Archives and deletes a class a test made (courses.delete takes only an ARCHIVED class). */
  removeClass(id: string): Promise<void>;
}

/** On the emulator, reads see writes at once unless a test configures a lag; live, Google decides. */
const EMULATOR_WAIT_MS = 2_000;

/**
 * Registers the file's hooks and returns the adapter, filled in by beforeAll. After each test the
 * student's invitation to the class and their membership are removed; after the last, the class.
 */
export function setupPortable(): Portable {
  const p = {} as Portable;
  let emu: TestEmulator | undefined;
  const clean = async () => {
    const teacher = await p.as(p.teacher);
    const listed = await teacher.invitations.list({ courseId: p.courseId, userId: p.student });
    for (const inv of listed.data.invitations ?? []) {
      await teacher.invitations.delete({ id: inv.id! }).catch(ignoreNotFound);
    }
    await teacher.courses.students.delete({ courseId: p.courseId, userId: p.student }).catch(ignoreNotFound);
  };
  beforeAll(async () => {
    let waitMs = EMULATOR_WAIT_MS;
    if (TARGET.kind === "google") {
      const live = TARGET;
      Object.assign(p, {
        kind: "google",
        teacher: live.personas.teacher,
        student: live.personas.student,
        as: async (email: string, scopes: readonly string[] = ALL_CLASSROOM_SCOPES) =>
          googleClient(live, email, scopes),
      });
      waitMs = live.consistencyWaitMs;
    } else {
      const started = (emu = await startTestEmulator());
      Object.assign(p, {
        kind: "emulator",
        teacher: ACCOUNTS.teacher,
        student: ACCOUNTS.student,
        as: (email: string, scopes: readonly string[] = ALL_CLASSROOM_SCOPES) => started.as(email, [...scopes]),
      });
    }
    p.eventually = async (read, done) => {
      const deadline = Date.now() + waitMs;
      for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
        const value = await read();
        if (done(value) || Date.now() >= deadline) return value;
        await sleep(wait);
      }
    };
    p.removeClass = async (id) => {
      const teacher = await p.as(p.teacher);
      await teacher.courses.patch({ id, updateMask: "courseState", requestBody: { courseState: "ARCHIVED" } });
      await teacher.courses.delete({ id });
    };
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
    p.alias = `d:conformance-${run}`;
    const teacher = await p.as(p.teacher);
    const made = await teacher.courses.create({
      requestBody: { id: p.alias, name: `Conformance run ${run}`, ownerId: "me", courseState: "ACTIVE" },
    });
    p.courseId = made.data.id!;
  });
  afterEach(clean);
  afterAll(async () => {
    try {
      if (p.courseId) await p.removeClass(p.courseId);
    } finally {
      await emu?.close();
    }
  });
  return p;
}

function ignoreNotFound(e: unknown): void {
  if ((e as { response?: { status?: number } }).response?.status !== 404) throw e;
}
