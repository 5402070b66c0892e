/**
 * `npm run scale`: several production instances on one Postgres behind nginx, all on loopback.
 *
 * Starts a throw-away Postgres (Debian's `postgresql`), the emulator, 3 instances of the
 * production build (`next start`) and nginx (deploy/nginx.conf) in front of them, with the
 * Cloud project's quota scaled down to 600 calls a minute in the app and in the emulator. Then,
 * through nginx:
 *   1. a bulk job of 1,000 invitations by the admin while teachers load pages and lists; the
 *      instance running the job is killed with SIGKILL mid-job, then started again;
 *   2. every user's token expires, and 30 concurrent requests per user go out at once (spread
 *      over the instances by the round-robin), twice;
 *   3. one instance gets SIGTERM while requests are in flight.
 * Reports 429s from the emulator, the busiest 60 s of Classroom calls against the budget, the
 * job (created, duplicates, takeover after the kill), refresh grants per user per expiry,
 * sessions refused, p50/p95 through nginx, and the graceful stop. Writes bench/scale-results.json
 * (bench/scale-results.reduced.json with --reduced).
 *
 *   npm run scale                        # build if needed, then run
 *   npm run scale -- --reduced           # CI: 500 invitations, 2 teachers, one expiry round
 *   SCALE_BUILD=1 npm run scale          # rebuild .next first
 *
 * Ports: instances 3150–3152, emulator 4150, Postgres 5450, nginx 8150 (SCALE_*_PORT override).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { RequestLogEntry } from "../emulator/src/emulator";
import { startEmulator } from "../emulator/src/server";
import { emulatorControl, type EmulatorState } from "../lib/test/emulator-control";
import { actionIds, type Jar, postAction, signIn } from "./http-session";

const REDUCED = process.argv.includes("--reduced");
const INSTANCES = 3;
const APP_PORT = Number(process.env.SCALE_APP_PORT ?? 3150);
const EMU_PORT = Number(process.env.SCALE_EMULATOR_PORT ?? 4150);
const PG_PORT = Number(process.env.SCALE_PG_PORT ?? 5450);
const NGINX_PORT = Number(process.env.SCALE_NGINX_PORT ?? 8150);
const LB = `http://localhost:${NGINX_PORT}`;
const DIST = ".next";
/** The Cloud project's quota, scaled down so that three instances can contend for it here. */
const PROJECT_PER_MINUTE = 600;
/** More than one window's background share (80 % of 90 % of 600), so the job is paced over two windows or more. */
const JOB_ROWS = REDUCED ? 500 : 1_000;
const TEACHERS = REDUCED ? 2 : 5;
const EXPIRY_ROUNDS = REDUCED ? 1 : 2;
const BURST = 30;
const THINK_MS = REDUCED ? 6_000 : 2_000;
const SECRET = "scale-secret-scale-secret-scale-secret-00";
const ADMIN = "admin@northwood.edu";
/** Bound on the whole run: it stops itself past this. */
const DEADLINE_MS = (REDUCED ? 8 : 15) * 60_000;

const t0 = Date.now();
const log = (...args: unknown[]) => console.error(`[scale +${((Date.now() - t0) / 1000).toFixed(0)}s]`, ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Processes

const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; log?: string } = {}): ChildProcess {
  const out = opts.log ? fs.openSync(opts.log, "a") : "ignore";
  const child = spawn(cmd, args, { env: opts.env ?? process.env, detached: true, stdio: ["ignore", out, out] });
  children.push(child);
  return child;
}

function stopAll(): void {
  for (const c of children) {
    if (c.pid && c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  for (const f of cleanups.reverse()) f();
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once("exit", () => r()));

/** A throw-away Postgres cluster on loopback, run as the `postgres` user when this is root. */
async function startPostgres(dir: string): Promise<string> {
  const bin = fs
    .readdirSync("/usr/lib/postgresql")
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .filter((b) => fs.existsSync(`${b}/initdb`))
    .sort()
    .at(-1);
  if (!bin) throw new Error("Debian's postgresql is not installed (apt-get install postgresql)");
  const asRoot = process.getuid?.() === 0;
  const as = (args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)]);
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const [c1, a1] = as([`${bin}/initdb`, "-D", data, "-A", "trust", "-U", "postgres"]) as [string, string[]];
  const init = spawnSync(c1, a1, { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const [c2, a2] = as([
    `${bin}/pg_ctl`,
    "-D",
    data,
    "-o",
    `-p ${PG_PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "start",
  ]) as [string, string[]];
  const start = spawnSync(c2, a2, { encoding: "utf8" });
  if (start.status !== 0) throw new Error(`Postgres did not start: ${start.stderr}${start.stdout}`);
  cleanups.push(() => {
    const [c3, a3] = as([`${bin}/pg_ctl`, "-D", data, "-m", "immediate", "stop"]) as [string, string[]];
    spawnSync(c3, a3);
  });
  return `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;
}

type Instance = { port: number; child: ChildProcess; log: string };

function instanceEnv(emuUrl: string, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DEMO_MODE: "1",
    EMULATOR_URL: emuUrl,
    CLASSROOM_ROOT_URL: `${emuUrl}/`,
    AUTH_URL: LB,
    AUTH_SECRET: SECRET,
    DATABASE_URL: databaseUrl,
    ADMIN_EMAILS: ADMIN,
    CLASSROOM_QUOTA_PER_CLIENT_PER_MINUTE: String(PROJECT_PER_MINUTE),
    CLASSROOM_INVITATIONS_PER_DAY: "5000",
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

function startInstance(port: number, env: NodeJS.ProcessEnv, dir: string): Instance {
  const logFile = path.join(dir, `app-${port}.log`);
  const child = run(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env,
    log: logFile,
  });
  return { port, child, log: logFile };
}

async function waitReady(url: string, what: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(300);
  }
  throw new Error(`${what} was not ready within ${ms / 1000} s`);
}

/** deploy/nginx.conf with this run's ports and paths on the lines marked "scale:". */
function nginxConfig(dir: string): string {
  const servers = Array.from(
    { length: INSTANCES },
    (_, i) => `    server 127.0.0.1:${APP_PORT + i} max_fails=2 fail_timeout=10s;`,
  ).join("\n");
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `  ${t}_temp_path ${dir}/${t};`)
    .join("\n");
  const lines = fs.readFileSync("deploy/nginx.conf", "utf8").split("\n");
  const out: string[] = [];
  let skipServers = false;
  for (const line of lines) {
    if (skipServers) {
      if (/^\s*server 127\.0\.0\.1:/.test(line)) continue;
      skipServers = false;
    }
    if (line.includes("# scale: pid")) out.push(`pid ${dir}/nginx.pid;`);
    else if (line.includes("# scale: error_log")) out.push(`error_log ${dir}/error.log warn;`);
    else if (line.includes("# scale: access_log"))
      out.push(
        // One line per request, tied to the script's own log by the x-scale-req header.
        `  log_format scale '$msec $request_time $status "$upstream_addr" "$upstream_status" $http_x_scale_req $request';`,
        `  access_log ${dir}/access.log scale;`,
      );
    else if (line.includes("# scale: temp paths")) out.push(temp);
    else if (line.includes("# scale: servers")) {
      out.push(servers);
      skipServers = true;
    } else if (line.includes("# scale: listen")) out.push(`    listen 127.0.0.1:${NGINX_PORT};`);
    else out.push(line);
  }
  return out.join("\n");
}

async function startNginx(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o777 });
  fs.chmodSync(dir, 0o777);
  for (const t of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(`${dir}/${t}`, { mode: 0o777 });
  fs.writeFileSync(`${dir}/nginx.conf`, nginxConfig(dir));
  const test = spawnSync("nginx", ["-t", "-p", dir, "-c", `${dir}/nginx.conf`], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
  run("nginx", ["-p", dir, "-c", `${dir}/nginx.conf`, "-g", "daemon off;"]);
  await waitReady(`${LB}/api/health/live`, "nginx");
}

// ---------------------------------------------------------------------------
// Measuring

/** One request through nginx: `id` is sent as x-scale-req and logged by nginx with the instance that answered. */
type Sample = { id: number; kind: string; user: string; at: number; ms: number; status: number; error?: string };
const samples: Sample[] = [];
let sessionsRefused = 0;
let nextId = 0;

async function timed(kind: string, user: string, jar: Jar, url: string): Promise<number> {
  const id = ++nextId;
  const at = Date.now();
  const t = performance.now();
  let status = 0;
  let error: string | undefined;
  try {
    const res = await fetch(url, { headers: { cookie: jar.header(), "x-scale-req": String(id) }, redirect: "manual" });
    status = res.status;
    await res.arrayBuffer();
    // A signed-in user sent to sign in, or refused as signed out, by any instance.
    const location = res.headers.get("location") ?? "";
    if (status === 401 || ((status === 307 || status === 303) && location.includes("/signin"))) sessionsRefused++;
  } catch (e) {
    status = 0;
    error = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}` : String(e);
  }
  samples.push({ id, kind, user, at, ms: performance.now() - t, status, ...(error ? { error } : {}) });
  return status;
}

/** nginx's line for each request id: which instance(s) it went to, and what each answered. */
function nginxLines(file: string): Map<number, { upstream: string; upstreamStatus: string; status: number }> {
  const out = new Map<number, { upstream: string; upstreamStatus: string; status: number }>();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^\S+ \S+ (\d+) "([^"]*)" "([^"]*)" (\d+) /.exec(line);
    if (m) out.set(Number(m[4]), { status: Number(m[1]), upstream: m[2]!, upstreamStatus: m[3]! });
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
};

/** The most entries in any 60 s window. */
function busiest60s(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let a = 0, b = 0; b < t.length; b++) {
    while (t[b]! - t[a]! >= 60_000) a++;
    most = Math.max(most, b - a + 1);
  }
  return most;
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const hard = setTimeout(() => {
    log(`deadline of ${DEADLINE_MS / 60_000} min reached; stopping`);
    stopAll();
    process.exit(2);
  }, DEADLINE_MS);
  hard.unref();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scale-"));
  fs.chmodSync(dir, 0o755);

  if (process.env.SCALE_BUILD || !fs.existsSync(`${DIST}/BUILD_ID`)) {
    log("next build");
    const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (b.status !== 0) throw new Error("next build failed");
  }

  const databaseUrl = await startPostgres(path.join(dir, "pg"));
  log(`postgres on ${PG_PORT}`);
  const emu = await startEmulator({ port: EMU_PORT, seed: { profile: "large", courses: 60 } });
  cleanups.push(() => void emu.close());
  const control = emulatorControl(`${emu.url}/emulator/v1`);
  await control("PATCH", "/config", {
    quotas: { perClientPerMinute: PROJECT_PER_MINUTE, invitationsPerTeacherPerDay: 5_000 },
    // Roughly Google's: a call takes tens of milliseconds, a /batch part adds some more.
    latencyMs: 80,
    perPartLatencyMs: 10,
  });
  const env = instanceEnv(emu.url, databaseUrl);
  // One instance first, so that three don't race to create the schema (they would wait on the
  // migration lock anyway) and start-up doesn't fight for the two cores.
  const instances: Instance[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    instances.push(startInstance(APP_PORT + i, env, dir));
    await waitReady(`http://127.0.0.1:${APP_PORT + i}/api/health/ready`, `instance :${APP_PORT + i}`);
  }
  log(`${INSTANCES} instances ready`);
  await startNginx(path.join(dir, "nginx"));
  log(`nginx on ${NGINX_PORT}`);

  // Users: the admin, and teachers who each teach an active class.
  const state = await control<EmulatorState>("GET", "/state");
  const teachers = state.users
    .filter((u) => !u.disabled && !u.isAdmin)
    .filter((u) => state.courses.some((c) => c.courseState === "ACTIVE" && c.teacherIds.includes(u.id)))
    .slice(0, TEACHERS);
  const admin = state.users.find((u) => u.email === ADMIN)!;
  const users: { email: string; jar: Jar; courseId: string }[] = [];
  for (const u of [admin, ...teachers]) {
    const course = state.courses.find((c) => c.courseState === "ACTIVE" && (u.isAdmin || c.teacherIds.includes(u.id)))!;
    users.push({ email: u.email, jar: await signIn(LB, u.email), courseId: course.id });
  }
  log(`${users.length} users signed in through nginx`);
  const actions = actionIds(DIST);
  await control("DELETE", "/requests");
  await control("DELETE", "/grants");
  const phaseStart = Date.now();

  // --- 1. the job, with load, and a SIGKILL --------------------------------------------------
  const people = state.users.filter((u) => !u.disabled && !u.isAdmin && u.email.endsWith("@northwood.edu"));
  const taken = new Set(state.invitations.map((i) => `${i.userId} ${i.courseId}`));
  const rows: { email: string; courseId: string; role: "STUDENT"; key: string }[] = [];
  for (const c of state.courses.filter((x) => x.courseState === "ACTIVE")) {
    for (const p of people) {
      if (rows.length === JOB_ROWS) break;
      if (c.studentIds.includes(p.id) || c.teacherIds.includes(p.id) || taken.has(`${p.id} ${c.id}`)) continue;
      if (rows.filter((r) => r.courseId === c.id).length >= 25) break;
      rows.push({ email: p.email, courseId: c.id, role: "STUDENT", key: `${p.id} ${c.id}` });
    }
  }
  if (rows.length < JOB_ROWS) throw new Error(`only ${rows.length} fresh pairs in the seed`);
  const ours = new Set(rows.map((r) => r.key));
  const created = async () =>
    (await control<EmulatorState>("GET", "/state")).invitations.filter((i) => ours.has(`${i.userId} ${i.courseId}`))
      .length;

  const adminUser = users[0]!;
  const jobRes = await postAction(LB, adminUser.jar, actions.createInviteJobAction!, [
    { rows: rows.map(({ email, courseId, role }) => ({ email, courseId, role })) },
  ]);
  const jobText = await jobRes.text();
  const jobId = /"jobId":"([0-9a-f-]{36})"/.exec(jobText)?.[1];
  if (!jobId) throw new Error(`the job was not created: ${jobRes.status} ${jobText.slice(0, 300)}`);
  log(`job ${jobId} of ${JOB_ROWS} invitations created`);

  let loadOn = true;
  const loaders = users.slice(1).map(async (u, k) => {
    let i = k;
    while (loadOn) {
      await sleep(THINK_MS * (0.5 + ((i * 7919 + k * 104_729) % 1000) / 1000));
      if (!loadOn) break;
      const step = i++ % 3;
      if (step === 0)
        await timed("GET /api/invitations", u.email, u.jar, `${LB}/api/invitations?courseId=${u.courseId}`);
      else if (step === 1) await timed("page /home", u.email, u.jar, `${LB}/home`);
      else await timed("GET /api/my-invitations", u.email, u.jar, `${LB}/api/my-invitations`);
    }
  });

  const { Client } = (await import("pg")).default;
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  cleanups.push(() => void pg.end().catch(() => undefined));
  const adminId = (await pg.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [ADMIN])).rows[0]!.id;

  // The instance running the job is the one leasing the admin's budget (the admin does nothing else now).
  // In the middle of the first window's sending (the emulator answers at Google-like latency).
  const killAt = Math.min(Math.round(JOB_ROWS * 0.3), 150);
  while ((await created()) < killAt) await sleep(100);
  const holder = (
    await pg.query<{ instance_id: string }>(
      "SELECT instance_id FROM quota_leases WHERE scope = $1 ORDER BY granted_at DESC LIMIT 1",
      [`per-user:user:${adminId}`],
    )
  ).rows[0]?.instance_id;
  const pid = Number(holder?.split(":").at(-1));
  const victim = instances.find((x) => x.child.pid === pid) ?? instances[0]!;
  const atKill = await created();
  const killedAt = Date.now();
  const killedAtS = Math.round((killedAt - t0) / 1000);
  process.kill(-victim.child.pid!, "SIGKILL");
  await exited(victim.child);
  log(`SIGKILL instance :${victim.port} (job runner: ${victim.child.pid === pid}) at ${atKill} created`);
  // What the dead instance leaves behind in the shared budget: its open slices count in full
  // until they end plus one window (docs/DEPLOY.md, "Shared quota").
  const [deadLeases] = (
    await pg.query<{ open: number; open_granted: number; settled_used: number; last_open_end_ms: number | null }>(
      `SELECT count(*) FILTER (WHERE used IS NULL)::int AS open,
              COALESCE(sum(granted) FILTER (WHERE used IS NULL AND scope = 'client'), 0)::int AS open_granted,
              COALESCE(sum(used) FILTER (WHERE used IS NOT NULL AND scope = 'client'), 0)::int AS settled_used,
              (EXTRACT(EPOCH FROM max(ends_at) FILTER (WHERE used IS NULL) - clock_timestamp()) * 1000)::int AS last_open_end_ms
       FROM quota_leases WHERE instance_id LIKE $1`,
      [`%:${pid}`],
    )
  ).rows;
  let resumedAfterMs: number | undefined;
  let claimedAfterMs: number | undefined;
  // The job's next slice claimed by a live worker (pg-boss' row for it), however soon it can send.
  const claimed = async () =>
    (
      await pg.query<{ at: Date | null }>(
        "SELECT min(started_on) AS at FROM pgboss.job WHERE name = 'bulk-jobs' AND data->>'jobId' = $1 AND started_on > $2",
        [jobId, new Date(killedAt)],
      )
    ).rows[0]?.at;
  // Creates the dead instance had already sent still land for a moment: count from after that.
  await sleep(2_000);
  const settled = await created();
  // Restarted right away, as an orchestrator would; the job must move on without it.
  const restarted = startInstance(victim.port, env, dir);
  instances[instances.indexOf(victim)] = restarted;
  const jobDeadline = Date.now() + DEADLINE_MS;
  while (Date.now() < jobDeadline) {
    const n = await created();
    if (resumedAfterMs === undefined && n > settled) resumedAfterMs = Date.now() - killedAt;
    if (claimedAfterMs === undefined) {
      const at = await claimed();
      if (at) claimedAfterMs = new Date(at).getTime() - killedAt;
    }
    const [job] = (await pg.query<{ state: string }>("SELECT state FROM jobs WHERE id = $1", [jobId])).rows;
    if (job && ["done", "failed", "cancelled"].includes(job.state)) break;
    await sleep(500);
  }
  await waitReady(`http://127.0.0.1:${victim.port}/api/health/ready`, "restarted instance");
  loadOn = false;
  await Promise.all(loaders);
  const jobSeconds = (Date.now() - phaseStart) / 1000;
  const jobState = (await pg.query<{ state: string }>("SELECT state FROM jobs WHERE id = $1", [jobId])).rows[0]?.state;
  const itemStates = Object.fromEntries(
    (
      await pg.query<{ state: string; n: number }>(
        "SELECT state, count(*)::int AS n FROM job_items WHERE job_id = $1 GROUP BY state",
        [jobId],
      )
    ).rows.map((r) => [r.state, r.n]),
  );
  const jobLog = await control<RequestLogEntry[]>("GET", "/requests");
  const createdOk = jobLog.filter((r) => r.method === "POST" && r.path === "/v1/invitations" && r.status === 200);
  const exist = await created();
  log(`job ${jobState}: ${exist}/${JOB_ROWS} exist, ${createdOk.length} creates answered 200`);

  // --- 2. tokens expire; 30 concurrent requests per user across the instances -----------------
  const grantsPerUser: Record<string, number[]> = {};
  for (let round = 0; round < EXPIRY_ROUNDS; round++) {
    await pg.query("UPDATE accounts SET expires_at = extract(epoch FROM now())::bigint - 1");
    const before = await control<{ grant_type: string; email: string }[]>("GET", "/grants");
    await Promise.all(
      users.flatMap((u) =>
        // Each needs the user's token; /api/jobs makes no Classroom call, so the burst measures
        // the refresh, not the quota the job has just spent.
        Array.from({ length: BURST }, () => timed("burst GET /api/jobs", u.email, u.jar, `${LB}/api/jobs`)),
      ),
    );
    const after = await control<{ grant_type: string; email: string }[]>("GET", "/grants");
    for (const u of users) {
      const n = (xs: typeof after) => xs.filter((g) => g.grant_type === "refresh_token" && g.email === u.email).length;
      (grantsPerUser[u.email] ??= []).push(n(after) - n(before));
    }
    log(
      `expiry round ${round + 1}: refresh grants per user ${users.map((u) => grantsPerUser[u.email]!.at(-1)).join(",")}`,
    );
  }

  // --- 3. SIGTERM one instance while requests are in flight ---------------------------------
  const target = instances[1]!;
  const termStatuses: number[] = [];
  const inFlight = users.flatMap((u) =>
    Array.from({ length: 4 }, () =>
      timed("during SIGTERM", u.email, u.jar, `${LB}/api/jobs`).then((s) => termStatuses.push(s)),
    ),
  );
  await sleep(100);
  const termAt = Date.now();
  process.kill(target.child.pid!, "SIGTERM");
  await exited(target.child);
  const stopMs = Date.now() - termAt;
  await Promise.all(inFlight);
  const appLog = fs.readFileSync(target.log, "utf8");
  const openLeases = (
    await pg.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM quota_leases WHERE instance_id LIKE $1 AND used IS NULL",
      [`%:${target.child.pid}`],
    )
  ).rows[0]!.n;
  const graceful = {
    exitCode: target.child.exitCode,
    signal: target.child.signalCode,
    stopMs,
    loggedStopped: appLog.includes("job claims and quota slices released"),
    openLeasesAfter: openLeases,
    requestsDuring: termStatuses.length,
    requestsFailed: termStatuses.filter((s) => s === 0 || s >= 500).length,
    statuses: termStatuses,
  };
  log(`SIGTERM: ${JSON.stringify(graceful)}`);

  // --- Report --------------------------------------------------------------------------------
  const upstream = await control<RequestLogEntry[]>("GET", "/requests");
  const classroom = upstream.filter((r) => r.path.startsWith("/v1/") || r.path.startsWith("/batch"));
  const times = classroom.map((r) => Date.parse(r.at));
  const leaseInstances = (
    await pg.query<{ n: number }>("SELECT count(DISTINCT instance_id)::int AS n FROM quota_leases")
  ).rows[0]!.n;
  const all = samples.map((s) => s.ms);
  // Every failed request with the instance nginx sent it to: those that were in flight on the
  // SIGKILLed instance are told apart from any other failure.
  const lines = nginxLines(path.join(dir, "nginx", "access.log"));
  const victimAddr = `127.0.0.1:${victim.port}`;
  const failed = samples
    .filter((s) => s.status === 0 || s.status >= 500)
    .map((s) => {
      const n = lines.get(s.id);
      const inFlightOnKilled =
        s.at <= killedAt && s.at + s.ms >= killedAt && (n?.upstream.includes(victimAddr) ?? false);
      return { ...s, ms: Math.round(s.ms), atS: Math.round((s.at - t0) / 1000), nginx: n, inFlightOnKilled };
    });
  fs.writeFileSync(
    path.join(dir, "requests.jsonl"),
    samples.map((s) => JSON.stringify({ ...s, nginx: lines.get(s.id) })).join("\n") + "\n",
  );
  const grantsFlat = Object.values(grantsPerUser).flat();
  const result = {
    at: new Date().toISOString(),
    reduced: REDUCED,
    machine: `${os.cpus().length} cores`,
    node: process.version,
    settings: {
      instances: INSTANCES,
      projectQuotaPerMinute: PROJECT_PER_MINUTE,
      headroom: 0.9,
      users: users.length,
      admins: 1,
      teachers: users.length - 1,
      jobRows: JOB_ROWS,
      burstPerUser: BURST,
      expiryRounds: EXPIRY_ROUNDS,
    },
    upstream: {
      calls: classroom.length,
      http429: classroom.filter((r) => r.status === 429).length,
      busiest60s: busiest60s(times),
      budget: PROJECT_PER_MINUTE,
      withinBudget: busiest60s(times) <= PROJECT_PER_MINUTE,
      instancesThatLeased: leaseInstances,
    },
    job: {
      state: jobState,
      rows: JOB_ROWS,
      exist,
      created200: createdOk.length,
      duplicates: createdOk.length - exist,
      alreadyExistsAnswers: jobLog.filter(
        (r) => r.method === "POST" && r.path === "/v1/invitations" && r.status === 409,
      ).length,
      itemStates,
      killedAtCreated: atKill,
      killedAtS,
      createdByTheDeadInstanceAfterKill: settled - atKill,
      killedTheRunner: victim.child.pid === pid,
      claimedAfterMs,
      resumedAfterMs,
      deadInstanceLeases: deadLeases,
      seconds: Math.round(jobSeconds),
    },
    refresh: {
      grantsPerUserPerExpiry: grantsPerUser,
      allOne: grantsFlat.every((n) => n === 1),
    },
    sessionsRefused,
    latency: {
      requests: samples.length,
      p50: pct(all, 50),
      p95: pct(all, 95),
      errors: failed.length,
      // Expected: 0 anywhere else; those in flight on the killed instance are lost with it unless
      // nginx could retry them (a GET that never got an answer header is retried).
      errorsInFlightOnKilledInstance: failed.filter((f) => f.inFlightOnKilled).length,
      failed,
      byKind: Object.fromEntries(
        [...new Set(samples.map((s) => s.kind))].map((k) => {
          const xs = samples.filter((s) => s.kind === k).map((s) => s.ms);
          return [k, { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95) }];
        }),
      ),
    },
    graceful,
    logs: dir,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  const verdict = {
    no429: result.upstream.http429 === 0,
    withinBudget: result.upstream.withinBudget,
    jobComplete: exist === JOB_ROWS && jobState === "done",
    noDuplicates: result.job.duplicates === 0,
    oneRefreshPerUserPerExpiry: result.refresh.allOne,
    noSessionRefused: sessionsRefused === 0,
    gracefulStop: graceful.loggedStopped && graceful.openLeasesAfter === 0 && graceful.requestsFailed === 0,
    // A request in flight on the SIGKILLed instance may be lost with it (nginx retries a GET that
    // got no answer header on another instance); any other failure is ours.
    noFailedRequest: result.latency.errors === result.latency.errorsInFlightOnKilledInstance,
  };
  const file = REDUCED ? "bench/scale-results.reduced.json" : "bench/scale-results.json";
  fs.writeFileSync(file, `${JSON.stringify({ ...result, verdict }, null, 2)}\n`);
  console.log(JSON.stringify({ ...result, verdict }, null, 2));
  log(`verdict ${JSON.stringify(verdict)} → ${file}`);
  if (!Object.values(verdict).every(Boolean)) process.exitCode = 1;
  clearTimeout(hard);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    // The emulator's server and pg's socket close asynchronously; give them a moment.
    setTimeout(() => process.exit(), 500);
  });
