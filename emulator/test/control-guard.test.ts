import { request } from "node:http";

import { describe, expect, it } from "vitest";

import { controlRefusal } from "../src/control";
import { setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();

/** node:http, because fetch will not send a forged Host header. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, emu.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const port = () => new URL(emu.url).port;
const invitationCount = async () => (await emu.state()).invitations.length;

describe("control API: only the developer's own tools reach it", () => {
  it("refuses a foreign Host (DNS rebinding) and serves the configured and loopback hosts", async () => {
    const rebound = await raw("GET", "/emulator/v1/state", { host: `attacker.example:${port()}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("invitations");
    const reset = await raw("POST", "/emulator/v1/reset", {
      host: `attacker.example:${port()}`,
      "content-type": "application/json",
    });
    expect(reset.status).toBe(403);

    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`]) {
      expect((await raw("GET", "/emulator/v1/state", { host })).status).toBe(200);
    }
  });

  it("refuses bodies a cross-site page can send without a preflight, and changes nothing", async () => {
    // A reset clears fault rules: a rule that survives shows the refused reset never ran.
    await emu.control("POST", "/emulator/v1/faults", { rules: [{ path: "^/v1/courses$", status: 503 }] });
    const simple: Record<string, string>[] = [
      { "content-type": "text/plain;charset=UTF-8" },
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "multipart/form-data; boundary=x" },
      {},
    ];
    for (const headers of simple) {
      const r = await raw("POST", "/emulator/v1/reset", headers, "{}");
      expect(r.status, JSON.stringify(headers)).toBe(415);
    }
    // The reset never ran: the fault rule is still there.
    expect(((await emu.control("GET", "/emulator/v1/faults")).body as { rules: unknown[] }).rules).toHaveLength(1);
    expect((await raw("PUT", "/emulator/v1/config", { "content-type": "text/plain" }, "{}")).status).toBe(415);

    const json = await raw("POST", "/emulator/v1/reset", { "content-type": "application/json; charset=utf-8" }, "{}");
    expect(json.status).toBe(200);
    expect(((await emu.control("GET", "/emulator/v1/faults")).body as { rules: unknown[] }).rules).toHaveLength(0);
    expect(await invitationCount()).toBeGreaterThan(0);
  });

  it("asks for EMULATOR_CONTROL_TOKEN once it is set", async () => {
    process.env.EMULATOR_CONTROL_TOKEN = "s3cret-control-token";
    try {
      expect((await raw("GET", "/emulator/v1/state")).status).toBe(401);
      expect((await raw("GET", "/emulator/v1/state", { authorization: "Bearer wrong" })).status).toBe(401);
      expect((await raw("GET", "/emulator/v1/state", { authorization: "Bearer s3cret-control-token" })).status).toBe(
        200,
      );
      // Sign-in and Classroom are not the control API: they keep working without it.
      expect((await raw("GET", "/.well-known/openid-configuration")).status).toBe(200);
    } finally {
      delete process.env.EMULATOR_CONTROL_TOKEN;
    }
  });

  it("refuses a peer on another machine unless a token is configured and sent", () => {
    const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
      ({ method: "GET", headers: { host: "10.0.0.2:4010", ...headers }, socket: { remoteAddress } }) as Parameters<
        typeof controlRefusal
      >[0];
    const base = "http://10.0.0.2:4010";
    expect(controlRefusal(from("10.0.0.7"), base, undefined)).toMatchObject({ status: 403 });
    expect(controlRefusal(from("10.0.0.7"), base, "t")).toMatchObject({ status: 401 });
    expect(controlRefusal(from("10.0.0.7", { authorization: "Bearer t" }), base, "t")).toBeNull();
    expect(controlRefusal(from("127.0.0.1"), base, undefined)).toBeNull();
    expect(controlRefusal(from("::ffff:127.0.0.1"), base, undefined)).toBeNull();
  });
});
