// One refresh grant per user across app instances: three processes on one Postgres, ten
// concurrent requests each, against the emulator's real token endpoint, which counts grants.
import { spawn } from "node:child_process";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmulator } from "@/emulator/src/server";
import { emulatorControl, type EmulatorState } from "@/lib/test/emulator-control";
import { freshPostgres } from "@/lib/test/fresh-postgres";

const INSTANCES = 3;
const PER_INSTANCE = 10;
const SECRET = "instances-secret-instances-secret-012345";

const pg = await freshPostgres("token_instances");
const emu = await startEmulator({ port: 0 });
const control = emulatorControl(`${emu.url}/emulator/v1`);

const instanceEnv = () => ({
  ...process.env,
  NODE_ENV: "development" as const,
  DATABASE_URL: pg!.url,
  AUTH_SECRET: SECRET,
  EMULATOR_URL: emu.url,
  CLASSROOM_ROOT_URL: `${emu.url}/`,
});

let seed: typeof import("@/lib/test/emulator-oauth").seedGoogleAccount;
let closeDb: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  if (!pg) return;
  Object.assign(process.env, instanceEnv());
  const { db } = await import("@/lib/db");
  await db();
  closeDb = async () => (await db()).close();
  seed = (await import("@/lib/test/emulator-oauth")).seedGoogleAccount;
}, 60_000);

afterAll(async () => {
  await closeDb();
  await emu.close();
  await pg?.drop();
});

const refreshGrants = async (email: string) =>
  (await control<{ grant_type: string; email: string }[]>("GET", "/grants")).filter(
    (g) => g.grant_type === "refresh_token" && g.email === email,
  ).length;

/** Starts the instances, lets them all go at once, and returns every request's outcome. */
async function burst(args: string[]): Promise<{ token?: string; error?: string }[]> {
  const children = Array.from({ length: INSTANCES }, () =>
    spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "lib/test/token-instance.ts", ...args], {
      env: instanceEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    }),
  );
  const outputs = children.map((child) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (out.includes("ready\n") ? resolve() : undefined);
      child.stdout.on("data", check);
      child.once("exit", (code) => reject(new Error(`instance exited (${code}): ${err.slice(-2_000)}`)));
    });
    const done = new Promise<string>((resolve) => child.once("exit", () => resolve(out)));
    return { child, ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const o of outputs) o.child.stdin.write("go\n");
  const texts = await Promise.all(outputs.map((o) => o.done));
  return texts.flatMap((t) => JSON.parse(t.trim().split("\n").at(-1)!) as { token?: string; error?: string }[]);
}

async function courseOf(email: string): Promise<string> {
  const s = await control<EmulatorState>("GET", "/state");
  const owner = s.users.find((u) => u.email === email)!;
  return s.courses.find((c) => c.ownerId === owner.id)!.id;
}

describe.skipIf(!pg)("token refresh across three instances on one Postgres", { timeout: 90_000 }, () => {
  it("an expiring token: 30 concurrent requests over 3 instances make one refresh grant", async () => {
    const email = "teacher@northwood.edu";
    const { userId, tokens } = await seed(emu.url, email, 5);
    const results = await burst(["token", userId, String(PER_INSTANCE)]);
    expect(results).toHaveLength(INSTANCES * PER_INSTANCE);
    expect(results.filter((r) => r.error)).toEqual([]);
    const got = new Set(results.map((r) => r.token));
    expect(got.size).toBe(1);
    expect(got.has(tokens.access_token)).toBe(false);
    expect(await refreshGrants(email)).toBe(1);
  });

  it("a token Google stopped taking early: 30 concurrent 401s over 3 instances make one refresh grant", async () => {
    const email = "admin@northwood.edu";
    // Issued for 2 s at Google while the database believes the hour: it "looks valid".
    await control("PATCH", "/config", { tokenLifetimeSeconds: 2 });
    const { userId, tokens } = await seed(emu.url, email, 3600);
    await control("PATCH", "/config", { tokenLifetimeSeconds: 3600 });
    await new Promise((r) => setTimeout(r, 2_500));
    const courseId = await courseOf("teacher@northwood.edu");
    await control("DELETE", "/requests");

    const results = await burst(["course", userId, String(PER_INSTANCE), courseId]);
    expect(results.filter((r) => r.error)).toEqual([]);
    const got = new Set(results.map((r) => r.token));
    expect(got.size).toBe(1);
    expect(got.has(tokens.access_token)).toBe(false);
    expect(await refreshGrants(email)).toBe(1);
    // Every request was refused once with the old token, then answered with the new one.
    const calls = (await control<{ path: string; status: number }[]>("GET", "/requests")).filter((r) =>
      r.path.startsWith(`/v1/courses/${courseId}`),
    );
    expect(calls.filter((c) => c.status === 200)).toHaveLength(INSTANCES * PER_INSTANCE);
  });
});
