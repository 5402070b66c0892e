// The emulator for the bench, with an HTTP round-trip counter.
//
// The emulator's request log records batch *parts* (emulator/README.md), not HTTP calls, and
// the bench counts round trips ("a /batch = 1"). So the bench counts requests where they arrive:
// node:http's createServer is wrapped before the emulator module loads (syncBuiltinESMExports
// updates the ESM binding the emulator imports), and every server it creates gets a
// 'request' listener. Nothing in the emulator changes and no proxy sits in the path.
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";

import { emulatorControl, type EmulatorState } from "../lib/test/emulator-control";

export type { EmulatorState };

export type Kind = "classroom" | "batch" | "oauth" | "control" | "other";

export interface Counts {
  classroom: number;
  batch: number;
  oauth: number;
  control: number;
  other: number;
  /** Outer answers with status 429 (a refused /batch or a refused single call). */
  outer429: number;
}

const created: http.Server[] = [];
const original = http.createServer;
(http as unknown as { createServer: typeof http.createServer }).createServer = ((
  ...args: Parameters<typeof http.createServer>
) => {
  const server = original(...args);
  created.push(server);
  return server;
}) as typeof http.createServer;
syncBuiltinESMExports();

export function kindOf(path: string): Kind {
  if (path === "/batch" || path.startsWith("/batch/") || path.startsWith("/batch?")) return "batch";
  if (path.startsWith("/emulator/")) return "control";
  if (/^\/v1\/userinfo|^\/oauth2\/|^\/o\/oauth2\/|^\/token|^\/revoke|^\/\.well-known\//.test(path)) return "oauth";
  if (path.startsWith("/v1/")) return "classroom";
  return "other";
}

export interface BenchEmulator {
  url: string;
  port: number;
  counts(): Counts;
  /** Classroom round trips (single calls + /batch calls) since the last `mark()`. */
  mark(): () => Counts;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  reset(courses: number, config?: EmulatorConfig): Promise<void>;
  tokenFor(email: string): Promise<string>;
  state(): Promise<EmulatorState>;
  requestLog(): Promise<{ method: string; path: string; email: string | null; status: number; at: string }[]>;
  close(): Promise<void>;
}

export interface EmulatorConfig {
  latencyMs?: number;
  perPartLatencyMs?: number;
  quotas?: { perUserPerMinute?: number; perClientPerMinute?: number; invitationsPerTeacherPerDay?: number };
}

export const roundTrips = (c: Counts) => c.classroom + c.batch;

export async function startBenchEmulator(
  port: number,
  courses: number,
  config: EmulatorConfig,
): Promise<BenchEmulator> {
  const { startEmulator } = await import("../emulator/src/server");
  const before = created.length;
  const emu = await startEmulator({ port, host: "127.0.0.1", seed: { profile: "large", courses } });
  const servers = created.slice(before);
  const totals: Counts = { classroom: 0, batch: 0, oauth: 0, control: 0, other: 0, outer429: 0 };
  for (const server of servers) {
    server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const kind = kindOf(req.url ?? "/");
      totals[kind]++;
      if (kind === "classroom" || kind === "batch")
        res.once("finish", () => res.statusCode === 429 && totals.outer429++);
    });
  }

  const control = emulatorControl(emu.url);

  const bench: BenchEmulator = {
    url: emu.url,
    port: emu.port,
    counts: () => ({ ...totals }),
    mark() {
      const start = { ...totals };
      return () => {
        const now = { ...totals };
        return {
          classroom: now.classroom - start.classroom,
          batch: now.batch - start.batch,
          oauth: now.oauth - start.oauth,
          control: now.control - start.control,
          other: now.other - start.other,
          outer429: now.outer429 - start.outer429,
        };
      };
    },
    control,
    async reset(n, cfg = config) {
      await control("POST", "/emulator/v1/reset", { profile: "large", courses: n });
      await control("PUT", "/emulator/v1/config", cfg);
      await control("DELETE", "/emulator/v1/requests");
    },
    async tokenFor(email) {
      return (await control<{ access_token: string }>("POST", "/emulator/v1/tokens", { email, expiresIn: 7200 }))
        .access_token;
    },
    state: () => control<EmulatorState>("GET", "/emulator/v1/state"),
    requestLog: () => control("GET", "/emulator/v1/requests"),
    close: () => emu.close(),
  };
  await control("PUT", "/emulator/v1/config", config);
  return bench;
}
