import { db } from "@/lib/db";
import { tokenCipher } from "@/lib/auth/crypto";

const CLIENT = { id: "demo-client.apps.googleusercontent.com", secret: "demo-secret" };
const REDIRECT = "http://localhost:3000/api/auth/callback/google";

export type OfflineTokens = { access_token: string; refresh_token: string; expires_in: number; id_token?: string };

/** The browser part of sign-in, done over HTTP: pick the account in the chooser, trade the code. */
export async function signInOffline(emulatorUrl: string, email: string): Promise<OfflineTokens> {
  const params = {
    client_id: CLIENT.id,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope:
      "openid email profile https://www.googleapis.com/auth/classroom.rosters https://www.googleapis.com/auth/classroom.courses.readonly",
    access_type: "offline",
    // As the app asks: Google issues a refresh token on first consent or with prompt=consent.
    prompt: "consent",
    state: "s",
  };
  const chosen = await fetch(`${emulatorUrl}/o/oauth2/v2/auth`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...params, account: email }),
    redirect: "manual",
  });
  const code = new URL(chosen.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${emulatorUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
    }),
  });
  return (await res.json()) as OfflineTokens;
}

/** A dashboard user holding `email`'s real (emulated) grant, sealed as sign-in stores it. */
export async function seedGoogleAccount(emulatorUrl: string, email: string, expiresInSeconds: number) {
  const tokens = await signInOffline(emulatorUrl, email);
  const seal = tokenCipher(process.env.AUTH_SECRET!);
  const d = await db();
  const [user] = await d.query<{ id: string }>("INSERT INTO users (email, name) VALUES ($1, $1) RETURNING id", [email]);
  await d.query(
    `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token, refresh_token, expires_at, token_lifetime)
     VALUES ($1, 'oidc', 'google', $2, $3, $4, $5, 3600)`,
    [
      user!.id,
      `sub-${email}`,
      seal.encrypt(tokens.access_token),
      seal.encrypt(tokens.refresh_token),
      Math.floor(Date.now() / 1000) + expiresInSeconds,
    ],
  );
  return { userId: user!.id, tokens };
}
