/**
 * `npx tsx emulator/main.ts` — runs the Classroom + Google sign-in emulator.
 * EMULATOR_PORT (default 4010), EMULATOR_HOST (default 127.0.0.1),
 * EMULATOR_SEED=demo | hostile | large:N, EMULATOR_PUBLIC_URL (issuer override).
 */
import { startEmulator } from "./src/server";
import type { SeedSpec } from "./src/emulator";

function parseSeed(raw: string | undefined): SeedSpec {
  if (!raw || raw === "demo") return "demo";
  if (raw === "hostile") return "hostile";
  const m = /^large:(\d+)$/.exec(raw);
  if (!m) {
    console.error(`EMULATOR_SEED must be "demo", "hostile" or "large:N", got "${raw}"`);
    process.exit(2);
  }
  return { profile: "large", courses: Number(m[1]) };
}

const port = Number(process.env.EMULATOR_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  process.exit(2);
}

const emulator = await startEmulator({
  port,
  host: process.env.EMULATOR_HOST || "127.0.0.1",
  seed: parseSeed(process.env.EMULATOR_SEED),
  publicUrl: process.env.EMULATOR_PUBLIC_URL || undefined,
}).catch((e: unknown) => {
  console.error(`Classroom emulator failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

console.log(`Classroom emulator listening on ${emulator.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
