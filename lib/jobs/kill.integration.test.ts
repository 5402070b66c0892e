// SIGKILL at any moment: a job run by `npm run worker` processes, killed three times at random
// points while lost answers (dropAfterCommit) and 503s are injected, still ends with every
// invitation created exactly once and a report equal to Classroom's state, row for row.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { freshPostgres } from "@/lib/test/fresh-postgres";
import { exited, insertJobCreator, startJobWorker } from "@/lib/test/job-worker";

const SECRET = "jobs-kill-secret-jobs-kill-secret-jobs-k";
const TEACHER = "teacher@northwood.edu";
const PER_WINDOW = 20;
const WINDOW_SECONDS = 2;
const COUNT = 50;

let emu: LibEmulator;
let databaseEnv: Record<string, string>;
let cleanup: () => Promise<void>;

/** The worker's settings: the same database, the emulator, and short "days". */
const workerEnv = () => ({
  ...process.env,
  NODE_ENV: "development" as const,
  ...databaseEnv,
  AUTH_SECRET: SECRET,
  EMULATOR_URL: emu.url,
  CLASSROOM_ROOT_URL: `${emu.url}/`,
  CLASSROOM_INVITATIONS_PER_DAY: String(PER_WINDOW),
  CLASSROOM_INVITATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
});

const startWorker = () => startJobWorker(workerEnv());

/** Opens the database in this process only while no worker holds it (PGlite is one process at a time). */
async function withDb<T>(fn: (d: import("@/lib/db").Db) => Promise<T>): Promise<T> {
  const { openDatabase } = await import("@/lib/db/open");
  const d = await openDatabase(
    databaseEnv.DATABASE_URL
      ? { kind: "postgres", url: databaseEnv.DATABASE_URL }
      : { kind: "pglite", dataDir: databaseEnv.PGLITE_DATA_DIR! },
  );
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  emu = await startLibEmulator();
  const postgres = await freshPostgres("jobs_kill");
  if (postgres) {
    databaseEnv = { DATABASE_URL: postgres.url };
    cleanup = postgres.drop;
  } else {
    const dir = await mkdtemp(join(tmpdir(), "jobs-kill-"));
    databaseEnv = { PGLITE_DATA_DIR: dir };
    cleanup = () => rm(dir, { recursive: true, force: true });
  }
}, 120_000);

afterAll(async () => {
  await emu?.close();
  await cleanup?.();
});

describe("a job killed with SIGKILL", () => {
  it("resumes after each restart and ends with Classroom equal to its report, nothing sent twice", async () => {
    await emu.control("PUT", "/config", {
      perPartLatencyMs: 15,
      quotas: { invitationsPerTeacherPerDay: PER_WINDOW, invitationWindowSeconds: WINDOW_SECONDS },
    });
    const state = await emu.state();
    const teacher = state.users.find((u) => u.email === TEACHER)!;
    const course = state.courses.find((c) => c.ownerId === teacher.id && c.courseState === "ACTIVE")!;
    const people = state.users
      .filter(
        (u) =>
          !u.disabled &&
          !course.studentIds.includes(u.id) &&
          !course.teacherIds.includes(u.id) &&
          !state.invitations.some((i) => i.courseId === course.id && i.userId === u.id),
      )
      .slice(0, COUNT);
    expect(people).toHaveLength(COUNT);

    const token = await emu.tokenFor(TEACHER);
    const jobId = await withDb(async (d) => {
      const creatorId = await insertJobCreator(d, TEACHER, token, SECRET);
      const [job] = await d.query<{ id: string }>(
        "INSERT INTO jobs (kind, creator_id, creator_email, total) VALUES ('invite', $1, $2, $3) RETURNING id",
        [creatorId, TEACHER, COUNT],
      );
      for (const [seq, p] of people.entries()) {
        await d.query(
          "INSERT INTO job_items (job_id, seq, course_id, invitee, role) VALUES ($1, $2, $3, $4, 'STUDENT')",
          [job!.id, seq, course.id, p.email],
        );
      }
      return job!.id;
    });

    await emu.faults([
      { method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, probability: 0.08, seed: 3 },
      { method: "POST", path: "^/v1/invitations$", status: 503, probability: 0.08, seed: 5 },
    ]);
    await emu.control("DELETE", "/requests");

    const created = async () => (await emu.state()).invitations.filter((i) => i.courseId === course.id).length;
    const before = state.invitations.filter((i) => i.courseId === course.id).length;
    const waitFor = async (n: number, ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end && (await created()) < before + n;) {
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // The worker re-queues unfinished jobs at start: the job runs without anyone sending it.
    // Each kill lands as soon as the job has made some progress in that life: mid-round, often
    // between a post and the recording of its answer.
    for (const progress of [1, 18, 35]) {
      const { child, ready } = startWorker();
      await ready;
      await waitFor(progress, 120_000);
      child.kill("SIGKILL");
      await exited(child);
    }
    // The kills landed mid-run: some of the job was done, not all of it.
    const midway = (await created()) - before;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(COUNT);

    const { child, ready } = startWorker();
    await ready;
    const deadline = Date.now() + 150_000;
    const target = COUNT + before;
    while (Date.now() < deadline && (await created()) < target) {
      await new Promise((r) => setTimeout(r, 500));
    }
    // Give the worker time to record the last answers, then stop it.
    await new Promise((r) => setTimeout(r, 3_000));
    child.kill("SIGTERM");
    await exited(child);

    const items = await withDb((d) =>
      d.query<{ seq: number; state: string; invitation_id: string | null; invitee: string }>(
        "SELECT seq, state, invitation_id, invitee FROM job_items WHERE job_id = $1 ORDER BY seq",
        [jobId],
      ),
    );
    expect(items.map((i) => i.state)).toEqual(Array(COUNT).fill("done"));

    const after = await emu.state();
    const byId = new Map(after.users.map((u) => [u.id, u.email]));
    const ours = after.invitations.filter((i) => i.courseId === course.id && people.some((p) => p.id === i.userId));
    expect(ours).toHaveLength(COUNT);
    for (const item of items) {
      expect(ours.find((i) => byId.get(i.userId) === item.invitee)?.id).toBe(item.invitation_id);
    }

    const log = (
      await emu.control<{ method: string; path: string; status: number; at: string }[]>("GET", "/requests")
    ).filter((r) => r.method === "POST" && r.path === "/v1/invitations");
    // Never posted again once landed: Classroom never had to answer "already exists".
    expect(log.filter((r) => r.status === 409)).toEqual([]);
    // Never more than the budget in any window, by Classroom's own clock.
    const sent = log.filter((r) => r.status === 200).map((r) => Date.parse(r.at));
    const most = Math.max(...sent.map((t) => sent.filter((u) => u > t - WINDOW_SECONDS * 1000 && u <= t).length));
    expect(most).toBeLessThanOrEqual(PER_WINDOW);
  }, 400_000);
});
