// The adapter the portable conformance tests run through: the same calls, the same generated
// client, against the emulator (default) or a real test domain (CONFORMANCE_TARGET=google).
// Fixtures come from the target: on the emulator from its seed, live from the environment.
import { afterAll, afterEach, beforeAll } from "vitest";
import { ALL_CLASSROOM_SCOPES, ACCOUNTS, sleep, startTestEmulator, type Classroom, type TestEmulator } from "./helpers";
import { googleClient, TARGET, type ConformanceTarget } from "./target";

export interface Portable {
  kind: ConformanceTarget["kind"];
  teacher: string;
  student: string;
  /** An ACTIVE class of the teacher's where the student is neither a member nor invited. */
  courseId: string;
  as(email: string, scopes?: readonly string[]): Promise<Classroom>;
  /**
   * Reads until `done` holds, within the target's bound: Classroom's reads lag its writes, so a
   * portable test never takes the first read after a write as the truth.
   */
  eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T>;
}

/** On the emulator, reads see writes at once unless a test configures a lag; live, Google decides. */
const EMULATOR_WAIT_MS = 2_000;

/**
 * Registers the file's hooks and returns the adapter, filled in by beforeAll. After each test
 * (and before the first, in case an aborted run left something) the student's invitation to
 * the class and their membership are removed, so a live domain is left as it was found.
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
        courseId: live.courseId,
        as: async (email: string, scopes: readonly string[] = ALL_CLASSROOM_SCOPES) =>
          googleClient(live, email, scopes),
      });
      waitMs = live.consistencyWaitMs;
    } else {
      emu = await startTestEmulator();
      const w = await emu.world();
      const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
      const started = emu;
      Object.assign(p, {
        kind: "emulator",
        teacher: ACCOUNTS.teacher,
        student: w.outsiderFor(course).email,
        courseId: course.id,
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
    await clean();
  });
  afterEach(clean);
  afterAll(async () => {
    await emu?.close();
  });
  return p;
}

function ignoreNotFound(e: unknown): void {
  if ((e as { response?: { status?: number } }).response?.status !== 404) throw e;
}
