/**
 * Google's OAuth 2.0 / OpenID Connect endpoints on one origin (docs/CONTRACTS.md):
 * discovery, the authorization endpoint with its account chooser, token, userinfo,
 * JWKS and revocation. Behaviour follows Google's documented web-server flow; the
 * JSON error bodies follow RFC 6749 §5.2 as Google sends them.
 */
import { createHash, createPublicKey, sign, verify } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { renderChooser, renderErrorPage } from "./chooser";
import { CLASSROOM_SCOPES, CLASSROOM_SCOPE_PREFIX, OIDC_SCOPES } from "./config";
import type { Emulator } from "./emulator";
import { lowerHeaders, parseForm, readBody, redirect, sendHtml, sendJson } from "./http";
import { hostedDomain, type User } from "./state";

export const AUTH_PATH = "/o/oauth2/v2/auth";

export function discoveryDocument(base: string): Record<string, unknown> {
  return {
    issuer: base,
    authorization_endpoint: `${base}${AUTH_PATH}`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/v1/userinfo`,
    revocation_endpoint: `${base}/revoke`,
    jwks_uri: `${base}/oauth2/v3/certs`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: [...OIDC_SCOPES, ...CLASSROOM_SCOPES],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    claims_supported: [
      "aud",
      "email",
      "email_verified",
      "exp",
      "family_name",
      "given_name",
      "hd",
      "iat",
      "iss",
      "name",
      "nonce",
      "picture",
      "sub",
      "at_hash",
      "azp",
    ],
    code_challenge_methods_supported: ["plain", "S256"],
    grant_types_supported: ["authorization_code", "refresh_token"],
  };
}

// ---- scopes ------------------------------------------------------------------
/** Google's aliases for the OIDC scopes. */
const SCOPE_ALIASES: Record<string, string> = {
  "https://www.googleapis.com/auth/userinfo.email": "email",
  "https://www.googleapis.com/auth/userinfo.profile": "profile",
};

function normaliseScopes(raw: string): { scopes: string[]; invalid?: string } {
  const scopes: string[] = [];
  for (const s of raw.split(/\s+/).filter(Boolean)) {
    const scope = SCOPE_ALIASES[s] ?? s;
    // Any classroom.* scope is accepted (coursework etc.), though only the roster/course ones are enforced.
    if (!OIDC_SCOPES.includes(scope) && !scope.startsWith(`${CLASSROOM_SCOPE_PREFIX}classroom.`))
      return { scopes, invalid: s };
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return { scopes };
}

/**
 * Granular consent: the chooser's form lists each requested Classroom scope as a ticked
 * checkbox (`granted_scope`) beside the hidden marker `consent_step=1`; what the user unticks
 * is not granted. The sign-in scopes (openid, email, profile) are not optional, as on Google's
 * screen. A post without the marker (a script choosing the account) grants everything asked.
 */
export function grantedScopes(requested: string[], form: URLSearchParams): string[] {
  if (form.get("consent_step") !== "1") return requested;
  const ticked = new Set(form.getAll("granted_scope"));
  return requested.filter((s) => OIDC_SCOPES.includes(s) || ticked.has(s));
}

// ---- redirect URIs -------------------------------------------------------------
function redirectAllowed(emu: Emulator, uri: string | null): uri is string {
  if (!uri) return false;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.hash) return false;
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (["localhost", "127.0.0.1", "[::1]"].includes(u.hostname)) return true;
  return emu.settings.redirectOrigins.includes(u.origin);
}

function redirectWith(res: ServerResponse, redirectUri: string, params: Record<string, string | undefined>): void {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  redirect(res, u.toString());
}

// ---- authorization endpoint --------------------------------------------------------
export async function handleAuthorize(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let params = url.searchParams;
  if (req.method === "POST") {
    params = parseForm(await readBody(req), req.headers["content-type"]);
  } else if (req.method !== "GET") {
    sendHtml(res, 405, renderErrorPage("Method not allowed", "405", "Use GET or POST."));
    return;
  }
  const clientId = params.get("client_id");
  const redirectUri = params.get("redirect_uri");
  // Never redirect to an unvalidated URI: client and redirect problems render a page instead.
  if (clientId !== emu.settings.clientId) {
    sendHtml(
      res,
      401,
      renderErrorPage("Access blocked: Authorization Error", "401: invalid_client", "The OAuth client was not found."),
    );
    return;
  }
  if (!redirectAllowed(emu, redirectUri)) {
    sendHtml(
      res,
      400,
      renderErrorPage(
        "Access blocked: This app's request is invalid",
        "400: redirect_uri_mismatch",
        "The redirect URI must be http(s) on localhost, 127.0.0.1 or [::1], or an origin listed in EMULATOR_REDIRECT_ORIGINS.",
      ),
    );
    return;
  }
  const state = params.get("state") ?? undefined;
  const fail = (error: string, description: string) =>
    redirectWith(res, redirectUri, { error, error_description: description, state });

  if (params.get("response_type") !== "code") {
    fail("unsupported_response_type", "Only response_type=code is supported.");
    return;
  }
  const rawScope = params.get("scope");
  if (!rawScope) {
    fail("invalid_request", "Missing required parameter: scope");
    return;
  }
  const { scopes, invalid } = normaliseScopes(rawScope);
  if (invalid) {
    fail("invalid_scope", `Some requested scopes were invalid. {invalid=[${invalid}]}`);
    return;
  }
  const challenge = params.get("code_challenge") ?? undefined;
  const method = params.get("code_challenge_method") ?? (challenge ? "plain" : undefined);
  if (method && method !== "S256" && method !== "plain") {
    fail("invalid_request", "Invalid code_challenge_method value.");
    return;
  }
  if (method && !challenge) {
    fail("invalid_request", "Missing code_challenge.");
    return;
  }
  const prompts = (params.get("prompt") ?? "").split(/\s+/).filter(Boolean);
  const hint = params.get("login_hint") ?? undefined;
  const hinted = hint ? emu.store.userByEmail(hint) : undefined;

  const complete = (user: User, granted: string[] = scopes) => {
    const code = emu.tokens.issueCode({
      email: user.email,
      clientId,
      redirectUri,
      scopes: granted,
      nonce: params.get("nonce") ?? undefined,
      codeChallenge: challenge,
      codeChallengeMethod: method as "S256" | "plain" | undefined,
      offline: params.get("access_type") === "offline",
      promptConsent: prompts.includes("consent"),
    });
    redirectWith(res, redirectUri, {
      state,
      code: code.code,
      scope: granted.join(" "),
      authuser: "0",
      hd: hostedDomain(user),
      prompt: prompts.includes("consent") ? "consent" : "none",
    });
  };

  const account = req.method === "POST" ? params.get("account")?.trim() : undefined;
  if (account !== undefined) {
    const user = account ? emu.store.userByEmail(account) : undefined;
    if (!user || user.disabled) {
      const error = !user
        ? "Couldn't find your Google Account."
        : "This account has been disabled by your administrator.";
      sendHtml(
        res,
        400,
        renderChooser({ appName: emu.settings.appName, action: AUTH_PATH, params, store: emu.store, hint, error }),
      );
      return;
    }
    complete(user, grantedScopes(scopes, params));
    return;
  }
  // (A) No browser sessions here: prompt=none succeeds only when login_hint names an account.
  if (prompts.includes("none")) {
    if (hinted && !hinted.disabled) complete(hinted);
    else fail("interaction_required", "The user must choose an account.");
    return;
  }
  sendHtml(
    res,
    200,
    renderChooser({ appName: emu.settings.appName, action: AUTH_PATH, params, store: emu.store, hint: hinted?.email }),
  );
}

// ---- token endpoint ----------------------------------------------------------------
/** Google answers `expires_in: 3599` for its one-hour tokens: a second is gone by the time it answers. */
function reportedLifetime(seconds: number): number {
  return Math.max(1, seconds - 1);
}

const TOKEN_HEADERS = { "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", Pragma: "no-cache" };

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, TOKEN_HEADERS);
}

/** client_secret_basic (RFC 6749 §2.3.1: form-urlencoded, then base64) or client_secret_post. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id?: string; secret?: string } {
  const h = req.headers.authorization;
  if (h && /^Basic\s+/i.test(h)) {
    const decoded = Buffer.from(h.replace(/^Basic\s+/i, ""), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        return s;
      }
    };
    return i < 0 ? { id: dec(decoded) } : { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
  }
  return { id: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

async function signJwt(emu: Emulator, claims: Record<string, unknown>): Promise<string> {
  const key = await emu.signingKey;
  const header = { alg: "RS256", kid: key.kid, typ: "JWT" };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign("sha256", Buffer.from(input), key.privateKey))}`;
}

function idToken(
  emu: Emulator,
  user: User,
  clientId: string,
  accessToken: string,
  lifetime: number,
  nonce?: string,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const atHash = b64url(createHash("sha256").update(accessToken).digest().subarray(0, 16));
  const claims: Record<string, unknown> = { iss: emu.baseUrl, azp: clientId, aud: clientId, sub: user.id };
  // Google sends `hd` only for Workspace accounts, with the organisation's primary domain.
  const hd = hostedDomain(user);
  if (hd) claims.hd = hd;
  Object.assign(claims, { email: user.email, email_verified: user.emailVerified !== false, at_hash: atHash });
  if (nonce) claims.nonce = nonce;
  Object.assign(claims, {
    name: user.fullName,
    picture: `${emu.baseUrl}/emulator/photos/${user.id}.svg`,
    given_name: user.givenName,
    family_name: user.familyName,
    iat: now,
    exp: now + lifetime,
  });
  return signJwt(emu, claims);
}

export async function handleToken(emu: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    oauthError(res, 405, "invalid_request", "The token endpoint only accepts POST.");
    return;
  }
  const form = parseForm(await readBody(req), req.headers["content-type"]);
  const { id, secret } = clientCredentials(req, form);
  if (!id) {
    oauthError(res, 400, "invalid_request", "Could not determine client ID from request.");
    return;
  }
  if (id !== emu.settings.clientId) {
    oauthError(res, 401, "invalid_client", "The OAuth client was not found.");
    return;
  }
  if (secret !== emu.settings.clientSecret) {
    oauthError(res, 401, "invalid_client", "Unauthorized");
    return;
  }
  const grantType = form.get("grant_type") ?? "";
  const lifetime = emu.config.tokenLifetimeSeconds;

  if (grantType === "authorization_code") {
    const codeValue = form.get("code");
    if (!codeValue) return oauthError(res, 400, "invalid_request", "Missing required parameter: code");
    const code = emu.tokens.takeCode(codeValue);
    if (!code || code.clientId !== id) return oauthError(res, 400, "invalid_grant", "Malformed auth code.");
    if (form.get("redirect_uri") !== code.redirectUri)
      return oauthError(res, 400, "redirect_uri_mismatch", "Bad Request");
    if (code.codeChallenge) {
      const verifier = form.get("code_verifier");
      if (!verifier) return oauthError(res, 400, "invalid_grant", "Missing code verifier.");
      const computed =
        code.codeChallengeMethod === "S256" ? b64url(createHash("sha256").update(verifier).digest()) : verifier;
      if (computed !== code.codeChallenge) return oauthError(res, 400, "invalid_grant", "Invalid code verifier.");
    }
    const user = emu.store.userByEmail(code.email);
    if (!user || user.disabled) return oauthError(res, 400, "invalid_grant", "Account has been deleted or disabled.");
    // Google issues a refresh token for access_type=offline on the user's first consent to
    // this client, and again only when the request said prompt=consent.
    const firstConsent = emu.tokens.recordConsent(user.email, id);
    const refresh =
      code.offline && (firstConsent || code.promptConsent)
        ? emu.tokens.issueRefresh(user.email, id, code.scopes, emu.config.refreshTokenLifetimeSeconds)
        : undefined;
    const access = emu.tokens.issueAccess(user.email, id, code.scopes, lifetime, refresh?.token);
    emu.logGrant("authorization_code", user.email);
    const body: Record<string, unknown> = { access_token: access.token, expires_in: reportedLifetime(lifetime) };
    if (refresh) body.refresh_token = refresh.token;
    body.scope = code.scopes.join(" ");
    body.token_type = "Bearer";
    if (code.scopes.includes("openid"))
      body.id_token = await idToken(emu, user, id, access.token, lifetime, code.nonce);
    sendJson(res, 200, body, TOKEN_HEADERS);
    return;
  }

  if (grantType === "refresh_token") {
    const rtValue = form.get("refresh_token");
    if (!rtValue) return oauthError(res, 400, "invalid_request", "Missing required parameter: refresh_token");
    const rt = emu.tokens.lookupRefresh(rtValue);
    const user = rt ? emu.store.userByEmail(rt.email) : undefined;
    if (!rt || !user || user.disabled) {
      return oauthError(res, 400, "invalid_grant", "Token has been expired or revoked.");
    }
    if (rt.clientId !== id) return oauthError(res, 400, "unauthorized_client", "Unauthorized");
    let scopes = rt.scopes;
    const requested = form.get("scope");
    if (requested) {
      const { scopes: narrowed } = normaliseScopes(requested);
      if (narrowed.some((s) => !rt.scopes.includes(s)))
        return oauthError(res, 400, "invalid_scope", "Some requested scopes were not granted.");
      scopes = narrowed;
    }
    // Google does not rotate refresh tokens: the response has no refresh_token.
    const access = emu.tokens.issueAccess(user.email, id, scopes, lifetime, rt.token);
    emu.logGrant("refresh_token", user.email);
    const body: Record<string, unknown> = {
      access_token: access.token,
      expires_in: reportedLifetime(lifetime),
      scope: scopes.join(" "),
      token_type: "Bearer",
    };
    if (scopes.includes("openid")) body.id_token = await idToken(emu, user, id, access.token, lifetime);
    sendJson(res, 200, body, TOKEN_HEADERS);
    return;
  }
  oauthError(res, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
}

// ---- userinfo, JWKS, revocation ----------------------------------------------------
export async function handleUserinfo(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = lowerHeaders(req);
  const m = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? "");
  const value = m?.[1] ?? url.searchParams.get("access_token") ?? undefined;
  const token = value ? emu.tokens.lookupAccess(value).token : undefined;
  const user = token ? emu.store.userByEmail(token.email) : undefined;
  if (!token || !user || user.disabled) {
    sendJson(
      res,
      401,
      { error: "invalid_request", error_description: "Invalid Credentials" },
      {
        "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      },
    );
    return;
  }
  const body: Record<string, unknown> = { sub: user.id };
  if (token.scopes.has("profile")) {
    Object.assign(body, {
      name: user.fullName,
      given_name: user.givenName,
      family_name: user.familyName,
      picture: `${emu.baseUrl}/emulator/photos/${user.id}.svg`,
    });
  }
  if (token.scopes.has("email"))
    Object.assign(body, { email: user.email, email_verified: user.emailVerified !== false });
  const hd = hostedDomain(user);
  if (hd) body.hd = hd;
  sendJson(res, 200, body);
}

/**
 * Google's tokeninfo (`/tokeninfo`, `/oauth2/v3/tokeninfo`): `access_token=` answers what the
 * token grants; `id_token=` answers the verified token's claims, as strings. Anything else
 * answers 400 `invalid_token`.
 */
export async function handleTokeninfo(emu: Emulator, req: IncomingMessage, res: ServerResponse, url: URL) {
  const form =
    req.method === "POST" ? parseForm(await readBody(req), req.headers["content-type"]) : new URLSearchParams();
  const get = (k: string) => url.searchParams.get(k) ?? form.get(k) ?? undefined;
  const invalid = () => sendJson(res, 400, { error: "invalid_token", error_description: "Invalid Value" });
  const accessValue = get("access_token");
  if (accessValue) {
    const token = emu.tokens.lookupAccess(accessValue).token;
    const user = token ? emu.store.userByEmail(token.email) : undefined;
    if (!token || !user) return invalid();
    const expiresIn = Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
    const body: Record<string, unknown> = {
      azp: token.clientId,
      aud: token.clientId,
      sub: user.id,
      scope: [...token.scopes].join(" "),
      exp: String(Math.floor(token.expiresAt / 1000)),
      expires_in: String(expiresIn),
      access_type: token.refreshToken ? "offline" : "online",
    };
    if (token.scopes.has("email"))
      Object.assign(body, { email: user.email, email_verified: String(user.emailVerified !== false) });
    return sendJson(res, 200, body);
  }
  const idValue = get("id_token");
  if (idValue) {
    const claims = await verifyIdToken(emu, idValue);
    if (!claims) return invalid();
    return sendJson(
      res,
      200,
      Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, typeof v === "string" ? v : String(v)])),
    );
  }
  invalid();
}

/** The claims of an id_token this emulator signed and that has not expired. */
async function verifyIdToken(emu: Emulator, jwt: string): Promise<Record<string, unknown> | undefined> {
  const [h, p, s] = jwt.split(".");
  if (!h || !p || !s) return undefined;
  const key = await emu.signingKey;
  const ok = verify("sha256", Buffer.from(`${h}.${p}`), createPublicKey(key.privateKey), Buffer.from(s, "base64url"));
  if (!ok) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>;
    return typeof claims.exp === "number" && claims.exp * 1000 > Date.now() ? claims : undefined;
  } catch {
    return undefined;
  }
}

export async function handleJwks(emu: Emulator, res: ServerResponse): Promise<void> {
  sendJson(res, 200, { keys: [(await emu.signingKey).publicJwk] }, { "Cache-Control": "public, max-age=300" });
}

export async function handleRevoke(emu: Emulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const form =
    req.method === "POST" ? parseForm(await readBody(req), req.headers["content-type"]) : new URLSearchParams();
  const token = url.searchParams.get("token") ?? form.get("token");
  if (token && emu.tokens.revoke(token)) {
    sendJson(res, 200, {});
    return;
  }
  sendJson(res, 400, { error: "invalid_token", error_description: "Token expired or revoked" });
}
