// The real page, in Chromium: (a) navigation → final count on /invitations, (d) the app
// server's RSS, (f) time to interactive and per-keystroke filter latency with ~5,000 rows.
// The production build runs from its own dist dir (.next-bench) on port 3300.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

import { chromium, type Browser, type Page } from "@playwright/test";

import type { BenchEmulator } from "./emulator";
import { roundTrips } from "./emulator";

export const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3300);
export const APP_URL = `http://localhost:${APP_PORT}`;
/** BENCH_DIST_DIR: measure another build of this tree (with BENCH_SKIP_BUILD=1), e.g. the e2e run's `.next`. */
export const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench";
const NEXT_BIN = "node_modules/next/dist/bin/next";

/**
 * `next build` into .next-bench. Next adds its dist dir to tsconfig.json's include; that edit
 * is undone. If the type check fails (work in progress elsewhere in the repo), the same build
 * is made without it (`--experimental-build-mode compile`, then `generate`) and the result says
 * so: `npm run typecheck` is the gate for types, the bench measures.
 */
export async function buildApp(): Promise<{ wallMs: number; typecheckSkipped?: string }> {
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  const env = { NEXT_DIST_DIR: DIST_DIR };
  const t0 = performance.now();
  try {
    await runNext(["build"], env);
    return { wallMs: performance.now() - t0 };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!/Failed to type check/.test(message)) throw e;
    await runNext(["build", "--experimental-build-mode", "compile"], env);
    await runNext(["build", "--experimental-build-mode", "generate"], env);
    const firstError = /\n(\S+\.tsx?\(\d+,\d+\): error [^\n]*)/.exec(message)?.[1] ?? "type errors";
    return { wallMs: performance.now() - t0, typecheckSkipped: firstError.slice(0, 300) };
  } finally {
    if (readFileSync("tsconfig.json", "utf8") !== tsconfig) writeFileSync("tsconfig.json", tsconfig);
  }
}

/** `next <args>` with the repo's own Next, as a production build. */
export function runNext(args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  return run(process.execPath, [NEXT_BIN, ...args], {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}\n${log.slice(-4000)}`)),
    );
  });
}

export interface App {
  pid: number;
  /** The process serving requests (next start may fork a worker). */
  serverPid(): number;
  stop(): Promise<void>;
  log(): string;
}

export async function startApp(emulatorUrl: string, extraEnv: Record<string, string> = {}): Promise<App> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(APP_PORT)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_MODE: "1",
      EMULATOR_URL: emulatorUrl,
      PGLITE_DATA_DIR: "memory://",
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
      AUTH_URL: APP_URL,
      CLASSROOM_ROOT_URL: `${emulatorUrl}/`,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}\n${log}`);
    try {
      const res = await fetch(`${APP_URL}/signin`);
      if (res.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer in 60 s\n${log}`);
    await sleep(200);
  }
  const pid = child.pid!;
  return {
    pid,
    serverPid: () => {
      // The largest process among next start and its descendants is the server.
      const all = [pid, ...descendants(pid)];
      return all.map((p) => ({ p, rss: readStatus(p).rssKb })).sort((a, b) => b.rss - a.rss)[0]!.p;
    },
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone
    }
  }
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

export function readStatus(pid: number): { rssKb: number; hwmKb: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return { rssKb: 0, hwmKb: 0 };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function launchBrowser(): Promise<Browser> {
  const own = chromium.executablePath();
  return chromium.launch({
    executablePath: existsSync(own) ? own : "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Installed before any page script: records when the final count appears, long tasks and event timings. */
const INSTRUMENT = `(() => {
  const b = (window.__bench = { finalAt: null, finalText: null, longTasks: [], events: [], keys: [], counts: [] });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push({ start: e.startTime, dur: e.duration }); })
      .observe({ type: "longtask", buffered: true });
  } catch {}
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.events.push({ name: e.name, start: e.startTime, dur: e.duration, id: e.interactionId }); })
      .observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch {}
  let lastText = null;
  const check = () => {
    const el = document.querySelector('[data-testid="invitation-count"]');
    const text = el ? el.textContent : null;
    if (text !== lastText) { lastText = text; b.counts.push({ at: performance.now(), text }); }
    if (b.finalAt === null && el && el.getAttribute("data-final") === "true") { b.finalAt = performance.now(); b.finalText = text; }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener("keydown", (e) => {
    const start = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => b.keys.push({ key: e.key, start, ms: performance.now() - start }), 0));
  }, true);
})();`;

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${APP_URL}/signin`);
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.waitForURL((u) => u.port !== String(APP_PORT));
  const exact = new RegExp(`(^|\\s)${email.replace(/[.@+]/g, "\\$&")}(\\s|$)`, "i");
  await page.getByRole("button", { name: exact }).click();
  await page.waitForURL((u) => u.origin === APP_URL && (u.pathname === "/home" || u.pathname === "/my-invitations"), {
    timeout: 60_000,
  });
}

export interface PageVisit {
  /** navigationStart → the final count in the DOM, measured in the page. */
  toFinalCountMs: number;
  /** Wall clock from page.goto to the final count (cross-check). */
  wallMs: number;
  finalText: string | null;
  /** Classroom HTTP round trips from navigation until the final count. */
  roundTripsToCount: number;
  /** …and until the names had been loading for a while after (see `settleMs`). */
  roundTripsTotal: number;
  apiCallsToCount: number;
  http429: number;
  peakRssKb: number;
  vmHwmKb: number;
  jsBytes: { encoded: number; decoded: number; files: number };
}

/** One visit to /invitations, from navigation until the count is final. */
export async function visitInvitations(page: Page, emu: BenchEmulator, app: App, settleMs = 3_000): Promise<PageVisit> {
  await emu.control("DELETE", "/emulator/v1/requests");
  const done = emu.mark();
  const serverPid = app.serverPid();
  let peak = readStatus(serverPid).rssKb;
  const sampler = setInterval(() => (peak = Math.max(peak, readStatus(serverPid).rssKb)), 25);
  const t0 = performance.now();
  await page.goto(`${APP_URL}/invitations`, { waitUntil: "commit" });
  await page.waitForFunction(
    () => (window as unknown as { __bench: { finalAt: number | null } }).__bench?.finalAt !== null,
    null,
    {
      timeout: 180_000,
      polling: 50,
    },
  );
  const wallMs = performance.now() - t0;
  const atCount = done();
  const logAtCount = (await emu.requestLog()).length;
  await sleep(settleMs);
  const total = done();
  clearInterval(sampler);
  const log = await emu.requestLog();
  const bench = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { finalAt: number; finalText: string } }).__bench;
    const scripts = performance
      .getEntriesByType("resource")
      .filter((r) => (r as PerformanceResourceTiming).initiatorType === "script" || r.name.endsWith(".js"));
    return {
      finalAt: b.finalAt,
      finalText: b.finalText,
      encoded: scripts.reduce((n, r) => n + (r as PerformanceResourceTiming).encodedBodySize, 0),
      decoded: scripts.reduce((n, r) => n + (r as PerformanceResourceTiming).decodedBodySize, 0),
      files: scripts.length,
    };
  });
  return {
    toFinalCountMs: bench.finalAt,
    wallMs,
    finalText: bench.finalText,
    roundTripsToCount: roundTrips(atCount),
    roundTripsTotal: roundTrips(total),
    apiCallsToCount: logAtCount,
    http429: total.outer429 + log.filter((r) => r.status === 429).length,
    peakRssKb: peak,
    vmHwmKb: readStatus(serverPid).hwmKb,
    jsBytes: { encoded: bench.encoded, decoded: bench.decoded, files: bench.files },
  };
}

export interface Interactivity {
  rows: number;
  /** Lighthouse-style: from navigation, the first point after the final count followed by 5 s free of long tasks. */
  ttiMs: number;
  longestTaskMs: number;
  totalBlockingMs: number;
  keystrokes: number;
  /** keydown → next frame (rAF + task), per keystroke. */
  keyP50Ms: number;
  keyP95Ms: number;
  keyMaxMs: number;
  /** Event Timing API (what INP uses): longest keyboard interaction. */
  eventTimingMaxMs: number;
  /** After the last keystroke of a typed query, until the count shows the filtered result (worst round). */
  filterSettleMs: number;
}

/** Type-and-erase rounds in (f). */
const ROUNDS = 3;

/** (f): on the page as loaded by `visitInvitations`. */
export async function measureInteractivity(page: Page, query = "biology"): Promise<Interactivity> {
  // Wait out the 5 s quiet window after the final count (TTI).
  await sleep(5_500);
  const load = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { finalAt: number; longTasks: { start: number; dur: number }[] } })
      .__bench;
    const tasks = [...b.longTasks].sort((x, y) => x.start - y.start);
    let tti = b.finalAt;
    for (const t of tasks) {
      if (t.start + t.dur < tti) continue;
      if (t.start < tti + 5_000) tti = Math.max(tti, t.start + t.dur);
    }
    return {
      tti,
      longest: tasks.reduce((m, t) => Math.max(m, t.dur), 0),
      tbt: tasks.reduce((n, t) => n + Math.max(0, t.dur - 50), 0),
    };
  });
  const countText = async () => (await page.getByTestId("invitation-count").textContent()) ?? "";
  const before = await countText();
  const rows = Number(before.replace(/[^\d]/g, ""));
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.click();
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { keys: unknown[]; events: unknown[] } }).__bench;
    b.keys = [];
    b.events = [];
  });
  // Type the query and erase it, three times over: ~40 keystrokes, so p95 is not just the maximum.
  let settle = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const ch of query) {
      await page.keyboard.press(ch);
      await sleep(120); // a fast typist
    }
    await sleep(1_000);
    const settled = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { keys: { start: number }[]; counts: { at: number }[] } }).__bench;
      const lastKey = b.keys.at(-1)?.start ?? 0;
      const changes = b.counts.filter((c) => c.at >= lastKey);
      return changes.length ? changes.at(-1)!.at - lastKey : 0;
    });
    settle = Math.max(settle, settled);
    for (let i = 0; i < query.length; i++) {
      await page.keyboard.press("Backspace");
      await sleep(120);
    }
    await sleep(500);
  }
  const timings = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { keys: { ms: number }[]; events: { name: string; dur: number }[] } })
      .__bench;
    return {
      keys: b.keys.map((k) => k.ms),
      eventMax: b.events.filter((e) => /key|input|beforeinput/.test(e.name)).reduce((m, e) => Math.max(m, e.dur), 0),
    };
  });
  const filterSettleMs = settle;
  const sorted = [...timings.keys].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    rows,
    ttiMs: load.tti,
    longestTaskMs: load.longest,
    totalBlockingMs: load.tbt,
    keystrokes: sorted.length,
    keyP50Ms: pct(0.5),
    keyP95Ms: pct(0.95),
    keyMaxMs: sorted.at(-1) ?? 0,
    eventTimingMaxMs: timings.eventMax,
    filterSettleMs: Math.max(0, filterSettleMs),
  };
}

export { INSTRUMENT };
