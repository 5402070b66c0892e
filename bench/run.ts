// `npm run bench`: ours against GAM's serial way, side by side, in one run,
// against the in-process emulator (150 ms per request, 5 ms per batch part by default).
// Prints a table and writes bench/results.json. Takes ~9–11 minutes on 2 cores, most of it
// the serial baselines and two one-minute waits for a cache or a quota window to expire; (c)
// paces for ~2 minutes in a child process beside them.
//
// Settings (environment): BENCH_COURSES (1000), BENCH_BULK (500), BENCH_LATENCY_MS (150),
// BENCH_PER_PART_LATENCY_MS (5), BENCH_QUOTA_COURSES (250), BENCH_QUOTA_PER_MIN (120),
// BENCH_SKIP_BUILD=1 (reuse .next-bench), BENCH_ONLY=a,b,bpage,c,page,bundle,paste (a subset).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import type { Page } from "@playwright/test";

import { startBenchEmulator } from "./emulator";
import type { App } from "./page";

const COURSES = Number(process.env.BENCH_COURSES ?? 1000);
const BULK = Number(process.env.BENCH_BULK ?? 500);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 150);
const PER_PART = Number(process.env.BENCH_PER_PART_LATENCY_MS ?? 5);
const QUOTA_COURSES = Number(process.env.BENCH_QUOTA_COURSES ?? 250);
const QUOTA_PER_MIN = Number(process.env.BENCH_QUOTA_PER_MIN ?? 120);
const EMU_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4300);
const ONLY = new Set((process.env.BENCH_ONLY ?? "a,b,bpage,c,page,bundle,paste").split(",").map((s) => s.trim()));
const ADMIN = "admin@northwood.edu";

const emuUrl = `http://127.0.0.1:${EMU_PORT}`;
// lib/env reads these on first use: our library talks to the bench emulator.
process.env.DEMO_MODE = "1";
process.env.EMULATOR_URL = emuUrl;
process.env.CLASSROOM_ROOT_URL = `${emuUrl}/`;

const config = { latencyMs: LATENCY, perPartLatencyMs: PER_PART };
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  settings: {
    courses: COURSES,
    bulk: BULK,
    latencyMs: LATENCY,
    perPartLatencyMs: PER_PART,
    quotaCourses: QUOTA_COURSES,
    quotaPerUserPerMinute: QUOTA_PER_MIN,
  },
  machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
};
const log = (...args: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const s = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function startQuotaChild(): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "bench/quota.ts"], {
      env: {
        ...process.env,
        BENCH_QUOTA_PORT: String(EMU_PORT + 1),
        BENCH_QUOTA_COURSES: String(QUOTA_COURSES),
        CLASSROOM_QUOTA_PER_USER_PER_MINUTE: String(QUOTA_PER_MIN),
        EMULATOR_URL: `http://127.0.0.1:${EMU_PORT + 1}`,
        CLASSROOM_ROOT_URL: `http://127.0.0.1:${EMU_PORT + 1}/`,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`quota bench exited ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!));
    });
  });
}

async function main() {
  const t0 = performance.now();
  const emu = await startBenchEmulator(EMU_PORT, COURSES, config);
  log(`emulator ${emu.url}: ${COURSES} courses, ${LATENCY} ms/request, ${PER_PART} ms/part`);

  const quota = ONLY.has("c") ? startQuotaChild() : undefined;
  if (quota) log(`(c) started: ${QUOTA_COURSES} courses at ${QUOTA_PER_MIN}/min per user, in a child process`);

  const page = await import("./page");
  if (ONLY.has("page") || ONLY.has("bundle") || ONLY.has("bpage") || ONLY.has("paste")) {
    if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(`${page.DIST_DIR}/BUILD_ID`))
      log("build: reusing .next-bench");
    else {
      log("build: next build → .next-bench");
      const b = await page.buildApp();
      results.build = b;
      log(
        `build: ${s(b.wallMs)}${b.typecheckSkipped ? ` (type check failed elsewhere in the repo, built without it: ${b.typecheckSkipped})` : ""}`,
      );
    }
  }
  if (ONLY.has("bundle")) {
    const { firstLoadJs, frameworkJs } = await import("./bundle");
    // kB = 1,000 bytes, as `next build` printed first-load JS (it used pretty-bytes).
    const kb = (bytes: number) => +(bytes / 1000).toFixed(1);
    results.e = firstLoadJs(page.DIST_DIR).map((r) => ({ ...r, gzipKb: kb(r.gzipBytes) }));
    const framework = frameworkJs(page.DIST_DIR);
    results.eFramework = { ...framework, gzipKb: kb(framework.gzipBytes) };
    log("(e) floor: next build of a blank app on the same stack → .next-floor");
    const floor = await (await import("./floor")).buildFloor();
    results.eFloor = {
      static: { ...floor.static, gzipKb: kb(floor.static.gzipBytes) },
      stack: { ...floor.stack, gzipKb: kb(floor.stack.gzipBytes) },
    };
    for (const r of results.e as { gzipBytes: number; overStackKb?: number; overStaticKb?: number }[]) {
      r.overStackKb = kb(r.gzipBytes - floor.stack.gzipBytes);
      r.overStaticKb = kb(r.gzipBytes - floor.static.gzipBytes);
    }
  }

  const lib = await import("./library");
  const { setScheduler } = await import("../lib/google/scheduler-instance");
  const token = await emu.tokenFor(ADMIN);
  // A fresh quota window for each measured run: the emulator's (reset) and our scheduler's.
  const fresh = async () => {
    await emu.reset(COURSES, config);
    setScheduler(undefined);
  };

  let serialListMs = 0;
  if (ONLY.has("a")) {
    const ours = [];
    for (let i = 0; i < 3; i++) {
      await fresh();
      ours.push(await lib.oursPendingList(emu, token));
    }
    const best = ours.map((o) => o.m.wallMs);
    log(
      `(a) ours: ${ours.map((o) => s(o.m.wallMs)).join(", ")}; ${ours[0]!.m.roundTrips} round trips; ${ours[0]!.result.pending} pending`,
    );
    await fresh();
    const serial = await lib.serialPendingList(emu, token);
    serialListMs = serial.m.wallMs;
    log(`(a) serial: ${s(serial.m.wallMs)}; ${serial.m.roundTrips} round trips; ${serial.result.pending} pending`);
    results.a = {
      ours: { ...ours[0]!.m, ...ours[0]!.result, wallMsRuns: best, wallMs: median(best) },
      serial: { ...serial.m, ...serial.result },
      speedup: serial.m.wallMs / median(best),
      samePending: ours.every((o) => o.result.pending === serial.result.pending),
    };
  }

  if (ONLY.has("b")) {
    await fresh();
    const rows = lib.freshPairs(await emu.state(), BULK);
    const create = await lib.oursBulkCreate(emu, token, rows);
    const landed = await lib.checkLanded(emu, rows);
    const revoke = await lib.oursBulkRevoke(emu, token, landed.ids);
    const left = await lib.checkLanded(emu, rows);
    log(
      `(b) ours: create ${s(create.m.wallMs)} (${create.m.roundTrips} rt, ${landed.duplicates} dup, ${landed.missing} missing), revoke ${s(revoke.m.wallMs)} (${revoke.m.roundTrips} rt, ${left.created} left)`,
    );

    // The same create with lost answers: one batch's connection dropped after its parts ran,
    // and 25 parts answered 503 without running. Reconciled by listing; nothing re-posted blindly.
    await fresh();
    await emu.control("POST", "/emulator/v1/faults", {
      rules: [
        { method: "POST", path: "^/v1/invitations$", status: 503, times: 25 },
        { method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 },
      ],
    });
    const faulty = await lib.oursBulkCreate(emu, token, rows);
    const faultyLanded = await lib.checkLanded(emu, rows);
    log(
      `(b) ours with faults: ${s(faulty.m.wallMs)}, ${faulty.result.reconciled} reconciled, ${faultyLanded.duplicates} dup, ${faultyLanded.missing} missing`,
    );

    await fresh();
    const sCreate = await lib.serialBulkCreate(emu, token, rows);
    const sLanded = await lib.checkLanded(emu, rows);
    const sRevoke = await lib.serialBulkRevoke(emu, token, sLanded.ids);
    const sLeft = await lib.checkLanded(emu, rows);
    log(`(b) serial: create ${s(sCreate.m.wallMs)}, revoke ${s(sRevoke.m.wallMs)}`);
    results.b = {
      create: {
        ours: { ...create.m, ...create.result, duplicates: landed.duplicates, missing: landed.missing },
        serial: { ...sCreate.m, ...sCreate.result, duplicates: sLanded.duplicates, missing: sLanded.missing },
        speedup: sCreate.m.wallMs / create.m.wallMs,
      },
      revoke: {
        ours: { ...revoke.m, ...revoke.result, left: left.created },
        serial: { ...sRevoke.m, ...sRevoke.result, left: sLeft.created },
        speedup: sRevoke.m.wallMs / revoke.m.wallMs,
      },
      createWithFaults: {
        ours: { ...faulty.m, ...faulty.result, duplicates: faultyLanded.duplicates, missing: faultyLanded.missing },
      },
    };
  }

  if (ONLY.has("bpage")) {
    await fresh();
    const bulk = await import("./bulk-page");
    const plan = bulk.planBulk(await emu.state(), BULK);
    // The class's own pending invitations go first (untimed), so its list holds exactly the run's.
    if (plan.existingIds.length) await lib.serialBulkRevoke(emu, token, plan.existingIds);
    const app = await page.startApp(emu.url);
    try {
      const browser = await page.launchBrowser();
      try {
        const tab = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
        await page.signIn(tab, plan.teacherEmail);
        const inClass = async () => {
          const s = await emu.state();
          const ids = new Set(s.users.filter((u) => plan.emails.includes(u.email)).map((u) => u.id));
          const found = s.invitations.filter((i) => i.courseId === plan.courseId && ids.has(i.userId));
          return { invitations: found.length, people: new Set(found.map((i) => i.userId)).size };
        };
        const create = await bulk.bulkCreateInPage(tab, emu, plan);
        const created = await inClass();
        log(
          `(b) page: create, first feedback ${s(create.firstFeedbackMs)}, ${s(create.finalMs)} to "${create.finalText}" (${create.progressSteps} progress lines), ${create.roundTrips} rt, longest task ${create.longestTaskMs.toFixed(0)} ms; ${created.invitations} in Classroom (${created.invitations - created.people} duplicates)`,
        );
        // A fresh quota window for the revoke, as every library run gets one (untimed): waited once
        // the list has loaded, since its names come out of the same per-user budget.
        const revoke = await bulk.bulkRevokeInPage(tab, emu, plan, 61_000);
        const left = await inClass();
        log(
          `(b) page: revoke, first feedback ${s(revoke.firstFeedbackMs)}, ${s(revoke.finalMs)} to "${revoke.finalText}" (${revoke.progressSteps} progress lines), ${revoke.roundTrips} rt, longest task ${revoke.longestTaskMs.toFixed(0)} ms; ${left.invitations} left`,
        );
        results.bPage = {
          teacher: plan.teacherEmail,
          create: { ...create, created: created.invitations, duplicates: created.invitations - created.people },
          revoke: { ...revoke, left: left.invitations },
        };
      } finally {
        await browser.close();
      }
    } catch (e) {
      log(`(b) page bench failed: ${e instanceof Error ? e.message : String(e)}\n${app.log().slice(-3000)}`);
      results.bPageError = e instanceof Error ? e.message : String(e);
    } finally {
      await app.stop();
    }
  }

  /** A fresh emulator window, the app, and a signed-in admin's instrumented Chromium tab for `run`. */
  const inChromium = async (part: string, run: (tab: Page, app: App) => Promise<void>) => {
    await fresh();
    const app = await page.startApp(emu.url);
    try {
      const browser = await page.launchBrowser();
      try {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        await context.addInitScript(page.INSTRUMENT);
        const tab = await context.newPage();
        await page.signIn(tab, ADMIN);
        await run(tab, app);
        await context.close();
      } finally {
        await browser.close();
      }
    } catch (e) {
      log(
        `${part} bench failed: ${e instanceof Error ? e.message : String(e)}\n--- app log (tail) ---\n${app.log().slice(-3000)}`,
      );
      results[`${part}Error`] = e instanceof Error ? e.message : String(e);
    } finally {
      await app.stop();
    }
  };

  if (ONLY.has("page")) {
    await inChromium("page", async (tab, app) => {
      // Sign-in warmed the server's code paths the way any visit would; now idle.
      await new Promise((r) => setTimeout(r, 2_000));
      const idle = page.readStatus(app.serverPid());
      log(`app server pid ${app.serverPid()}: idle RSS ${(idle.rssKb / 1024).toFixed(0)} MB`);
      // Sign-in landed on /home, whose pending summary listed every class and filled the server's
      // per-user list cache: the first visit is measured once that has expired, as a cold one.
      // The wait also gives the admin fresh quota windows, the app's and the emulator's.
      const { INVITATION_CACHE_TTL_MS } = await import("../lib/classroom/invitation-cache");
      await new Promise((r) => setTimeout(r, INVITATION_CACHE_TTL_MS + 1_000));
      await emu.control("POST", "/emulator/v1/reset", { profile: "large", courses: COURSES });
      await emu.control("PUT", "/emulator/v1/config", config);
      const cold = await page.visitInvitations(tab, emu, app);
      log(
        `(a) page, first visit: ${s(cold.toFinalCountMs)} to "${cold.finalText}", ${cold.roundTripsToCount} round trips (${cold.roundTripsTotal} incl. names so far)`,
      );
      const ui = await page.measureInteractivity(tab);
      log(
        `(f) ${ui.rows} rows: TTI ${s(ui.ttiMs)}, keystroke p50 ${ui.keyP50Ms.toFixed(0)} ms, max ${ui.keyMaxMs.toFixed(0)} ms`,
      );
      const warm = await page.visitInvitations(tab, emu, app);
      log(`(a) page, repeat visit: ${s(warm.toFinalCountMs)}, ${warm.roundTripsToCount} round trips`);
      results.page = {
        firstVisit: cold,
        repeatVisit: warm,
        speedupVsSerial: serialListMs ? serialListMs / cold.toFinalCountMs : null,
      };
      results.d = {
        idleRssKb: idle.rssKb,
        peakRssKb: Math.max(cold.peakRssKb, warm.peakRssKb),
        vmHwmKb: warm.vmHwmKb,
      };
      results.f = ui;
    });
  }

  if (ONLY.has("paste")) {
    await inChromium("paste", async (tab) => {
      const { measurePaste } = await import("./paste");
      // The 7 MB paste of the report, and the longest list a preview can still take (kept in the box).
      const runs = [await measurePaste(tab, 7), await measurePaste(tab, 0.9)];
      for (const p of runs)
        log(
          `(g) ${(p.chars / 1024 / 1024).toFixed(1)} MB paste (${p.rows} rows${p.setAside ? ", set aside" : ""}): read in ${s(p.pasteToReadMs)}; typing p50 ${p.keyP50Ms.toFixed(0)} ms, max ${p.keyMaxMs.toFixed(0)} ms per key (Event Timing max ${p.eventTimingMaxMs.toFixed(0)} ms, longest task ${p.longestTaskMs.toFixed(0)} ms)`,
        );
      results.paste = runs;
    });
  }

  if (quota) {
    log("(c) waiting for the quota run");
    results.c = await quota;
  }
  await emu.close();
  results.totalMs = performance.now() - t0;
  const merged = mergeWithPrevious(results);
  writeFileSync("bench/results.json", `${JSON.stringify(merged, null, 2)}\n`);
  process.stdout.write(`${table(merged)}\n`);
  log(`done in ${s(results.totalMs as number)}; wrote bench/results.json`);
}

/**
 * A run of some parts (BENCH_ONLY) keeps the other parts of the last results.json, so the table
 * stays whole; `fresh` lists the parts this run measured and `partsAt` when each part was last measured.
 */
function mergeWithPrevious(results: Record<string, unknown>): Record<string, unknown> {
  const measured = Object.keys(results).filter((k) => PARTS.includes(k));
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync("bench/results.json", "utf8")) as Record<string, unknown>;
  } catch {
    // first run
  }
  const partsAt = { ...(previous.partsAt as Record<string, string> | undefined) };
  for (const part of PARTS) if (previous[part] !== undefined) partsAt[part] ??= String(previous.at);
  for (const part of measured) partsAt[part] = String(results.at);
  // Keys of other benchmarks (e.g. `jobs`, written by bench:jobs) are kept as they are; a
  // failure (`bPageError`, …) belongs to the run that had it.
  const kept = Object.fromEntries(Object.entries(previous).filter(([k]) => !k.endsWith("Error")));
  return { ...kept, ...results, fresh: measured, partsAt };
}

/** The result keys each part writes. */
const PARTS = ["a", "page", "b", "bPage", "c", "d", "e", "eFramework", "eFloor", "f", "paste"];

/** The summary table (also what the README's Performance section shows). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results.json is free-form
export function table(r: Record<string, any>): string {
  const rows: string[][] = [["", "ours", "serial (GAM's way)", "ratio", "target"]];
  const rt = (n: number) => `${n} round trips`;
  if (r.a) {
    rows.push([
      `(a) pending list, ${r.settings.courses} courses — library`,
      `${s(r.a.ours.wallMs)}, ${rt(r.a.ours.roundTrips)}`,
      `${s(r.a.serial.wallMs)}, ${rt(r.a.serial.roundTrips)}`,
      `${r.a.speedup.toFixed(0)}×`,
      "",
    ]);
  }
  if (r.page) {
    const v = r.page.firstVisit;
    rows.push([
      `(a) the real page in Chromium, navigation → final count (${v.finalText})`,
      `${s(v.toFinalCountMs)}, ${rt(v.roundTripsToCount)}`,
      r.a ? s(r.a.serial.wallMs) : "—",
      r.page.speedupVsSerial ? `${r.page.speedupVsSerial.toFixed(0)}×` : "—",
      "≥ 30×, ≤ 30 round trips",
    ]);
    rows.push([
      `(a) the page, repeat visit`,
      `${s(r.page.repeatVisit.toFinalCountMs)}, ${rt(r.page.repeatVisit.roundTripsToCount)}`,
      "",
      "",
      "",
    ]);
  }
  if (r.bPageError) rows.push(["(b) bulk create and revoke in Chromium", `failed: ${r.bPageError}`, "", "", ""]);
  else if (r.bPage) {
    const c = r.bPage.create;
    const v = r.bPage.revoke;
    const serial = r.b;
    // Results of the old page (before bulk writes were jobs) had only the wall time.
    const final = (w: { finalMs?: number; wallMs: number }) => w.finalMs ?? w.wallMs;
    const seen = (w: { firstFeedbackMs?: number; longestTaskMs?: number }) =>
      w.firstFeedbackMs === undefined
        ? ""
        : `; job shown after ${s(w.firstFeedbackMs)}; longest main-thread task ${w.longestTaskMs!.toFixed(0)} ms`;
    rows.push([
      `(b) bulk create ${r.settings.bulk} in Chromium, a job: "Send" → "${c.finalText}"`,
      `${s(final(c))}, ${rt(c.roundTrips)}, ${c.duplicates} duplicates, ${c.http429} × 429${seen(c)}`,
      serial ? s(serial.create.serial.wallMs) : "",
      serial ? `${(serial.create.serial.wallMs / final(c)).toFixed(0)}×` : "",
      "≥ 20×, 0 duplicates",
    ]);
    rows.push([
      `(b) bulk revoke ${r.settings.bulk} in Chromium, a job: confirm → "${v.finalText}"`,
      `${s(final(v))}, ${rt(v.roundTrips)}, ${v.left} left, ${v.http429} × 429${seen(v)}`,
      serial ? s(serial.revoke.serial.wallMs) : "",
      serial ? `${(serial.revoke.serial.wallMs / final(v)).toFixed(0)}×` : "",
      "≥ 20×",
    ]);
  }
  if (r.b) {
    const c = r.b.create;
    const v = r.b.revoke;
    rows.push([
      `(b) bulk create ${r.settings.bulk}`,
      `${s(c.ours.wallMs)}, ${rt(c.ours.roundTrips)}, ${c.ours.duplicates} duplicates`,
      `${s(c.serial.wallMs)}, ${rt(c.serial.roundTrips)}, ${c.serial.duplicates} duplicates`,
      `${c.speedup.toFixed(0)}×`,
      "≥ 20×, 0 duplicates",
    ]);
    rows.push([
      `(b) bulk revoke ${r.settings.bulk}`,
      `${s(v.ours.wallMs)}, ${rt(v.ours.roundTrips)}, ${v.ours.left} left`,
      `${s(v.serial.wallMs)}, ${rt(v.serial.roundTrips)}, ${v.serial.left} left`,
      `${v.speedup.toFixed(0)}×`,
      "≥ 20×",
    ]);
    const f = r.b.createWithFaults.ours;
    rows.push([
      `(b) bulk create ${r.settings.bulk}, 25 parts 503 + 1 batch dropped after commit`,
      `${s(f.wallMs)}, ${rt(f.roundTrips)}, ${f.reconciled} reconciled, ${f.duplicates} duplicates, ${f.missing} missing`,
      "",
      "",
      "0 duplicates",
    ]);
  }
  if (r.c) {
    rows.push([
      `(c) pending list, ${r.c.courses} courses, quota ${r.c.perUserPerMinute}/min per user`,
      `${s(r.c.wallMs)}, ${r.c.apiCalls} calls, ${r.c.http429} × 429; bound ${s(r.c.quotaBoundMs)} → ${r.c.ratioToBound.toFixed(2)}× the bound`,
      "",
      "",
      "0 × 429, ≤ 1.15× bound",
    ]);
  }
  if (r.d) {
    rows.push([
      "(d) app server RSS",
      `idle ${(r.d.idleRssKb / 1024).toFixed(0)} MB, peak while serving (a) ${(r.d.peakRssKb / 1024).toFixed(0)} MB (VmHWM ${(r.d.vmHwmKb / 1024).toFixed(0)} MB)`,
      "",
      "",
      "",
    ]);
  }
  if (r.e) {
    const inv = r.e.find((x: { route: string }) => x.route === "/invitations");
    const plus = (n: number) => `${n >= 0 ? "+" : ""}${n}`;
    if (r.eFloor) {
      const { stack, static: bare } = r.eFloor;
      rows.push([
        "(e) first-load JS above a blank app on the same stack, gzipped (kB)",
        inv ? `/invitations ${plus(inv.overStackKb)} kB (${inv.gzipKb} kB − floor ${stack.gzipKb} kB)` : "—",
        "",
        "",
        "≤ +20 kB",
      ]);
      rows.push([
        "(e) every route, above that floor (above a static blank page) (kB)",
        r.e
          .map(
            (x: { route: string; overStackKb: number; overStaticKb: number }) =>
              `${x.route} ${plus(x.overStackKb)} (${plus(x.overStaticKb)})`,
          )
          .join(", "),
        "",
        "",
        "",
      ]);
      rows.push([
        "(e) the floors: blank page with TanStack Query + next/link; static blank page (kB)",
        `${stack.gzipKb} kB; ${bare.gzipKb} kB`,
        "",
        "",
        "",
      ]);
    } else {
      const others = r.e.map((x: { route: string; gzipKb: number }) => `${x.route} ${x.gzipKb}`).join(", ");
      rows.push(["(e) first-load JS, gzipped (kB)", inv ? `/invitations ${inv.gzipKb} kB` : "—", "", "", ""]);
      rows.push(["(e) every route (kB)", others, "", "", ""]);
    }
  }
  if (r.f) {
    rows.push([
      `(f) /invitations with ${r.f.rows} rows`,
      `TTI ${s(r.f.ttiMs)}; keystroke p50 ${r.f.keyP50Ms.toFixed(0)} ms, p95 ${r.f.keyP95Ms.toFixed(0)} ms, max ${r.f.keyMaxMs.toFixed(0)} ms (Event Timing max ${r.f.eventTimingMaxMs.toFixed(0)} ms); filter settles in ${r.f.filterSettleMs.toFixed(0)} ms`,
      "",
      "",
      "< 50 ms per keystroke",
    ]);
  }
  if (Array.isArray(r.paste)) {
    for (const p of r.paste)
      rows.push([
        `(g) bulk page, ${(p.chars / 1024 / 1024).toFixed(1)} MB paste (${p.rows} rows)${p.setAside ? ", set aside" : ""}, then a line typed`,
        `read in ${s(p.pasteToReadMs)}; keystroke p50 ${p.keyP50Ms.toFixed(0)} ms, max ${p.keyMaxMs.toFixed(0)} ms (Event Timing max ${p.eventTimingMaxMs.toFixed(0)} ms)`,
        "",
        "",
        "< 50 ms per keystroke",
      ]);
  }
  return rows
    .map((cells, i) => `| ${cells.join(" | ")} |${i === 0 ? `\n|${cells.map(() => "---").join("|")}|` : ""}`)
    .join("\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
