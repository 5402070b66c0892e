import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside a React server bundle; tests import server modules directly.
      "server-only": `${root}lib/test/server-only-stub.ts`,
    },
  },
  test: {
    // Most of this suite's time is spent waiting (emulators' latency, quota windows, retry backoffs,
    // child processes), not computing. Vitest's default, one worker per core less one, ran the
    // files one at a time on CI's 2-core runner. Four at a time was faster still on an idle machine
    // but starved the tests that hold a real-time bound (shared quota leases, the cache bus) on a
    // busy one, so: one worker per core, at least two.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "lib/db/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["lib/db/**/*.test.ts"],
          environment: "node",
          // Opening PGlite compiles its WASM build: about 1 s idle, but over 5 s on a busy 2-core runner.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "conformance",
          include: ["emulator/test/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
          hookTimeout: 20_000,
          // Each file starts its own in-process emulator; on a 2-core runner
          // parallel files only fight over timers in the latency/quota tests.
          fileParallelism: false,
        },
      },
    ],
  },
});
