/**
 * `npm run load`. Production build + the emulator; 50 concurrent signed-in users
 * for 60 s on the list pages and mutations; p50/p95/p99, errors, zero 5xx; upstream request
 * rate against the Classroom quota. Then the same with 30% of Classroom calls failing with 503:
 * the app stays up and retries don't storm (upstream calls ≤ 2.5 × app requests).
 *
 * The app talks to the emulator directly. The 503s come from one emulator fault rule with a
 * `probability` and a fixed `seed` (printed; LOAD_SEED overrides it), so a run replays the same
 * draws. Upstream counts come from the emulator's request log, which lists every Classroom call
 * and each /batch part on its own, so a /batch counts as its parts, as Google's quota does.
 * Sign-in goes to the same emulator, through the real OAuth flow over HTTP.
 *
 *   npm run load                       # build into .next-load, start on :3300, run both phases
 *   LOAD_SKIP_BUILD=1 npm run load     # reuse the last .next-load build
 *   LOAD_USERS=50 LOAD_SECONDS=60 LOAD_FAIL_RATE=0.3 LOAD_SEED=20260606 npm run load
 *
 * Writes bench/load-results.json.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";

import type { FaultRule, RequestLogEntry } from "../emulator/src/emulator";
import { actionIds, type ActionRef, type Jar, signIn } from "./http-session";
import { startEmulator } from "../emulator/src/server";
import { emulatorControl, type EmulatorState } from "../lib/test/emulator-control";

const USERS = Number(process.env.LOAD_USERS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const FAIL_RATE = Number(process.env.LOAD_FAIL_RATE ?? 0.3);
/** Seed of the fault rule's PRNG: the same seed fails the same positions in the call sequence. */
const SEED = Number(process.env.LOAD_SEED ?? 20_260_606);
const APP_PORT = Number(process.env.LOAD_APP_PORT ?? 3300);
const DIST = process.env.LOAD_DIST_DIR ?? ".next-load";
const APP = `http://localhost:${APP_PORT}`;
/** Google's documented per-project quota (per minute), and per user. */
const QUOTA_PER_MINUTE = 3000;
/**
 * Pause between one user's requests. The app spends ~4 Classroom calls per request (pages fan
 * out over the user's classes), and the project quota is 3,000 calls/min = 50/s shared by all
 * users: without think time 50 users would simply queue behind the quota scheduler.
 */
const THINK_MS = Number(process.env.LOAD_THINK_MS ?? 4000);

type Sample = { kind: string; ms: number; status: number };

// ---------------------------------------------------------------------------

type Emu = Awaited<ReturnType<typeof startEmulator>>;
/** The emulator's control API; it throws on a non-2xx answer (a refused fault rule must not run a 503 phase without faults). */
const control = <T>(emu: Emu, method: string, path: string, body?: unknown) =>
  emulatorControl(`${emu.url}/emulator/v1`)<T>(method, path, body);

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

async function phase(
  name: string,
  users: { email: string; jar: Jar; courseId: string; invitees: string[] }[],
  actions: Record<string, ActionRef>,
  emu: Emu,
  fault?: FaultRule,
) {
  await control(emu, "DELETE", "/requests");
  if (fault) await control(emu, "POST", "/faults", { rules: [fault] });
  const samples: Sample[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const timed = async (kind: string, run: () => Promise<Response>) => {
    const t0 = performance.now();
    let status = 0;
    let text = "";
    try {
      const res = await run();
      status = res.status;
      text = await res.text();
    } catch {
      status = 0;
    }
    samples.push({ kind, ms: performance.now() - t0, status });
    return text;
  };
  const worker = async (u: (typeof users)[number], k: number) => {
    let i = k;
    while (Date.now() < deadline) {
      const headers = { cookie: u.jar.header() };
      // Spread the users' cycles so they don't all hit the same page at once.
      await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + ((i * 7919 + k * 104_729) % 1000) / 1000)));
      if (Date.now() >= deadline) break;
      const step = i++ % 6;
      if (step === 0)
        await timed("page /invitations", () => fetch(`${APP}/invitations`, { headers, redirect: "manual" }));
      else if (step === 1)
        await timed("GET /api/invitations", () => fetch(`${APP}/api/invitations?courseId=${u.courseId}`, { headers }));
      else if (step === 2) await timed("page /home", () => fetch(`${APP}/home`, { headers, redirect: "manual" }));
      else if (step === 3)
        await timed("GET /api/my-invitations", () => fetch(`${APP}/api/my-invitations`, { headers }));
      else if (step === 4) {
        // Mutation: invite someone, then revoke that invitation.
        const email = u.invitees[i % u.invitees.length]!;
        const a = actions.createInvitationAction!;
        const text = await timed("action create", () =>
          fetch(`${APP}${a.page}`, {
            method: "POST",
            headers: {
              ...headers,
              "next-action": a.id,
              "content-type": "text/plain;charset=UTF-8",
              origin: APP,
              accept: "text/x-component",
            },
            body: JSON.stringify([{ email, courseId: u.courseId, role: "STUDENT" }]),
          }),
        );
        const id = /"invitation":\{"id":"(\w+)"/.exec(text)?.[1] ?? /"existing":\{"id":"(\w+)"/.exec(text)?.[1];
        if (id) {
          const r = actions.revokeInvitationsAction!;
          await timed("action revoke", () =>
            fetch(`${APP}${r.page}`, {
              method: "POST",
              headers: {
                ...headers,
                "next-action": r.id,
                "content-type": "text/plain;charset=UTF-8",
                origin: APP,
                accept: "text/x-component",
              },
              body: JSON.stringify([{ ids: [id] }]),
            }),
          );
        }
      } else await timed("page /activity", () => fetch(`${APP}/activity`, { headers, redirect: "manual" }));
    }
  };
  const started = Date.now();
  await Promise.all(users.map((u, k) => worker(u, k)));
  const elapsedMin = (Date.now() - started) / 60_000;
  if (fault) await control(emu, "DELETE", "/faults");
  // One entry per Classroom call, batch parts included. A /batch envelope shows up only when it was
  // refused as a whole (malformed, or a rule naming /batch; this run installs none): one call.
  const log = await control<RequestLogEntry[]>(emu, "GET", "/requests");
  // The log keeps the last 50,000 entries; past that the counts below would be short.
  if (log.length >= 50_000)
    throw new Error(
      `${name}: ${log.length} Classroom calls overflow the emulator's request log; run fewer LOAD_SECONDS`,
    );
  const calls = log.length;
  // Only fault rules make the emulator answer 503, and only this phase's rule is installed.
  const injected503 = fault ? log.filter((e) => e.status === fault.status).length : 0;
  // Peak upstream calls in any 60 s window (Google checks a 60-second moving average).
  const times = log.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
  let peak = 0;
  for (let a = 0, b = 0; b < times.length; b++) {
    while (times[b]! - times[a]! > 60_000) a++;
    peak = Math.max(peak, b - a + 1);
  }
  const byKind: Record<string, { n: number; p50: number; p95: number; p99: number; errors: number; "5xx": number }> =
    {};
  for (const kind of [...new Set(samples.map((s) => s.kind))]) {
    const xs = samples.filter((s) => s.kind === kind);
    byKind[kind] = {
      n: xs.length,
      p50: pct(
        xs.map((s) => s.ms),
        50,
      ),
      p95: pct(
        xs.map((s) => s.ms),
        95,
      ),
      p99: pct(
        xs.map((s) => s.ms),
        99,
      ),
      errors: xs.filter((s) => s.status === 0 || s.status >= 400).length,
      "5xx": xs.filter((s) => s.status >= 500).length,
    };
  }
  const all = samples.map((s) => s.ms);
  const result = {
    phase: name,
    users: users.length,
    seconds: SECONDS,
    thinkMs: THINK_MS,
    requests: samples.length,
    rps: Math.round((samples.length / (elapsedMin * 60)) * 10) / 10,
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99: pct(all, 99),
    errors: samples.filter((s) => s.status === 0 || s.status >= 400).length,
    "5xx": samples.filter((s) => s.status >= 500).length,
    connectionErrors: samples.filter((s) => s.status === 0).length,
    upstream: {
      calls,
      injected503,
      // Calls the fault rule let through to the emulator's handlers.
      reachedEmulator: calls - injected503,
      perMinute: Math.round(calls / elapsedMin),
      peakPer60s: peak,
      quotaPerMinute: QUOTA_PER_MINUTE,
      withinQuota: peak <= QUOTA_PER_MINUTE,
      perAppRequest: Math.round((calls / Math.max(1, samples.length)) * 100) / 100,
    },
    byKind,
  };
  console.log(JSON.stringify(result, null, 2));
  return result;
}

async function main() {
  const emu = await startEmulator({ port: 0 });
  let app: ChildProcess | undefined;
  const stop = async () => {
    if (app?.pid) process.kill(-app.pid, "SIGTERM");
    await emu.close();
  };
  try {
    if (!process.env.LOAD_SKIP_BUILD) {
      console.log(`[load] next build → ${DIST}`);
      const b = spawnSync("npx", ["next", "build"], {
        stdio: "inherit",
        env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
      });
      if (b.status !== 0) throw new Error("next build failed");
    }
    app = spawn("npx", ["next", "start", "-p", String(APP_PORT)], {
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DEMO_MODE: "1",
        EMULATOR_URL: emu.url,
        CLASSROOM_ROOT_URL: `${emu.url}/`,
        AUTH_URL: APP,
        AUTH_SECRET: "load-secret-load-secret-load-secret-load",
        PGLITE_DATA_DIR: "memory://",
        NEXT_DIST_DIR: DIST,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    for (let i = 0; ; i++) {
      if (
        await fetch(`${APP}/signin`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 120) throw new Error("the app did not start");
      await new Promise((r) => setTimeout(r, 500));
    }

    // 50 teachers, each with a class they teach and outsiders to invite there.
    const s = await control<EmulatorState>(emu, "GET", "/state");
    const teachers = s.users.filter(
      (u) => !u.disabled && s.courses.some((c) => c.courseState === "ACTIVE" && c.teacherIds.includes(u.id)),
    );
    const picked = [
      ...teachers.filter((u) => /^(teacher|teacher2|admin)@/.test(u.email)),
      ...teachers.filter((u) => !/^(teacher|teacher2|admin)@/.test(u.email)),
    ].slice(0, USERS);
    const students = s.users.filter(
      (u) =>
        /^[a-z]+\.[a-z]+@northwood\.edu$/.test(u.email) &&
        !u.disabled &&
        !s.courses.some((c) => c.teacherIds.includes(u.id)),
    );
    console.log(`[load] signing in ${picked.length} users through the OAuth flow`);
    const users = [];
    for (const [k, u] of picked.entries()) {
      const course = s.courses.find((c) => c.courseState === "ACTIVE" && c.teacherIds.includes(u.id))!;
      const invitees = students
        .filter(
          (x) =>
            !course.studentIds.includes(x.id) &&
            !s.invitations.some((i) => i.userId === x.id && i.courseId === course.id),
        )
        .slice(k % 7, (k % 7) + 5)
        .map((x) => x.email);
      users.push({ email: u.email, jar: await signIn(APP, u.email), courseId: course.id, invitees });
    }
    const actions = actionIds(DIST);
    // Warm-up: one pass per user (role detection, JIT), not measured.
    await Promise.all(
      users.map((u) => fetch(`${APP}/home`, { headers: { cookie: u.jar.header() } }).then((r) => r.text())),
    );

    const normal = await phase("normal", users, actions, emu);
    // Reset clears fault rules too, so the phase installs its rule after it.
    await control(emu, "POST", "/reset", {});
    console.log(
      `[load] ${Math.round(FAIL_RATE * 100)}% of Classroom calls answer 503, fault rule seed ${SEED} (LOAD_SEED=${SEED} replays it)`,
    );
    const faulty = await phase(`${Math.round(FAIL_RATE * 100)}% upstream 503`, users, actions, emu, {
      status: 503,
      probability: FAIL_RATE,
      seed: SEED,
    });
    const alive = await fetch(`${APP}/signin`).then(
      (r) => r.status,
      () => 0,
    );

    const verdict = {
      normalZero5xx: normal["5xx"] === 0,
      normalWithinQuota: normal.upstream.withinQuota,
      faultyAppStaysUp: alive === 200 && faulty.connectionErrors === 0,
      // Retries must not multiply the load: Classroom calls per app request under 30% 503s stay
      // within 2.5× of the same mix without faults (pages legitimately fan out to several calls).
      faultyNoRetryStorm: faulty.upstream.perAppRequest <= 2.5 * normal.upstream.perAppRequest,
    };
    const amplification = Math.round((faulty.upstream.perAppRequest / normal.upstream.perAppRequest) * 100) / 100;
    const out = {
      at: new Date().toISOString(),
      machine: `${(await import("node:os")).cpus().length} cores`,
      settings: { users: USERS, seconds: SECONDS, failRate: FAIL_RATE, seed: SEED, thinkMs: THINK_MS },
      normal,
      faulty,
      retryAmplification: amplification,
      verdict,
    };
    fs.writeFileSync("bench/load-results.json", `${JSON.stringify(out, null, 2)}\n`);
    console.log("[load] verdict", verdict, "→ bench/load-results.json");
    if (!Object.values(verdict).every(Boolean)) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
