import fs from "node:fs";
import path from "node:path";

import { expect, request as pwRequest, type APIRequestContext, type Browser } from "@playwright/test";

import { E2E } from "../env";
import { emulator, signInAs } from "../helpers";

// Helpers for the security suite (e2e/security): call server actions and route handlers directly, as
// any HTTP client could, with a given role's session, and read the emulator's request log.

const DIST = process.env.NEXT_DIST_DIR || ".next";

type ManifestEntry = { exportedName?: string; filename?: string; workers: Record<string, unknown> };

let manifest: Record<string, ManifestEntry> | undefined;
function entries(): Record<string, ManifestEntry> {
  manifest ??= (
    JSON.parse(fs.readFileSync(path.join(DIST, "server", "server-reference-manifest.json"), "utf8")) as {
      node: Record<string, ManifestEntry>;
    }
  ).node;
  return manifest;
}

export type ActionRef = { file: string; name: string };

/** `lib/actions/invitations.ts` + `createInvitationAction` → the build's action id and a page that serves it. */
export function findAction(ref: ActionRef): { id: string; page: string } {
  for (const [id, e] of Object.entries(entries())) {
    if (e.exportedName !== ref.name || !e.filename?.endsWith(ref.file)) continue;
    const worker = Object.keys(e.workers).sort((a, b) => a.length - b.length)[0];
    if (!worker) break;
    return { id, page: pageOf(worker) };
  }
  throw new Error(`server action ${ref.file}#${ref.name} is not in ${DIST}/server/server-reference-manifest.json`);
}

/** Every server action the build knows: the fuzz and matrix tests check none is left out. */
export function allActions(): ActionRef[] {
  return Object.values(entries())
    .filter((e) => e.exportedName && e.filename)
    .map((e) => ({ file: e.filename!, name: e.exportedName! }));
}

/** "app/(app)/courses/[courseId]/page" → "/courses/0" (the id in the URL is not the action's input). */
function pageOf(worker: string): string {
  const p = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace(/\[[^\]]+\]/g, "0");
  return p === "" ? "/" : p;
}

export type ActionCall = { status: number; text: string; result: unknown };

/**
 * POSTs like the browser's action dispatcher: the id in `Next-Action`, the arguments as a JSON
 * array, a same-origin `Origin` (Next refuses others). Returns the decoded result (flight row 1).
 */
export async function callAction(
  request: APIRequestContext,
  ref: ActionRef,
  args: unknown[],
  opts: { origin?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ActionCall> {
  const { id, page } = findAction(ref);
  const res = await request.post(page, {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: opts.origin ?? E2E.appUrl,
      ...opts.headers,
    },
    data: opts.rawBody ?? JSON.stringify(args),
    maxRedirects: 0,
  });
  const text = await res.text();
  let result: unknown;
  const line = text.split("\n").find((l) => l.startsWith("1:"));
  if (line) {
    try {
      result = JSON.parse(line.slice(2));
    } catch {
      result = undefined;
    }
  }
  return { status: res.status(), text, result };
}

// ---------------------------------------------------------------------------
// Sessions per person, signed in through the emulated Google flow once per run.

const authPath = (email: string) =>
  `e2e/.auth/sec-${new URL(E2E.appUrl).port}-${email.replace(/[^a-z0-9]+/gi, "_")}.json`;
const signedIn = new Set<string>();

export async function storageFor(browser: Browser, email: string): Promise<string> {
  const file = authPath(email);
  if (!signedIn.has(email) || !fs.existsSync(file)) {
    const context = await browser.newContext({ baseURL: E2E.appUrl });
    const page = await context.newPage();
    await signInAs(page, email);
    await context.storageState({ path: file });
    await context.close();
    signedIn.add(email);
  }
  return file;
}

/** An API client with that person's cookies, or none (anonymous). */
export async function clientFor(browser: Browser, email: string | null): Promise<APIRequestContext> {
  return pwRequest.newContext({
    baseURL: E2E.appUrl,
    storageState: email ? await storageFor(browser, email) : undefined,
  });
}

// ---------------------------------------------------------------------------
// The emulator's request log (Classroom calls only, with the token owner's email).

export type LoggedRequest = { method: string; path: string; email: string | null; status: number; at: string };

export const upstream = {
  clear: () => emulator.call("DELETE", "/requests"),
  log: () => emulator.call<LoggedRequest[]>("GET", "/requests"),
  faults: (rules: unknown[]) => emulator.call("POST", "/faults", { rules }),
  clearFaults: () => emulator.call("DELETE", "/faults"),
};

/** Writes in a request log: anything but a read. */
export const writes = (log: LoggedRequest[]) =>
  log.filter((r) => r.method !== "GET" && !(r.method === "POST" && r.path.startsWith("/batch")));

export function expectNoTokens(text: string, where: string) {
  expect(text, `${where} leaks a Google token`).not.toMatch(/ya29\.|1\/\/emu|\b1\/\/[\w-]{8,}/);
}
