/**
 * startEmulator(): one node:http server that serves, on a single origin,
 *   - the Classroom REST v1 API at the root (`/v1/...`) and `POST /batch`,
 *   - Google's OAuth 2.0 / OpenID Connect endpoints,
 *   - the control API under `/emulator/v1/`.
 * See emulator/README.md and docs/CONTRACTS.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleBatch } from "./batch";
import { avatarSvg } from "./chooser";
import { classroomCall } from "./classroom/api";
import { answersError, faultError, faultHttpStatus } from "./faults";
import { settingsFromEnv, type ServerSettings } from "./config";
import { handleControl } from "./control";
import { Emulator, type SeedSpec } from "./emulator";
import { ApiError, JSON_CONTENT_TYPE, errorBody } from "./errors";
import { BodyTooLarge, lowerHeaders, readBody, send, sendJson, sleep } from "./http";
import {
  AUTH_PATH,
  discoveryDocument,
  handleAuthorize,
  handleJwks,
  handleRevoke,
  handleToken,
  handleTokeninfo,
  handleUserinfo,
} from "./oauth";

export interface StartOptions {
  /** 0 = a random free port. Default 4010. */
  port?: number;
  host?: string;
  seed?: SeedSpec;
  /** Overrides the base URL / issuer (default `http://<host>:<port>`). */
  publicUrl?: string;
  settings?: Partial<ServerSettings>;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const OAUTH_PATHS = new Set([
  "/.well-known/openid-configuration",
  AUTH_PATH,
  "/o/oauth2/auth",
  "/token",
  "/oauth2/v4/token",
  "/v1/userinfo",
  "/oauth2/v3/userinfo",
  "/oauth2/v3/certs",
  "/revoke",
  "/o/oauth2/revoke",
  "/tokeninfo",
  "/oauth2/v3/tokeninfo",
]);

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

async function handle(emu: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", emu.baseUrl);
  const path = url.pathname;
  const method = req.method ?? "GET";

  if (path.startsWith("/emulator/")) {
    const photo = /^\/emulator\/photos\/(\d+)\.svg$/.exec(path);
    if (photo && method === "GET") {
      const user = emu.store.users.get(photo[1] ?? "");
      if (!user) return sendJson(res, 404, { error: "not_found" });
      return send(
        res,
        200,
        { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=3600" },
        avatarSvg(user),
      );
    }
    return handleControl(emu, req, res, url);
  }

  if (OAUTH_PATHS.has(path)) {
    // OAuth endpoints only see fault rules that name them by path (see Emulator.takeFault).
    const fault = emu.takeFault(method, path + url.search, false);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault && answersError(fault)) {
      const http = faultHttpStatus(fault);
      const error = http === 400 ? "invalid_grant" : http === 401 ? "invalid_client" : "server_error";
      return sendJson(
        res,
        http,
        { error, error_description: "Injected fault (emulator)." },
        fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {},
      );
    }
    switch (path) {
      case "/.well-known/openid-configuration":
        return sendJson(res, 200, discoveryDocument(emu.baseUrl), { "Cache-Control": "public, max-age=300" });
      case AUTH_PATH:
      case "/o/oauth2/auth":
        return handleAuthorize(emu, req, res, url);
      case "/token":
      case "/oauth2/v4/token":
        return handleToken(emu, req, res);
      case "/v1/userinfo":
      case "/oauth2/v3/userinfo":
        return handleUserinfo(emu, req, res, url);
      case "/oauth2/v3/certs":
        return handleJwks(emu, res);
      case "/tokeninfo":
      case "/oauth2/v3/tokeninfo":
        return handleTokeninfo(emu, req, res, url);
      default:
        return handleRevoke(emu, req, res, url);
    }
  }

  if (path === "/" && method === "GET") {
    return sendJson(res, 200, {
      name: "Google Classroom API v1 + Google sign-in emulator",
      classroom: `${emu.baseUrl}/v1/`,
      batch: `${emu.baseUrl}/batch`,
      openidConfiguration: `${emu.baseUrl}/.well-known/openid-configuration`,
      control: `${emu.baseUrl}/emulator/v1/state`,
    });
  }

  const headers = lowerHeaders(req);
  const body = await readBody(req);
  if (emu.config.latencyMs) await sleep(emu.config.latencyMs);

  if ((path === "/batch" || path === "/batch/classroom/v1") && method === "POST") {
    const fault = emu.takeFault(method, path + url.search, false);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault && answersError(fault)) {
      const fe = faultError(fault);
      emu.logRequest({
        method,
        path: path + url.search,
        email: null,
        status: fe.httpStatus,
        at: new Date().toISOString(),
      });
      return send(
        res,
        fe.httpStatus,
        { "Content-Type": JSON_CONTENT_TYPE, ...fe.headers },
        JSON.stringify(errorBody(fe), null, 2) + "\n",
      );
    }
    const result = await handleBatch(emu, headers["content-type"], body, headers, url.searchParams);
    if (result.drop || fault?.dropAfterCommit) {
      req.socket.destroy();
      return;
    }
    return send(res, result.status, result.headers, result.body);
  }

  const result = await classroomCall(emu, { method, target: req.url ?? "/", headers, body });
  if (result.drop) {
    req.socket.destroy();
    return;
  }
  send(res, result.status, result.headers, result.body);
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const settings: ServerSettings = { ...settingsFromEnv(), ...options.settings };
  const emu = new Emulator(settings, options.seed ?? "demo");

  const server = createServer((req, res) => {
    handle(emu, req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof BodyTooLarge) {
        sendJson(res, 413, errorBody(new ApiError("INVALID_ARGUMENT", "Request body too large.")));
        return;
      }
      console.error("[emulator] unexpected error:", e);
      sendJson(res, 500, errorBody(new ApiError("INTERNAL")));
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = (options.publicUrl ?? `http://${hostForUrl(host)}:${port}`).replace(/\/+$/, "");
  emu.baseUrl = url;

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
