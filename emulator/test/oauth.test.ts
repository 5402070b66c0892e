import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { ACCOUNTS, SCOPE, expectApiError, okCall, setupTestEmulator, sleep } from "./helpers";

/**
 * The real authorization-code flow over HTTP, as a browser and next-auth would drive it:
 * discovery → account chooser → POST choice → redirect with code → token exchange (PKCE)
 * → id_token checked against JWKS → userinfo → refresh → revoke.
 */

const CLIENT_ID = process.env.EMULATOR_CLIENT_ID || "demo-client.apps.googleusercontent.com";
const CLIENT_SECRET = process.env.EMULATOR_CLIENT_SECRET || "demo-secret";
const REDIRECT_URI = "http://127.0.0.1:3000/api/auth/callback/google";
const APP_SCOPES = ["openid", "email", "profile", SCOPE.coursesReadonly, SCOPE.rosters, SCOPE.profileEmails];

const emu = setupTestEmulator();
let oidc: Record<string, string | string[]>;
beforeEach(async () => {
  oidc = (await (await fetch(emu.url + "/.well-known/openid-configuration")).json()) as typeof oidc;
});

// ---------------------------------------------------------------- tiny HTML reading

const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, "i").exec(tag);
  return m ? decode(m[2] ?? m[3] ?? "") : undefined;
};
const text = (html: string) =>
  decode(html.replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

interface ChooserButton {
  name?: string;
  value?: string;
  text: string;
  disabled: boolean;
  form: { action: string; hidden: [string, string][] };
}

function chooserButtons(html: string): ChooserButton[] {
  const out: ChooserButton[] = [];
  for (const fm of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const action = attr(fm[1]!, "action") ?? "";
    const inner = fm[2]!;
    const hidden: [string, string][] = [];
    // What a browser submits: hidden inputs and ticked checkboxes (the consent step's scopes).
    for (const im of inner.matchAll(/<input\b[^>]*>/gi)) {
      const type = (attr(im[0], "type") ?? "").toLowerCase();
      if (type === "hidden" || (type === "checkbox" && /\bchecked\b/i.test(im[0])))
        hidden.push([attr(im[0], "name") ?? "", attr(im[0], "value") ?? ""]);
    }
    for (const bm of inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      out.push({
        name: attr(bm[1]!, "name"),
        value: attr(bm[1]!, "value"),
        text: text(bm[2]!),
        disabled: /\bdisabled\b/i.test(bm[1]!),
        form: { action, hidden },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- flow helpers

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

function authUrl(params: Record<string, string>) {
  const u = new URL(String(oidc.authorization_endpoint));
  for (const [k, v] of Object.entries({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: APP_SCOPES.join(" "),
    access_type: "offline",
    // As the app asks: Google re-issues a refresh token only on prompt=consent after the first consent.
    prompt: "consent",
    ...params,
  })) {
    u.searchParams.set(k, v);
  }
  return u;
}

/**
 * Picks `email` on the chooser: its button, or "Use another account" for accounts not listed.
 * `untick` leaves those scopes' consent checkboxes unticked.
 */
async function chooseAccount(page: URL, email: string, untick: readonly string[] = []): Promise<Response> {
  const html = await (await fetch(page)).text();
  const buttons = chooserButtons(html);
  const button = buttons.find((b) => b.text.includes(email)) ?? buttons.find((b) => b.text === "Next");
  if (!button) throw new Error(`no chooser button for ${email}`);
  const form = new URLSearchParams(
    button.form.hidden.filter(([k, v]) => !(k === "granted_scope" && untick.includes(v))),
  );
  if (button.name) form.set(button.name, button.value ?? "");
  else form.set("account", email);
  return fetch(new URL(button.form.action || page.toString(), page), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
}

async function tokenRequest(form: Record<string, string>, authMode: "post" | "basic" = "post", secret = CLIENT_SECRET) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams(form);
  if (authMode === "basic") {
    headers.authorization =
      "Basic " + Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(secret)}`).toString("base64");
  } else {
    body.set("client_id", CLIENT_ID);
    body.set("client_secret", secret);
  }
  const res = await fetch(String(oidc.token_endpoint), { method: "POST", headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Full sign-in for `email`; returns the code redirect and the token response. */
async function signIn(
  email: string,
  opts: {
    scope?: string;
    authMode?: "post" | "basic";
    offline?: boolean;
    nonce?: string;
    prompt?: string;
    untick?: string[];
  } = {},
) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString("hex");
  const page = authUrl({
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(opts.offline === false ? { access_type: "online" } : {}),
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
    ...(opts.prompt !== undefined ? { prompt: opts.prompt } : {}),
  });
  const chosen = await chooseAccount(page, email, opts.untick);
  expect(chosen.status).toBe(302);
  const location = new URL(chosen.headers.get("location")!);
  expect(location.origin + location.pathname).toBe(REDIRECT_URI);
  expect(location.searchParams.get("state")).toBe(state);
  const code = location.searchParams.get("code")!;
  expect(code).toBeTruthy();
  const tok = await tokenRequest(
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
    opts.authMode,
  );
  expect(tok.status, JSON.stringify(tok.body)).toBe(200);
  return {
    code,
    verifier,
    state,
    tokens: tok.body as {
      access_token: string;
      refresh_token?: string;
      id_token?: string;
      expires_in: number;
      scope: string;
      token_type: string;
    },
  };
}

// ---------------------------------------------------------------- tests

describe("OpenID discovery and JWKS", () => {
  it("serves a discovery document whose issuer is the base URL and whose endpoints live on it", async () => {
    expect(oidc.issuer).toBe(emu.url);
    expect(oidc.authorization_endpoint).toBe(`${emu.url}/o/oauth2/v2/auth`);
    expect(oidc.token_endpoint).toBe(`${emu.url}/token`);
    expect(oidc.userinfo_endpoint).toBe(`${emu.url}/v1/userinfo`);
    expect(oidc.jwks_uri).toBe(`${emu.url}/oauth2/v3/certs`);
    expect(oidc.revocation_endpoint).toBe(`${emu.url}/revoke`);
    expect(oidc.code_challenge_methods_supported).toContain("S256");
    expect(oidc.id_token_signing_alg_values_supported).toContain("RS256");
    const jwks = (await (await fetch(String(oidc.jwks_uri))).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });
});

describe("account chooser", () => {
  it("lists each fixed account as a button whose name has the email, with the role visible", async () => {
    // The security-test names, to check that the chooser escapes them.
    await emu.reset({ profile: "hostile" });
    const { challenge } = pkce();
    const res = await fetch(authUrl({ state: "s1", code_challenge: challenge, code_challenge_method: "S256" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const buttons = chooserButtons(html);
    const expectations: [string, RegExp][] = [
      [ACCOUNTS.admin, /admin/i],
      [ACCOUNTS.teacher, /teacher/i],
      [ACCOUNTS.teacher2, /teacher/i],
      [ACCOUNTS.newteacher, /teacher/i],
      [ACCOUNTS.student, /student/i],
    ];
    for (const [email, role] of expectations) {
      const b = buttons.find((x) => x.text.includes(email));
      expect(b, `button for ${email}`).toBeDefined();
      expect(b!.text).toMatch(role);
    }
    expect(buttons.find((b) => b.text.includes("Dana Whitfield"))?.text).toContain(ACCOUNTS.admin);
    // Hostile seed names are escaped, never live markup.
    expect(html).not.toMatch(/<img\s+src=x/i);
    expect(html).toContain("&lt;img src=x");
  });

  it("refuses a redirect_uri off loopback and an unknown client without redirecting", async () => {
    const cases: Record<string, string>[] = [
      { redirect_uri: "https://evil.example/cb" },
      { client_id: "nope.apps.googleusercontent.com" },
    ];
    for (const params of cases) {
      const res = await fetch(authUrl({ state: "x", ...params }), { redirect: "manual" });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("a disabled account cannot complete sign-in", async () => {
    const res = await chooseAccount(authUrl({ state: "d" }), ACCOUNTS.disabled).catch(async () => {
      // The chooser may not offer a usable button for a disabled account: post it by hand.
      const html = await (await fetch(authUrl({ state: "d" }))).text();
      const any = chooserButtons(html).find((b) => b.name);
      const form = new URLSearchParams(any!.form.hidden);
      form.set(any!.name!, ACCOUNTS.disabled);
      return fetch(new URL(any!.form.action, emu.url), { method: "POST", body: form, redirect: "manual" });
    });
    expect(res.status).not.toBe(302);
    expect(res.headers.get("location")).toBeNull();
  });

  it("login_hint puts the hinted account first", async () => {
    const html = await (await fetch(authUrl({ state: "h", login_hint: ACCOUNTS.teacher2 }))).text();
    const first = chooserButtons(html).find((b) => /@/.test(b.text));
    expect(first?.text).toContain(ACCOUNTS.teacher2);
  });

  it("prompt=none without a hint redirects back with an error; with login_hint it completes silently", async () => {
    const denied = await fetch(authUrl({ state: "pn", prompt: "none" }), { redirect: "manual" });
    expect(denied.status).toBe(302);
    const loc = new URL(denied.headers.get("location")!);
    expect(loc.origin + loc.pathname).toBe(REDIRECT_URI);
    expect(loc.searchParams.get("error")).toMatch(/^(interaction_required|login_required|account_selection_required)$/);
    expect(loc.searchParams.get("state")).toBe("pn");
    expect(loc.searchParams.get("code")).toBeNull();

    const { verifier, challenge } = pkce();
    const silent = await fetch(
      authUrl({
        state: "pn2",
        prompt: "none",
        login_hint: ACCOUNTS.teacher2,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }),
      { redirect: "manual" },
    );
    expect(silent.status).toBe(302);
    const sl = new URL(silent.headers.get("location")!);
    expect(sl.searchParams.get("state")).toBe("pn2");
    const tok = await tokenRequest({
      grant_type: "authorization_code",
      code: sl.searchParams.get("code")!,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(tok.status).toBe(200);
    const me = await okCall(
      emu.client(tok.body.access_token as string).userProfiles.get({ userId: "me" }),
      "UserProfile",
    );
    expect(me.emailAddress).toBe(ACCOUNTS.teacher2);
  });
});

describe("token endpoint, id_token, userinfo", () => {
  it("exchanges the code with PKCE S256; id_token verifies against JWKS with iss/aud; the token calls Classroom", async () => {
    const nonce = randomBytes(6).toString("hex");
    const { tokens, code, verifier } = await signIn(ACCOUNTS.teacher, { nonce });
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.access_token).toMatch(/^ya29\.emu\./);
    expect(tokens.refresh_token).toMatch(/^1\/\/emu\./);
    expect(tokens.expires_in).toBe(3599); // Google's answer for its one-hour tokens
    expect(tokens.scope.split(" ")).toEqual(expect.arrayContaining(APP_SCOPES));

    const w = await emu.world();
    const jwks = createRemoteJWKSet(new URL(String(oidc.jwks_uri)));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, {
      issuer: emu.url,
      audience: CLIENT_ID,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      sub: w.user(ACCOUNTS.teacher).id,
      email: ACCOUNTS.teacher,
      email_verified: true,
      nonce,
      name: "Marisol Alvarez",
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    await expect(jwtVerify(tokens.id_token!, jwks, { issuer: emu.url, audience: "someone-else" })).rejects.toThrow();
    await expect(
      jwtVerify(tokens.id_token!, jwks, { issuer: "https://accounts.google.com", audience: CLIENT_ID }),
    ).rejects.toThrow();

    const api = emu.client(tokens.access_token);
    const me = await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    expect(me.id).toBe(w.user(ACCOUNTS.teacher).id);
    await okCall(api.courses.list({ teacherId: "me" }), "ListCoursesResponse");

    // A code is single-use.
    const again = await tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("a wrong or missing code_verifier → invalid_grant", async () => {
    for (const verifierOverride of ["wrong-verifier-" + "x".repeat(40), undefined]) {
      const { challenge } = pkce();
      const chosen = await chooseAccount(
        authUrl({ state: "v", code_challenge: challenge, code_challenge_method: "S256" }),
        ACCOUNTS.student,
      );
      const code = new URL(chosen.headers.get("location")!).searchParams.get("code")!;
      const form: Record<string, string> = { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI };
      if (verifierOverride) form.code_verifier = verifierOverride;
      const res = await tokenRequest(form);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_grant");
    }
  });

  it("client_secret_basic works; a wrong secret → 401 invalid_client", async () => {
    const { tokens } = await signIn(ACCOUNTS.student, { authMode: "basic" });
    expect(tokens.access_token).toBeTruthy();
    const { challenge, verifier } = pkce();
    const chosen = await chooseAccount(
      authUrl({ state: "b", code_challenge: challenge, code_challenge_method: "S256" }),
      ACCOUNTS.student,
    );
    const code = new URL(chosen.headers.get("location")!).searchParams.get("code")!;
    const bad = await tokenRequest(
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
      "basic",
      "wrong",
    );
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe("invalid_client");
  });

  it("access_type=online gets no refresh_token", async () => {
    const { tokens } = await signIn(ACCOUNTS.student, { offline: false });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it("userinfo answers the signed-in user; no token → 401", async () => {
    const { tokens } = await signIn(ACCOUNTS.admin);
    const w = await emu.world();
    const res = await fetch(String(oidc.userinfo_endpoint), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sub: w.user(ACCOUNTS.admin).id,
      email: ACCOUNTS.admin,
      email_verified: true,
      name: "Dana Whitfield",
      given_name: "Dana",
      family_name: "Whitfield",
    });
    expect((await fetch(String(oidc.userinfo_endpoint))).status).toBe(401);
  });
});

describe("refresh, revocation, expiry, scopes", () => {
  it("refresh_token grant mints a working access token; after revoke, refresh → invalid_grant", async () => {
    const { tokens } = await signIn(ACCOUNTS.teacher);
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).toMatch(/^ya29\.emu\./);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    await okCall(emu.client(refreshed.body.access_token as string).userProfiles.get({ userId: "me" }), "UserProfile");

    const revoke = await fetch(
      `${String(oidc.revocation_endpoint)}?token=${encodeURIComponent(tokens.refresh_token!)}`,
      { method: "POST" },
    );
    expect(revoke.status).toBe(200);
    const after = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(after.status).toBe(400);
    expect(after.body.error).toBe("invalid_grant");
    // Revoking the grant also kills the access tokens minted from it (Google's behaviour).
    await expectApiError(emu.client(refreshed.body.access_token as string).courses.list({}), 401, "UNAUTHENTICATED");
  });

  it("revocation also takes the token in a form body, and an access token revoked that way stops working", async () => {
    const { tokens } = await signIn(ACCOUNTS.student);
    const res = await fetch(String(oidc.revocation_endpoint), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens.access_token }),
    });
    expect(res.status).toBe(200);
    await expectApiError(emu.client(tokens.access_token).userProfiles.get({ userId: "me" }), 401, "UNAUTHENTICATED");
  });

  it("access tokens expire: tokenLifetimeSeconds=1 → 401 after ~1.2 s, and refresh recovers", async () => {
    await emu.config({ tokenLifetimeSeconds: 1 });
    const { tokens } = await signIn(ACCOUNTS.teacher);
    expect(tokens.expires_in).toBe(1);
    const api = emu.client(tokens.access_token);
    await okCall(api.userProfiles.get({ userId: "me" }), "UserProfile");
    await sleep(1200);
    await expectApiError(api.userProfiles.get({ userId: "me" }), 401, "UNAUTHENTICATED");
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(1);
    await okCall(emu.client(refreshed.body.access_token as string).userProfiles.get({ userId: "me" }), "UserProfile");

    // Control-API tokens honour expiresIn the same way.
    const short = await emu.token(ACCOUNTS.teacher, undefined, 1);
    await okCall(emu.client(short).userProfiles.get({ userId: "me" }), "UserProfile");
    await sleep(1200);
    await expectApiError(emu.client(short).userProfiles.get({ userId: "me" }), 401, "UNAUTHENTICATED");
  });

  it("scopes are enforced: a rosters.readonly grant can list invitations but not create (403 insufficient scopes)", async () => {
    const { tokens } = await signIn(ACCOUNTS.teacher, { scope: `openid email ${SCOPE.rostersReadonly}` });
    expect(tokens.scope.split(" ")).not.toContain(SCOPE.rosters);
    const api = emu.client(tokens.access_token);
    await okCall(api.invitations.list({ userId: "me" }), "ListInvitationsResponse");
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const e = await expectApiError(
      api.invitations.create({
        requestBody: { courseId: course.id, userId: w.outsiderFor(course).id, role: "STUDENT" },
      }),
      403,
      "PERMISSION_DENIED",
    );
    expect(e.data.error.message).toBe("Request had insufficient authentication scopes.");
    await expectApiError(api.courses.list({}), 403, "PERMISSION_DENIED");
  });
});

describe("Google's strictness: refresh tokens, hd, email_verified, expires_in, tokeninfo, granular consent", () => {
  const idClaims = async (idToken: string) =>
    (await jwtVerify(idToken, createRemoteJWKSet(new URL(String(oidc.jwks_uri))), { issuer: emu.url })).payload;

  it("a refresh token only on the first consent, or again with prompt=consent", async () => {
    // r.nakamura has not signed in anywhere else in this file.
    const first = await signIn("r.nakamura@northwood.edu", { prompt: "" });
    expect(first.tokens.refresh_token).toMatch(/^1\/\/emu\./);
    const again = await signIn("r.nakamura@northwood.edu", { prompt: "" });
    expect(again.tokens.refresh_token).toBeUndefined();
    const reconsent = await signIn("r.nakamura@northwood.edu", { prompt: "consent" });
    expect(reconsent.tokens.refresh_token).toMatch(/^1\/\/emu\./);
  });

  it("refresh tokens can expire (refreshTokenLifetimeSeconds) → invalid_grant", async () => {
    await emu.config({ refreshTokenLifetimeSeconds: 1 });
    const { tokens } = await signIn(ACCOUNTS.teacher);
    expect(tokens.refresh_token).toBeTruthy();
    await sleep(1_200);
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("expires_in is 3599 for a one-hour token, on the code exchange and on refresh", async () => {
    const { tokens } = await signIn(ACCOUNTS.student);
    expect(tokens.expires_in).toBe(3599);
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed.body.expires_in).toBe(3599);
  });

  it("no hd for a personal account; a secondary domain's hd is the primary domain; email_verified as the account says", async () => {
    const consumer = await idClaims((await signIn("sam.rivera.family@gmail.com")).tokens.id_token!);
    expect(consumer).not.toHaveProperty("hd");
    expect(consumer.email_verified).toBe(true);
    const coach = await idClaims((await signIn("coach.lee@athletics.northwood.edu")).tokens.id_token!);
    expect(coach).toMatchObject({ hd: "northwood.edu", email: "coach.lee@athletics.northwood.edu" });
    const unverified = await signIn("jo.parker@example.net");
    expect(await idClaims(unverified.tokens.id_token!)).toMatchObject({ email_verified: false });
    expect(await idClaims(unverified.tokens.id_token!)).not.toHaveProperty("hd");
    const info = await fetch(String(oidc.userinfo_endpoint), {
      headers: { authorization: `Bearer ${unverified.tokens.access_token}` },
    });
    const body = (await info.json()) as Record<string, unknown>;
    expect(body.email_verified).toBe(false);
    expect(body).not.toHaveProperty("hd");
  });

  it("tokeninfo describes an access token and an id_token; anything else → 400 invalid_token", async () => {
    const { tokens } = await signIn(ACCOUNTS.teacher);
    const at = await fetch(`${emu.url}/tokeninfo?access_token=${encodeURIComponent(tokens.access_token)}`);
    expect(at.status).toBe(200);
    const atInfo = (await at.json()) as Record<string, string>;
    expect(atInfo).toMatchObject({ aud: CLIENT_ID, azp: CLIENT_ID, email: ACCOUNTS.teacher, access_type: "offline" });
    expect(atInfo.scope!.split(" ")).toEqual(expect.arrayContaining(APP_SCOPES));
    expect(Number(atInfo.expires_in)).toBeGreaterThan(3_500);
    const id = await fetch(`${emu.url}/oauth2/v3/tokeninfo?id_token=${encodeURIComponent(tokens.id_token!)}`);
    expect(id.status).toBe(200);
    expect(await id.json()).toMatchObject({ aud: CLIENT_ID, email: ACCOUNTS.teacher, email_verified: "true" });
    const bad = await fetch(`${emu.url}/tokeninfo?access_token=ya29.nope`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_token" });
  });

  it("granular consent: each Classroom scope is a ticked checkbox; an unticked one is not granted, and Classroom refuses what needs it", async () => {
    const page = authUrl({ state: "g" });
    const html = await (await fetch(page)).text();
    const boxes = [...html.matchAll(/<input type="checkbox" name="granted_scope" value="([^"]+)" checked>/g)].map(
      (m) => m[1],
    );
    expect(boxes.sort()).toEqual([SCOPE.coursesReadonly, SCOPE.profileEmails, SCOPE.rosters].sort());
    const { tokens } = await signIn(ACCOUNTS.teacher2, { untick: [SCOPE.rosters] });
    expect(tokens.scope.split(" ")).not.toContain(SCOPE.rosters);
    expect(tokens.scope.split(" ")).toEqual(expect.arrayContaining(["openid", SCOPE.coursesReadonly]));
    const api = emu.client(tokens.access_token);
    await okCall(api.courses.list({ teacherId: "me" }), "ListCoursesResponse");
    await expectApiError(
      api.invitations.create({ requestBody: { courseId: "1", userId: "me", role: "STUDENT" } }),
      403,
      "PERMISSION_DENIED",
    );
  });
});
