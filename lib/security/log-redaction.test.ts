// Logs redact bearer tokens. Every console and stdout/stderr write is captured
// while real requests fail against the emulator (5xx, dropped connections, revoked tokens,
// unknown errors carrying the token in their text); the token must never be written.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { createInvitation } from "@/lib/classroom/create-invitations";
import { listInvitations } from "@/lib/classroom/invitations";
import { revokeInvitation } from "@/lib/classroom/revoke-invitations";
import { asAccessToken, redact, type AccessToken } from "@/lib/google/client";
import { describeForLog, toAppError } from "@/lib/google/errors";

let emu: LibEmulator;
let captured: string[] = [];
const fast = { retry: { baseDelayMs: 2, maxDelayMs: 5 } };

const control = <T = unknown>(method: string, path: string, body?: unknown) => emu.control<T>(method, path, body);

beforeAll(async () => {
  emu = await startLibEmulator();
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  captured = [];
  const grab = (...args: unknown[]) => {
    captured.push(
      args
        .map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a)))
        .join(" "),
    );
  };
  for (const m of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, m).mockImplementation(grab);
  for (const stream of [process.stdout, process.stderr]) {
    const orig = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

const TOKEN_RE = /ya29\.emu\.[\w-]+|1\/\/emu\.[\w-]+/;

describe("server logs never hold a token", () => {
  it("failing Classroom calls (500, 503, dropped, revoked token, unknown errors) log redacted lines only", async () => {
    const { access_token } = await control<{ access_token: string }>("POST", "/tokens", {
      email: "teacher@northwood.edu",
    });
    const token: AccessToken = asAccessToken(access_token);
    await control("POST", "/faults", {
      rules: [
        { method: "GET", path: "^/v1/invitations\\?", status: 500, times: 4 },
        { method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 },
        { method: "DELETE", path: "^/v1/invitations/", status: 503, times: 4 },
      ],
    });
    await listInvitations(token, { userId: "me" }, fast).catch(() => undefined);
    await createInvitation(
      token,
      { courseId: "d:algebra1-p1", userId: "noah.silva@northwood.edu", role: "TEACHER" },
      fast,
    ).catch(() => undefined);
    await revokeInvitation(token, "123", fast).catch(() => undefined);
    await control("DELETE", "/faults");
    // A revoked token: 401 from Classroom.
    await fetch(`${emu.url}/revoke?token=${encodeURIComponent(access_token)}`, { method: "POST" });
    await listInvitations(token, { userId: "me" }, fast).catch(() => undefined);

    // Unknown errors are the ones logged in full: make them carry the token every way they can.
    for (const e of [
      new Error(`socket hang up while sending Authorization: Bearer ${access_token}`),
      Object.assign(new Error(`GET ${emu.url}/v1/x?access_token=${access_token} failed`), {
        config: { headers: { Authorization: `Bearer ${access_token}` } },
        response: { status: 418, data: `echo ${access_token} refresh 1//emu.abcdef123`, headers: {} },
      }),
      { weird: access_token },
    ]) {
      toAppError(e);
    }
    const all = captured.join("\n");
    expect(all).toMatch(/\[classroom\] unexpected error ref=/);
    expect(all).not.toContain(access_token);
    expect(all).not.toMatch(TOKEN_RE);
    expect(all).not.toMatch(/Bearer (?!\[redacted\])/);
  }, 30_000);

  it("describeForLog and redact mask every token shape", () => {
    const t = "ya29.emu.SECRET-abc_123";
    const line = describeForLog(
      Object.assign(new Error(`Bearer ${t}`), { response: { status: 500, data: `token=${t}&refresh_token=1//emu.R` } }),
    );
    expect(line).not.toMatch(/SECRET|1\/\/emu\.R/);
    expect(redact(`authorization: bearer ${t}`)).toBe("authorization: Bearer [redacted]");
    expect(redact("id_token=eyJhbGciOi.x.y&code=4/0Ab")).toBe("id_token=[redacted]&code=[redacted]");
  });
});
