// Two `npm run worker` processes on one Postgres. The first claims a job whose slice runs
// longer than the claim's heartbeat: alive, it renews the claim and keeps it, and the second
// worker, polling all along, never runs the job beside it. Then the first is SIGKILLed mid-slice,
// settling nothing: the second takes the job over within the bound the runtime's own settings
// give (CLAIM in lib/jobs/runtime.ts), and the job ends with every invitation created once.
// pg-boss' heartbeat cannot be shorter than 10 s, so this waits on real time, by polling.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Db } from "@/lib/db";
import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { freshPostgres } from "@/lib/test/fresh-postgres";
import { exited, insertJobCreator, startJobWorker } from "@/lib/test/job-worker";

import { CLAIM, QUEUE, TAKEOVER_BOUND_SECONDS } from "./runtime";

const SECRET = "jobs-takeover-secret-jobs-takeover-secre";
const TEACHER = "teacher@northwood.edu";
const COUNT = 360;

let emu: LibEmulator;
let url: string;
let drop: (() => Promise<void>) | undefined;
let d: Db;
const workers: ReturnType<typeof startJobWorker>[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const pg = await freshPostgres("jobs_takeover");
  if (!pg) return;
  ({ url, drop } = pg);
  emu = await startLibEmulator();
  const { openDatabase } = await import("@/lib/db/open");
  d = await openDatabase({ kind: "postgres", url });
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => exited(w.child)));
  await d?.close();
  await emu?.close();
  await drop?.();
});

/** The job's queue messages, oldest first: when each was claimed, and its claim's last renewal. */
const claims = (jobId: string) =>
  d.query<{ id: string; state: string; retry_count: number; started_on: Date | null; heartbeat_on: Date | null }>(
    `SELECT id, state, retry_count, started_on, heartbeat_on FROM pgboss.job
     WHERE name = $1 AND data->>'jobId' = $2 ORDER BY created_on`,
    [QUEUE, jobId],
  );

describe.skipIf(!process.env.TEST_DATABASE_URL)("a job's claim across two workers (real Postgres)", () => {
  it("a slow live worker keeps its claim; a killed one's job is taken over within the bound, nothing sent twice", async () => {
    // Each /batch part takes 150 ms at Classroom: a round of 200 invitations takes ~7.5 s, so
    // the first slice runs past the 10 s heartbeat.
    await emu.control("PUT", "/config", { perPartLatencyMs: 150 });
    const state = await emu.state();
    const teacher = state.users.find((u) => u.email === TEACHER)!;
    const rows = state.courses
      .filter((c) => c.ownerId === teacher.id && c.courseState === "ACTIVE")
      .flatMap((c) =>
        state.users
          .filter(
            (u) =>
              !u.disabled &&
              !u.isAdmin &&
              u.email.endsWith("@northwood.edu") &&
              !c.studentIds.includes(u.id) &&
              !c.teacherIds.includes(u.id) &&
              !state.invitations.some((i) => i.courseId === c.id && i.userId === u.id),
          )
          .map((u) => ({ courseId: c.id, userId: u.id, email: u.email })),
      )
      .slice(0, COUNT);
    expect(rows).toHaveLength(COUNT);

    const creatorId = await insertJobCreator(d, TEACHER, await emu.tokenFor(TEACHER), SECRET);
    const [job] = await d.query<{ id: string }>(
      "INSERT INTO jobs (kind, creator_id, creator_email, total) VALUES ('invite', $1, $2, $3) RETURNING id",
      [creatorId, TEACHER, COUNT],
    );
    const jobId = job!.id;
    await d.query(
      `INSERT INTO job_items (job_id, seq, course_id, invitee, role)
       SELECT $1, s - 1, c, e, 'STUDENT' FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(c, e, s)`,
      [jobId, rows.map((r) => r.courseId), rows.map((r) => r.email)],
    );
    await emu.control("DELETE", "/requests");

    const env = {
      ...process.env,
      NODE_ENV: "development" as const,
      DATABASE_URL: url,
      AUTH_SECRET: SECRET,
      EMULATOR_URL: emu.url,
      CLASSROOM_ROOT_URL: `${emu.url}/`,
      CLASSROOM_INVITATIONS_PER_DAY: String(COUNT * 2),
      // The claim is under test, not the quota: a per-user budget the job's pace never reaches.
      CLASSROOM_QUOTA_PER_USER_PER_MINUTE: "10000",
    };
    // The first worker re-queues the job at start and claims it; the second starts once it has.
    const first = startJobWorker(env);
    workers.push(first);
    await first.ready;
    let claimedAt = 0;
    for (const until = Date.now() + 30_000; Date.now() < until && !claimedAt; await sleep(100)) {
      const active = (await claims(jobId)).find((c) => c.state === "active");
      if (active) claimedAt = active.started_on!.getTime();
    }
    expect(claimedAt).toBeGreaterThan(0);
    const second = startJobWorker(env);
    workers.push(second);
    await second.ready;

    // Alive past the heartbeat: the claim is renewed, and it is the only one the job has had.
    while (Date.now() < claimedAt + (CLAIM.heartbeatSeconds + 1.5) * 1000) await sleep(200);
    const held = await claims(jobId);
    expect(held.filter((c) => c.started_on)).toHaveLength(1);
    const [slice] = held.filter((c) => c.state === "active");
    expect(slice).toMatchObject({ retry_count: 0 });
    expect(Date.now() - slice!.heartbeat_on!.getTime()).toBeLessThan((CLAIM.heartbeatRefreshSeconds + 1.5) * 1000);
    const [running] = await d.query<{ state: string }>("SELECT state FROM jobs WHERE id = $1", [jobId]);
    expect(running!.state).toBe("running");

    // Killed mid-slice: it releases nothing, and its items may be left "sending".
    const killedAt = Date.now();
    first.child.kill("SIGKILL");
    await exited(first.child);
    let takenOverAt = 0;
    for (const until = killedAt + 60_000; Date.now() < until && !takenOverAt; await sleep(100)) {
      const next = (await claims(jobId)).find((c) => c.started_on && c.started_on.getTime() > killedAt);
      if (next) takenOverAt = next.started_on!.getTime();
    }
    expect(takenOverAt).toBeGreaterThan(0);
    // Within the bound counted from the last renewal, which came before the kill (1 s for clocks and polling).
    expect(takenOverAt - killedAt).toBeLessThanOrEqual((TAKEOVER_BOUND_SECONDS + 1) * 1000);

    for (const until = Date.now() + 90_000; Date.now() < until; await sleep(250)) {
      const [j] = await d.query<{ state: string }>("SELECT state FROM jobs WHERE id = $1", [jobId]);
      if (j!.state === "done") break;
    }
    const items = await d.query<{ state: string; n: number }>(
      "SELECT state, count(*)::int AS n FROM job_items WHERE job_id = $1 GROUP BY state",
      [jobId],
    );
    const failures = await d.query<{ invitee: string; error_code: string | null }>(
      "SELECT invitee, error_code FROM job_items WHERE job_id = $1 AND state <> 'done'",
      [jobId],
    );
    expect(failures).toEqual([]);
    expect(items).toEqual([{ state: "done", n: COUNT }]);
    const after = await emu.state();
    const ours = after.invitations.filter((i) => rows.some((r) => r.courseId === i.courseId && r.userId === i.userId));
    expect(ours).toHaveLength(COUNT);
    const posts = (await emu.control<{ method: string; path: string; status: number }[]>("GET", "/requests")).filter(
      (r) => r.method === "POST" && r.path === "/v1/invitations",
    );
    // Never posted again once landed: Classroom never answered "already exists".
    expect(posts.filter((r) => r.status === 409)).toEqual([]);
    expect(posts.filter((r) => r.status === 200)).toHaveLength(COUNT);
  }, 180_000);
});
