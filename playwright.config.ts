import fs from "node:fs";

import { chromium, defineConfig, devices } from "@playwright/test";

import { appServerEnv, E2E } from "./e2e/env";

/**
 * Prefer Playwright's own Chromium where it is installed (a laptop after
 * `npx playwright install chromium`), else Debian's /usr/bin/chromium (this
 * machine and CI, which cannot download browsers). `channel: "chromium"` runs
 * the full build in new-headless mode; the separate headless-shell download is
 * not needed.
 */
function pickBrowser(): { channel?: string; executablePath?: string } {
  if (process.env.PW_CHROMIUM_PATH) return { executablePath: process.env.PW_CHROMIUM_PATH };
  if (fs.existsSync(chromium.executablePath())) return { channel: "chromium" };
  if (fs.existsSync("/usr/bin/chromium")) return { executablePath: "/usr/bin/chromium" };
  return {};
}
const browser = pickBrowser();

// e2e can never touch real Google.
for (const u of [E2E.emulatorUrl, E2E.appUrl]) {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname)) {
    throw new Error(`e2e refuses to run against a non-loopback address: ${u}`);
  }
}

const appEnv = appServerEnv(E2E.appUrl);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    ...devices["Desktop Chrome"],
    ...(browser.channel ? { channel: browser.channel } : {}),
    launchOptions: {
      executablePath: browser.executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    baseURL: E2E.appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], testIgnore: /.*\.setup\.ts/ },
  ],
  webServer: [
    {
      command: "npx tsx emulator/main.ts",
      url: `${E2E.emulatorUrl}/.well-known/openid-configuration`,
      env: { EMULATOR_PORT: String(new URL(E2E.emulatorUrl).port) },
      reuseExistingServer: E2E.reuseServers,
      timeout: 30_000,
    },
    {
      command: `npx next build && npx next start -p ${new URL(E2E.appUrl).port}`,
      url: E2E.appUrl,
      env: appEnv,
      reuseExistingServer: E2E.reuseServers,
      timeout: 240_000,
      stdout: "pipe",
    },
  ],
});
