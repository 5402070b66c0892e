import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { request as httpRequest } from "node:http";

import { expect, test } from "../test";

import { MAX_REQUEST_BODY_BYTES } from "../../lib/request-limits";
import { E2E } from "../env";

// Next buffers request bodies for proxy.ts before any check, for anyone. Bounded
// load on loopback: concurrent oversized POSTs from a signed-out client must leave the
// production server's memory where it was. Linux only (reads /proc), like this machine and CI.

const CONCURRENT = 96;
const BODY_BYTES = 12 * 1024 * 1024;
/**
 * What the cap lets the requests in flight hold: two buffered copies of at most the limit each.
 * Before the cap (10 MB, twice) this run took the server from 689 MB to 1,128 MB, never returned.
 */
const BUFFERED_AT_MOST = CONCURRENT * 2 * MAX_REQUEST_BODY_BYTES;
const NOISE = 64 * 1024 * 1024;

const app = new URL(E2E.appUrl);

/** The process listening on the app's port: its socket inode in /proc/net, then whose fd it is. */
function serverPid(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT", st 0A is LISTEN, inode is column 10.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  throw new Error(`No process of ours listens on port ${port}`);
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** One signed-out POST of `size` bytes to a page, streamed; resolves with the status (0 = connection cut). */
function bigPost(size: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: app.hostname,
        port: app.port,
        path: "/signin",
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8", "content-length": String(size), "next-action": "x" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    const chunk = Buffer.alloc(256 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

test("oversized bodies are refused with 413 and server memory stays within what the cap allows", async () => {
  test.setTimeout(120_000);
  const pid = serverPid(Number(app.port));
  // Warm up the routes involved so their first compilation is not counted as growth.
  for (let i = 0; i < 3; i++) await bigPost(64 * 1024);
  await new Promise((r) => setTimeout(r, 1_000));
  const baseline = rssOf(pid);

  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
  const statuses = await Promise.all(Array.from({ length: CONCURRENT }, () => bigPost(BODY_BYTES)));
  clearInterval(sampler);
  expect(statuses.every((s) => s === 413 || s === 0)).toBe(true);
  expect(statuses.filter((s) => s === 413).length).toBeGreaterThan(0);

  // Settle: V8 frees the buffers at its next collections; poll rather than sleep a fixed time.
  let settled = rssOf(pid);
  for (let i = 0; i < 40 && settled > baseline + BUFFERED_AT_MOST; i++) {
    await new Promise((r) => setTimeout(r, 250));
    settled = rssOf(pid);
  }
  console.log(
    `body limit ${mb(MAX_REQUEST_BODY_BYTES)}: ${CONCURRENT} × ${mb(BODY_BYTES)} POSTs; RSS baseline ${mb(baseline)}, peak ${mb(peak)}, settled ${mb(settled)}`,
  );
  expect(settled - baseline).toBeLessThan(BUFFERED_AT_MOST);
  expect(peak - baseline).toBeLessThan(BUFFERED_AT_MOST + NOISE);

  // A body within the limit still reaches the app (the bogus action id gets Next's own answer).
  expect(await bigPost(MAX_REQUEST_BODY_BYTES - 1024)).not.toBe(413);
});
