/**
 * One Classroom call, end to end: fault rules → routing → auth → quota → scopes → handler
 * → request log. Shared by top-level HTTP requests and by each part of a `POST /batch`.
 */
import type { Emulator } from "../emulator";
import { ApiError, ERROR_INFO_TYPE, JSON_CONTENT_TYPE, badRequest, errorBody, quotaRefusal } from "../errors";
import { answersError, faultError } from "../faults";
import { applyFields, parseFields } from "../fields";
import { sleep } from "../http";
import type { User } from "../state";
import type { AccessToken } from "../tokens";
import { matchRoute } from "./routes";

export interface CallRequest {
  method: string;
  /** Path and query string, e.g. `/v1/invitations?userId=me`. */
  target: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface CallResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** dropAfterCommit: the change was applied; the connection must close without an answer. */
  drop: boolean;
}

const MISSING_CREDENTIALS =
  "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";
const WWW_AUTH = 'Bearer realm="https://accounts.google.com/"';

function authInfo(reason: string) {
  return {
    "@type": ERROR_INFO_TYPE,
    reason,
    domain: "googleapis.com",
    metadata: { service: "classroom.googleapis.com" },
  } as const;
}

export function bearerFrom(headers: Record<string, string | undefined>, query: URLSearchParams): string | undefined {
  const h = headers["authorization"];
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    return m?.[1];
  }
  // Standard parameters `access_token` / `oauth_token` (docs/classroom-api.md §1).
  return query.get("access_token") ?? query.get("oauth_token") ?? undefined;
}

export function authenticate(emu: Emulator, tokenValue: string | undefined): { token: AccessToken; user: User } {
  if (!tokenValue)
    throw new ApiError(
      "UNAUTHENTICATED",
      MISSING_CREDENTIALS,
      undefined,
      { "WWW-Authenticate": WWW_AUTH },
      { details: [authInfo("CREDENTIALS_MISSING")] },
    );
  const { token } = emu.tokens.lookupAccess(tokenValue);
  const user = token ? emu.store.userByEmail(token.email) : undefined;
  // Unknown, expired or revoked tokens, and tokens of deleted or disabled accounts (A), all look alike.
  if (!token || !user || user.disabled) {
    throw new ApiError(
      "UNAUTHENTICATED",
      undefined,
      undefined,
      { "WWW-Authenticate": `${WWW_AUTH}, error="invalid_token"` },
      { details: [authInfo("ACCESS_TOKEN_TYPE_UNSUPPORTED")] },
    );
  }
  return { token, user };
}

function jsonResponse(
  status: number,
  payload: unknown,
  pretty: boolean,
  extra: Record<string, string> = {},
): CallResponse {
  return {
    status,
    headers: { "Content-Type": JSON_CONTENT_TYPE, Vary: "Origin, X-Origin, Referer", ...extra },
    body: pretty ? JSON.stringify(payload, null, 2) + "\n" : JSON.stringify(payload),
    drop: false,
  };
}

export function errorResponse(err: ApiError, pretty = true): CallResponse {
  return jsonResponse(err.httpStatus, errorBody(err), pretty, err.headers);
}

export async function classroomCall(emu: Emulator, req: CallRequest): Promise<CallResponse> {
  const url = new URL(req.target, "http://emulator.invalid");
  const pretty = url.searchParams.get("prettyPrint") !== "false";
  const pathWithQuery = url.pathname + url.search;
  let email: string | null = null;
  let response: CallResponse;
  let commitThenDrop = false;

  try {
    const fault = emu.takeFault(req.method, pathWithQuery, true);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    // Identify the caller for the log even when a fault answers (best effort, no errors).
    const bearer = bearerFrom(req.headers, url.searchParams);
    if (bearer) email = emu.tokens.lookupAccess(bearer).token?.email ?? null;
    if (fault && answersError(fault)) throw faultError(fault);
    commitThenDrop = fault?.dropAfterCommit === true;

    const match = matchRoute(req.method, url.pathname);
    if (!match) throw new ApiError("NOT_FOUND", `Method not found: ${req.method} ${url.pathname}`);
    const { token, user } = authenticate(emu, bearer);
    email = user.email;

    const { quotas } = emu.config;
    const userWait = emu.takeQuota(`user:${user.id}`, quotas.perUserPerMinute);
    const clientWait = userWait ? 0 : emu.takeQuota(`client:${token.clientId}`, quotas.perClientPerMinute);
    // Google's quota frontend names the limit but sends no Retry-After.
    if (userWait) throw quotaRefusal("user", quotas.perUserPerMinute);
    if (clientWait) throw quotaRefusal("client", quotas.perClientPerMinute);

    if (!match.route.scopes.some((s) => token.scopes.has(s))) {
      throw new ApiError(
        "PERMISSION_DENIED",
        "Request had insufficient authentication scopes.",
        undefined,
        { "WWW-Authenticate": `${WWW_AUTH}, error="insufficient_scope", scope="${match.route.scopes.join(" ")}"` },
        {
          legacyReason: "insufficientPermissions",
          details: [
            {
              "@type": ERROR_INFO_TYPE,
              reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
              domain: "googleapis.com",
              metadata: { service: "classroom.googleapis.com", method: `google.classroom.v1.${match.route.name}` },
            },
          ],
        },
      );
    }

    let body: unknown;
    if (req.body.trim() !== "") {
      try {
        body = JSON.parse(req.body);
      } catch {
        throw badRequest("Invalid JSON payload received. Unexpected token.");
      }
    }
    // Parsed before the handler runs, so that a malformed selection never follows a write.
    const fieldsParam = url.searchParams.get("fields");
    const selection = fieldsParam ? parseFields(fieldsParam) : undefined;
    const result = match.route.handler({
      emu,
      store: emu.store,
      config: emu.config,
      me: user,
      scopes: token.scopes,
      query: url.searchParams,
      params: match.params,
      body,
      now: new Date(),
    });
    response = jsonResponse(200, selection ? applyFields(result, selection) : result, pretty);
  } catch (e) {
    if (!(e instanceof ApiError)) {
      console.error("[emulator] handler crashed:", e);
    }
    response = errorResponse(e instanceof ApiError ? e : new ApiError("INTERNAL"), pretty);
  }
  response.drop = commitThenDrop;
  emu.logRequest({
    method: req.method,
    path: pathWithQuery,
    email,
    status: response.status,
    at: new Date().toISOString(),
  });
  return response;
}
