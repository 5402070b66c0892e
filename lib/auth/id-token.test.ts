import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, describe, expect, it } from "vitest";

import { startEmulator } from "@/emulator/src/server";
import { signInOffline } from "@/lib/test/emulator-oauth";

import { verifyIdToken } from "./id-token";

/**
 * A forged id_token is refused: the emulator publishes its keys at its jwks_uri and signs its
 * id_tokens with them, exactly as Google does, and the app verifies against those keys.
 */
const emu = await startEmulator({ port: 0 });
process.env.EMULATOR_URL = emu.url;
afterAll(() => emu.close());

const real = (await signInOffline(emu.url, "teacher@northwood.edu")).id_token!;
const claims = decodeJwt(real);
const { kid } = decodeProtectedHeader(real);

describe("verifyIdToken", () => {
  it("accepts the issuer's own token, for the subject it names", async () => {
    expect(await verifyIdToken(real)).toMatchObject({ iss: emu.url, sub: claims.sub, email: "teacher@northwood.edu" });
    expect(await verifyIdToken(real, claims.sub)).not.toBeNull();
    expect(await verifyIdToken(real, "someone-else")).toBeNull();
  });

  it("refuses a token signed with another key, even one that claims the issuer's key id", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ ...claims, email: "admin@northwood.edu" })
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .sign(privateKey);
    expect(await verifyIdToken(forged)).toBeNull();
  });

  it("refuses the real signature over changed claims, an unsigned token and no token", async () => {
    const [header, , signature] = real.split(".");
    const changed = Buffer.from(JSON.stringify({ ...claims, email: "admin@northwood.edu" })).toString("base64url");
    expect(await verifyIdToken(`${header}.${changed}.${signature}`)).toBeNull();

    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    expect(await verifyIdToken(`${none}.${real.split(".")[1]}.`)).toBeNull();
    expect(await verifyIdToken(undefined)).toBeNull();
  });

  it("refuses a genuine token issued to another app", async () => {
    process.env.EMULATOR_CLIENT_ID = "another-app.apps.googleusercontent.com";
    try {
      expect(await verifyIdToken(real)).toBeNull();
    } finally {
      delete process.env.EMULATOR_CLIENT_ID;
    }
  });
});
