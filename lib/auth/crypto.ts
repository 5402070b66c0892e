import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Google tokens are encrypted at rest (AES-256-GCM, key derived from
 * AUTH_SECRET with HKDF), so a copied database or backup holds no usable
 * Google credentials. Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts.
 */
export type TokenCipher = { encrypt(plain: string): string; decrypt(sealed: string): string };

/** Key derivation runs once per secret, not on every token read (that is every Classroom call). */
const ciphers = new Map<string, TokenCipher>();

export function tokenCipher(secret: string): TokenCipher {
  let cipher = ciphers.get(secret);
  if (!cipher) {
    cipher = makeCipher(secret);
    ciphers.set(secret, cipher);
  }
  return cipher;
}

function makeCipher(secret: string): TokenCipher {
  const key = Buffer.from(hkdfSync("sha256", secret, "classroom-invitations", "google-token-encryption", 32));
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    decrypt(sealed: string): string {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Malformed sealed token");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

/** Session cookies are stored hashed: the database never holds a replayable cookie value. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
