import "server-only";

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

import { env, GOOGLE_DEFAULTS } from "@/lib/env";

/**
 * Auth.js (through oauth4webapi) validates the id_token's claims (issuer, audience, expiry,
 * nonce) but not its signature: OpenID Connect allows that for a token read straight from the
 * token endpoint over TLS. The dashboard checks the signature anyway, against the issuer's
 * published keys (Google's, or the emulator's in the demo), so a token endpoint that is not
 * the issuer's (a misrouted TOKEN_URL, a proxy in the middle) cannot choose who signs in.
 * https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken
 */

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keysAt(url: string) {
  let keys = keySets.get(url);
  if (!keys) {
    // jose caches the key set and refetches it when a token names a key it has not seen (rotation).
    keys = createRemoteJWKSet(new URL(url), { timeoutDuration: 10_000 });
    keySets.set(url, keys);
  }
  return keys;
}

/** Google's tokens say `https://accounts.google.com` or, from older flows, `accounts.google.com`. */
function issuersFor(issuer: string): string[] {
  return issuer === GOOGLE_DEFAULTS.issuer ? [issuer, "accounts.google.com"] : [issuer];
}

/**
 * The id_token's claims when its signature verifies against the issuer's keys and it was
 * issued to this app, for `expectedSub` when given; null otherwise (the reason is logged).
 */
export async function verifyIdToken(idToken: string | undefined, expectedSub?: string): Promise<JWTPayload | null> {
  if (!idToken) return null;
  const google = env().google;
  try {
    const { payload } = await jwtVerify(idToken, keysAt(google.jwksUrl), {
      issuer: issuersFor(google.issuer),
      audience: google.clientId,
      algorithms: ["RS256"],
      clockTolerance: 60,
    });
    if (expectedSub !== undefined && payload.sub !== expectedSub) throw new Error("sub differs from the profile's");
    return payload;
  } catch (e) {
    // The token itself is never logged: only why it was refused.
    console.warn(`[auth] id_token refused: ${e instanceof Error ? `${e.name}: ${e.message}` : "invalid"}`);
    return null;
  }
}
