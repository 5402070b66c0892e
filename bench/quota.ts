// (c): the domain-wide list of (a) under a scaled-down quota. Runs in its own process (the
// bench starts it with its own emulator port and CLASSROOM_QUOTA_* settings) so that it can
// pace for minutes beside the serial baselines without sharing their quota or scheduler.
// Prints one JSON line.
import { startBenchEmulator } from "./emulator";

const port = Number(process.env.BENCH_QUOTA_PORT ?? 4301);
const courses = Number(process.env.BENCH_QUOTA_COURSES ?? 250);
const perUser = Number(process.env.CLASSROOM_QUOTA_PER_USER_PER_MINUTE ?? 120);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);
const perPartLatencyMs = Number(process.env.BENCH_PER_PART_LATENCY_MS ?? 5);

async function main() {
  const emu = await startBenchEmulator(port, courses, {
    latencyMs,
    perPartLatencyMs,
    quotas: { perUserPerMinute: perUser },
  });
  process.env.CLASSROOM_ROOT_URL = `${emu.url}/`;
  const { oursPendingList } = await import("./library");
  const { getScheduler } = await import("../lib/google/scheduler-instance");
  const token = await emu.tokenFor("admin@northwood.edu");
  const { result, m } = await oursPendingList(emu, token);
  const boundMs = (m.apiCalls / perUser) * 60_000;
  const out = {
    perUserPerMinute: perUser,
    headroom: getScheduler().config.headroom,
    ...result,
    ...m,
    quotaBoundMs: boundMs,
    ratioToBound: m.wallMs / boundMs,
  };
  await emu.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
