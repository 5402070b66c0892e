import { spawn, type ChildProcess } from "node:child_process";

import { appServerEnv } from "./env";

/**
 * An app server of a spec's own (`next start` on the build the suite made), for tests that stop
 * and start it: its database is a PGlite directory on disk, so it outlives the process.
 */
export class AppServer {
  private child: ChildProcess | null = null;
  private log = "";

  constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(this.port)], {
      env: { ...process.env, ...appServerEnv(this.url, this.dataDir) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    this.log = "";
    for (const s of [child.stdout!, child.stderr!])
      s.on("data", (b: Buffer) => (this.log = (this.log + b).slice(-4_000)));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`app server exited (${child.exitCode}): ${this.log}`);
      const up = await fetch(`${this.url}/signin`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`app server did not start in ${timeoutMs} ms: ${this.log}`);
  }

  /** Stops the whole process group, as a crash or a restart would (SIGKILL: nothing is cleaned up). */
  async stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once("exit", () => r()));
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
    await gone;
    this.child = null;
  }
}
