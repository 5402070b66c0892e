import { execFileSync } from "node:child_process";
import net from "node:net";

import { expect, test } from "./test";

// The suite must never run against, or reset the data of, a server it did not start: a
// developer's `npm run dev` or another run's servers sitting on the default ports.

/** What e2e/env.ts decides in a fresh process with this environment. */
function decide(env: Record<string, string | undefined>) {
  const clean = { ...process.env };
  for (const k of ["E2E_APP_URL", "E2E_EMULATOR_URL", "E2E_PORTS_PICKED", "CI"]) delete clean[k];
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      'const { E2E } = await import("./e2e/env.ts"); process.stdout.write(JSON.stringify(E2E));',
    ],
    { env: { ...clean, ...env }, encoding: "utf8" },
  );
  return JSON.parse(out) as { appUrl: string; emulatorUrl: string; reuseServers: boolean };
}

/** Holds a port (if it is free) for the duration of fn, as a developer's server would. */
async function holding<T>(ports: number[], fn: () => T): Promise<T> {
  const servers: net.Server[] = [];
  for (const port of ports) {
    const s = net.createServer();
    const held = await new Promise<boolean>((ok) => {
      s.once("error", () => ok(false));
      s.listen(port, "127.0.0.1", () => ok(true));
    });
    if (held) servers.push(s);
  }
  try {
    return fn();
  } finally {
    for (const s of servers) s.close();
  }
}

test("with the default ports taken, the suite picks free ones and reuses nothing", async () => {
  const e = await holding([3100, 4110], () => decide({}));
  const app = Number(new URL(e.appUrl).port);
  const emu = Number(new URL(e.emulatorUrl).port);
  expect(app).not.toBe(3100);
  expect(emu).not.toBe(4110);
  expect(app).not.toBe(emu);
  expect(e.reuseServers).toBe(false);
});

test("addresses named in E2E_APP_URL / E2E_EMULATOR_URL are used as given", () => {
  const e = decide({ E2E_APP_URL: "http://localhost:3999", E2E_EMULATOR_URL: "http://127.0.0.1:4999" });
  expect(e).toEqual({ appUrl: "http://localhost:3999", emulatorUrl: "http://127.0.0.1:4999", reuseServers: true });
  // CI never reuses a server, even at a named address.
  expect(
    decide({ E2E_APP_URL: "http://localhost:3999", E2E_EMULATOR_URL: "http://127.0.0.1:4999", CI: "1" }),
  ).toMatchObject({ reuseServers: false });
});
