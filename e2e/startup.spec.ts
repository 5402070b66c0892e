import { spawn } from "node:child_process";

import { expect, test } from "./test";

/**
 * A production start with no Google credentials must refuse, never fall back
 * to the emulator silently. Uses the build that the web server made.
 */
test("production start without Google credentials refuses with a clear message", async () => {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
  };
  const child = spawn("npx", ["next", "start", "-p", "3199"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 30_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(output).toContain("Refusing to start");
  expect(output).toContain("DEMO_MODE=1");
  expect(code).toBe(1);
});
