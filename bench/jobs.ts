// `npm run bench:jobs`: one admin's bulk invite of 5,000 across 200 classes as a
// job, with a budget of 500 per short window (20 s), run by `npm run worker` processes that are
// killed (SIGKILL) twice during the run. Reports what exists at the end, duplicates, the most
// invitations created in any window by Classroom's own log, daily-cap refusals, and the wall
// time against the budget's lower bound. Merges its row into bench/results.json as `jobs`.
//
// Settings (environment): BENCH_JOB_ROWS (5000), BENCH_JOB_COURSES (200), BENCH_JOB_PER_WINDOW
// (500), BENCH_JOB_WINDOW_SECONDS (20), BENCH_EMULATOR_PORT (4300, this uses +2), and
// TEST_DATABASE_URL to run on a Postgres instead of the embedded PGlite.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { startEmulator } from "../emulator/src/server";
import { openDatabase, type Db } from "../lib/db/open";
import { emulatorControl, type EmulatorState } from "../lib/test/emulator-control";
import { freshPostgres } from "../lib/test/fresh-postgres";
import { exited, insertJobCreator, startJobWorker } from "../lib/test/job-worker";

const ROWS = Number(process.env.BENCH_JOB_ROWS ?? 5000);
const COURSES = Number(process.env.BENCH_JOB_COURSES ?? 200);
const PER_WINDOW = Number(process.env.BENCH_JOB_PER_WINDOW ?? 500);
const WINDOW_S = Number(process.env.BENCH_JOB_WINDOW_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4300) + 2;
const PER_MINUTE = 6_000;
const ADMIN = "admin@northwood.edu";
const SECRET = "bench-jobs-secret-bench-jobs-secret-0000";

const log = (...args: unknown[]) => console.error(`[bench jobs ${new Date().toISOString().slice(11, 19)}]`, ...args);

async function main() {
  const emu = await startEmulator({ port: PORT });
  const control = emulatorControl(`${emu.url}/emulator/v1`);
  await control("POST", "/reset", { profile: "large", courses: COURSES });
  // The day is compressed to WINDOW_S seconds; Google's per-minute quota (1,200 per user) is
  // raised alike, or it, not the daily cap, would set the pace (500 per 20 s is 1,500 a minute).
  await control("PUT", "/config", {
    quotas: {
      invitationsPerTeacherPerDay: PER_WINDOW,
      invitationWindowSeconds: WINDOW_S,
      perUserPerMinute: PER_MINUTE,
      perClientPerMinute: 2 * PER_MINUTE,
    },
  });
  const state = await control<EmulatorState>("GET", "/state");

  // ROWS fresh (person, class) pairs, spread evenly over the classes.
  const people = state.users.filter((u) => !u.disabled && !u.isAdmin && u.email.endsWith("@northwood.edu"));
  const taken = new Set(state.invitations.map((i) => `${i.userId} ${i.courseId}`));
  const active = state.courses.filter((c) => c.courseState === "ACTIVE").slice(0, COURSES);
  const perCourse = Math.ceil(ROWS / active.length);
  const rows: { courseId: string; email: string; userId: string }[] = [];
  for (const c of active) {
    let n = 0;
    for (const u of people) {
      if (n === perCourse || rows.length === ROWS) break;
      if (c.studentIds.includes(u.id) || c.teacherIds.includes(u.id) || taken.has(`${u.id} ${c.id}`)) continue;
      rows.push({ courseId: c.id, email: u.email, userId: u.id });
      n++;
    }
  }
  if (rows.length < ROWS) throw new Error(`only ${rows.length} fresh pairs in the seed`);

  const postgres = await freshPostgres("bench_jobs");
  const dir = postgres ? undefined : await mkdtemp(join(tmpdir(), "bench-jobs-"));
  const dbConfig = postgres
    ? { kind: "postgres" as const, url: postgres.url }
    : { kind: "pglite" as const, dataDir: dir! };
  const withDb = async <T>(fn: (d: Db) => Promise<T>) => {
    const d = await openDatabase(dbConfig);
    try {
      return await fn(d);
    } finally {
      await d.close();
    }
  };

  const { access_token } = await control<{ access_token: string }>("POST", "/tokens", { email: ADMIN });
  const jobId = await withDb(async (d) => {
    const userId = await insertJobCreator(d, ADMIN, access_token, SECRET, "admin");
    const [job] = await d.query<{ id: string }>(
      "INSERT INTO jobs (kind, creator_id, creator_email, total) VALUES ('invite', $1, $2, $3) RETURNING id",
      [userId, ADMIN, rows.length],
    );
    await d.query(
      `INSERT INTO job_items (job_id, seq, course_id, invitee, role)
       SELECT $1, (x.ordinality - 1)::int, x.value->>'courseId', x.value->>'email', 'STUDENT'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x`,
      [job!.id, JSON.stringify(rows)],
    );
    return job!.id;
  });
  // The reset above emptied the request log; this only drops the set-up reads.
  await control("DELETE", "/requests").catch(() => undefined);

  const env = {
    ...process.env,
    NODE_ENV: "development" as const,
    ...(postgres ? { DATABASE_URL: postgres.url } : { PGLITE_DATA_DIR: dir! }),
    AUTH_SECRET: SECRET,
    DEMO_MODE: "1",
    EMULATOR_URL: emu.url,
    CLASSROOM_ROOT_URL: `${emu.url}/`,
    CLASSROOM_INVITATIONS_PER_DAY: String(PER_WINDOW),
    CLASSROOM_INVITATION_WINDOW_SECONDS: String(WINDOW_S),
    CLASSROOM_QUOTA_PER_USER_PER_MINUTE: String(PER_MINUTE),
    CLASSROOM_QUOTA_PER_CLIENT_PER_MINUTE: String(2 * PER_MINUTE),
  };
  const ours = new Set(rows.map((r) => `${r.userId} ${r.courseId}`));
  const created = async () =>
    (await control<EmulatorState>("GET", "/state")).invitations.filter((i) => ours.has(`${i.userId} ${i.courseId}`))
      .length;

  const started = Date.now();
  const sec = (t: number) => Number(((t - started) / 1000).toFixed(1));
  const events: string[] = [];
  const readyAt: number[] = [];
  // Killed twice: once mid-send in the first window, once mid-way through the run.
  for (const at of [Math.round(PER_WINDOW * 0.6), Math.round(ROWS * 0.55)]) {
    const spawned = Date.now();
    const { child, ready } = startJobWorker(env);
    await ready;
    readyAt.push(Date.now());
    events.push(`worker spawned ${sec(spawned)} s, ready ${sec(Date.now())} s`);
    while ((await created()) < at) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await exited(child);
    log(`killed at ${await created()} created, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    events.push(`killed ${sec(Date.now())} s`);
  }
  const spawned = Date.now();
  const { child, ready } = startJobWorker(env);
  await ready;
  readyAt.push(Date.now());
  events.push(`worker spawned ${sec(spawned)} s, ready ${sec(Date.now())} s`);
  while ((await created()) < ROWS) await new Promise((r) => setTimeout(r, 250));
  const wallMs = Date.now() - started;
  // Let the worker record the last answers, then stop it.
  await new Promise((r) => setTimeout(r, 3_000));
  child.kill("SIGTERM");
  await exited(child);

  const requests = await control<{ method: string; path: string; status: number; at: string }[]>("GET", "/requests");
  const posts = requests.filter((r) => r.method === "POST" && r.path === "/v1/invitations");
  const ok = posts.filter((r) => r.status === 200).map((r) => Date.parse(r.at));
  let most = 0;
  for (let i = 0, j = 0; i < ok.length; i++) {
    while (ok[j]! <= ok[i]! - WINDOW_S * 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  const final = await control<EmulatorState>("GET", "/state");
  const pairs = final.invitations.filter((i) => ours.has(`${i.userId} ${i.courseId}`));
  const [items, capEvents] = await withDb(
    async (d) =>
      [
        await d.query<{ state: string; n: number }>(
          "SELECT state, count(*)::int AS n FROM job_items WHERE job_id = $1 GROUP BY state",
          [jobId],
        ),
        // Each daily-cap refusal the job met left 'outside' rows stamped with its moment.
        (
          await d.query<{ n: number }>(
            "SELECT count(DISTINCT at)::int AS n FROM invitation_ledger WHERE source = 'outside'",
          )
        )[0]!.n,
      ] as const,
  );
  // The budget alone makes the run take at least this long: the last window's share cannot go
  // out before (windows − 1) windows have rolled.
  const boundMs = (Math.ceil(ROWS / PER_WINDOW) - 1) * WINDOW_S * 1000;
  const result = {
    at: new Date().toISOString(),
    settings: {
      rows: ROWS,
      courses: active.length,
      perWindow: PER_WINDOW,
      windowSeconds: WINDOW_S,
      perUserPerMinute: PER_MINUTE,
      kills: 2,
    },
    database: postgres ? "postgres" : "pglite",
    exist: pairs.length,
    duplicates: pairs.length - new Set(pairs.map((p) => `${p.userId} ${p.courseId}`)).size,
    alreadyExistsAnswers: posts.filter((r) => r.status === 409).length,
    mostInAnyWindow: most,
    capRefusals: capEvents,
    /** 429s on create of any kind (per-minute quota ones are re-sent by lib/google). */
    http429: posts.filter((r) => r.status === 429).length,
    itemStates: Object.fromEntries(items.map((r) => [r.state, r.n])),
    wallMs,
    boundMs,
    ratioToBound: Number((wallMs / boundMs).toFixed(3)),
  };
  log(JSON.stringify(result));
  // Where the time over the bound went. The last invitation's budget slot was used once per window:
  // each reuse came `lag` after the slot freed (window roll, slack, pickup, round time).
  for (const e of events) log(e);
  // From a worker's start to its first create: pickup, and after a kill the reconcile of what was in flight.
  log(
    `ready → first create: ${readyAt.map((t) => `${((ok.find((u) => u > t)! - t) / 1000).toFixed(2)} s`).join(", ")}`,
  );
  const last = PER_WINDOW - 1;
  log(
    `first create ${sec(ok[0]!)} s, first window's last ${sec(ok[last]!)} s, last create ${sec(ok.at(-1)!)} s, seen ${sec(started + wallMs)} s`,
  );
  const lags: string[] = [];
  for (let k = 1; last + k * PER_WINDOW < ok.length; k++) {
    const prev = ok[last + (k - 1) * PER_WINDOW]!;
    const cur = ok[last + k * PER_WINDOW]!;
    const firstPrev = ok[(k - 1) * PER_WINDOW]!;
    const firstCur = ok[k * PER_WINDOW]!;
    lags.push(
      `w${k}: first +${((firstCur - firstPrev - WINDOW_S * 1000) / 1000).toFixed(2)} last +${((cur - prev - WINDOW_S * 1000) / 1000).toFixed(2)} spread ${((cur - firstCur) / 1000).toFixed(2)}`,
    );
  }
  log(`slot reuse lag past the window: ${lags.join("; ")}`);
  // Where refusals came, if any: seconds into the run, and what the window held at that moment.
  for (const r of posts.filter((x) => x.status === 429).slice(0, 5)) {
    const t = Date.parse(r.at);
    log(
      `429 at ${((t - started) / 1000).toFixed(1)} s, window held ${ok.filter((u) => u > t - WINDOW_S * 1000 && u <= t).length}`,
    );
  }

  const path = "bench/results.json";
  const all = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(path, JSON.stringify({ ...all, jobs: result }, null, 2) + "\n");
  await emu.close();
  await postgres?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
