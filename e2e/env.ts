import { execFileSync } from "node:child_process";

/**
 * Where the e2e run's app and emulator live.
 *
 * `E2E_APP_URL` / `E2E_EMULATOR_URL` name servers explicitly; whatever already listens there is
 * used as it is (outside CI), since naming it says it is a test server. Without them the suite
 * never reuses anything: it takes 3100 / 4110 when both are free, else two free ports from the
 * OS, and starts its own servers there. That keeps it off a developer's `npm run dev` (whose
 * demo data it would reset) and off another run's servers. The choice is written back to
 * `process.env`, so Playwright's workers, which load this module again, inherit the same ports.
 */
if (!process.env.E2E_APP_URL || !process.env.E2E_EMULATOR_URL) {
  process.env.E2E_PORTS_PICKED = "1";
  const [app, emu] = freePorts(process.env.E2E_APP_URL ? null : 3100, process.env.E2E_EMULATOR_URL ? null : 4110);
  process.env.E2E_APP_URL ||= `http://localhost:${app}`;
  process.env.E2E_EMULATOR_URL ||= `http://127.0.0.1:${emu}`;
}

export const E2E = {
  appUrl: String(process.env.E2E_APP_URL),
  emulatorUrl: String(process.env.E2E_EMULATOR_URL),
  /** Reuse a server already listening only where the caller named its address. */
  reuseServers: !process.env.CI && process.env.E2E_PORTS_PICKED !== "1",
} as const;

/**
 * For each wanted port (null: none needed), that port if nothing listens on it, else one the OS
 * picks. Synchronous, because Playwright reads its config synchronously; a child process probes
 * by listening on every interface, as `next start` does, so a server on any address counts.
 */
function freePorts(...wanted: (number | null)[]): number[] {
  const probe = `
    const net = require("node:net");
    const take = (p) => new Promise((ok) => {
      const s = net.createServer();
      s.once("error", () => ok(null));
      s.listen(p, () => { const got = s.address().port; s.close(() => ok(got)); });
    });
    (async () => {
      const out = [];
      for (const p of ${JSON.stringify(wanted)}) out.push(p === null ? 0 : (await take(p)) ?? (await take(0)));
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" })) as number[];
}

/** How long the e2e app's admin-only views trust a stored admin role (30 s in production). */
export const ADMIN_VIEW_ROLE_MAX_AGE_SECONDS = 5;

/** The app server's settings for e2e: demo mode against the emulator, short invitation "days" and role checks. */
export function appServerEnv(appUrl: string, pgliteDataDir = "memory://"): Record<string, string> {
  return {
    NODE_ENV: "production",
    DEMO_MODE: "1",
    EMULATOR_URL: E2E.emulatorUrl,
    AUTH_URL: appUrl,
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
    PGLITE_DATA_DIR: pgliteDataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    // Short "days" for e2e/jobs.spec.ts; only bulk jobs read them, the emulator's own cap is set per test.
    CLASSROOM_INVITATIONS_PER_DAY: "100",
    CLASSROOM_INVITATION_WINDOW_SECONDS: "8",
    // Admin-only views re-check the role after 5 s instead of 30 s: e2e/identity.spec.ts waits that out.
    ADMIN_VIEW_ROLE_MAX_AGE_SECONDS: String(ADMIN_VIEW_ROLE_MAX_AGE_SECONDS),
  };
}

export const USERS = {
  admin: { email: "admin@northwood.edu", name: "Dana Whitfield", role: "Domain admin" },
  teacher: { email: "teacher@northwood.edu", name: "Marisol Alvarez", role: "Teacher" },
  teacher2: { email: "teacher2@northwood.edu", name: "Jonah Okafor", role: "Teacher" },
  student: { email: "student@northwood.edu", name: "Priya Raman", role: "Student" },
} as const;

export type RoleKey = keyof typeof USERS;

/** Per app port: parallel runs against different app instances must not share sessions. */
export const storageStatePath = (role: RoleKey) => `e2e/.auth/${new URL(E2E.appUrl).port}-${role}.json`;
