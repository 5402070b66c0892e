/**
 * OAuth artefacts: authorization codes, access tokens and refresh tokens.
 * Tokens are bound to an email (not a user id) and resolved against the current store
 * on every request, so a `POST /emulator/v1/reset` keeps signed-in sessions working
 * for accounts that still exist (A: emulator convenience).
 */
import { randomBytes } from "node:crypto";

export interface AccessToken {
  token: string;
  email: string;
  clientId: string;
  scopes: Set<string>;
  expiresAt: number;
  /** The refresh token this access token was minted from, if any (revocation cascades). */
  refreshToken?: string;
}

export interface RefreshToken {
  token: string;
  email: string;
  clientId: string;
  scopes: string[];
  /** Epoch ms; absent = until revoked. */
  expiresAt?: number;
}

export interface AuthCode {
  code: string;
  email: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  offline: boolean;
  /** The request asked for `prompt=consent`: Google then issues a new refresh token. */
  promptConsent: boolean;
  expiresAt: number;
}

/** Google's authorization codes are short-lived; 10 minutes is the RFC 6749 §4.1.2 maximum. */
export const CODE_LIFETIME_MS = 10 * 60_000;

const rand = (bytes: number) => randomBytes(bytes).toString("base64url");

export class TokenStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthCode>();

  issueAccess(
    email: string,
    clientId: string,
    scopes: Iterable<string>,
    lifetimeSeconds: number,
    refreshToken?: string,
  ): AccessToken {
    this.sweep();
    const t: AccessToken = {
      token: `ya29.emu.${rand(32)}`,
      email,
      clientId,
      scopes: new Set(scopes),
      expiresAt: Date.now() + lifetimeSeconds * 1000,
    };
    if (refreshToken) t.refreshToken = refreshToken;
    this.access.set(t.token, t);
    return t;
  }

  issueRefresh(email: string, clientId: string, scopes: string[], lifetimeSeconds = 0): RefreshToken {
    const t: RefreshToken = { token: `1//emu.${rand(32)}`, email, clientId, scopes };
    if (lifetimeSeconds > 0) t.expiresAt = Date.now() + lifetimeSeconds * 1000;
    this.refresh.set(t.token, t);
    return t;
  }

  private readonly consents = new Set<string>();

  /**
   * Records that `email` consented to `clientId`; true the first time. Google returns a
   * refresh token on that first consent, and afterwards only when `prompt=consent` asks again.
   */
  recordConsent(email: string, clientId: string): boolean {
    const key = `${email.toLowerCase()}|${clientId}`;
    if (this.consents.has(key)) return false;
    this.consents.add(key);
    return true;
  }

  issueCode(c: Omit<AuthCode, "code" | "expiresAt">): AuthCode {
    const code: AuthCode = { ...c, code: `4/emu.${rand(24)}`, expiresAt: Date.now() + CODE_LIFETIME_MS };
    this.codes.set(code.code, code);
    return code;
  }

  /** Codes are single-use: the lookup consumes the code (RFC 6749 §4.1.2). */
  takeCode(code: string): AuthCode | undefined {
    const c = this.codes.get(code);
    this.codes.delete(code);
    if (!c || c.expiresAt < Date.now()) return undefined;
    return c;
  }

  /** Returns the token if it exists and is unexpired; `expired` distinguishes the two failures. */
  lookupAccess(token: string): { token?: AccessToken; expired: boolean } {
    const t = this.access.get(token);
    if (!t) return { expired: false };
    if (t.expiresAt <= Date.now()) return { expired: true };
    return { token: t, expired: false };
  }

  /** The refresh token if it exists, is unrevoked and has not expired. */
  lookupRefresh(token: string): RefreshToken | undefined {
    const t = this.refresh.get(token);
    if (t?.expiresAt !== undefined && t.expiresAt <= Date.now()) return undefined;
    return t;
  }

  /**
   * Google: revoking an access token that has a refresh token also revokes the refresh
   * token; revoking a refresh token invalidates the access tokens minted from it.
   */
  revoke(token: string): boolean {
    const access = this.access.get(token);
    if (access) {
      this.access.delete(token);
      if (access.refreshToken) this.revokeRefresh(access.refreshToken);
      return true;
    }
    if (this.refresh.has(token)) {
      this.revokeRefresh(token);
      return true;
    }
    return false;
  }

  private revokeRefresh(rt: string): void {
    this.refresh.delete(rt);
    for (const [k, v] of this.access) if (v.refreshToken === rt) this.access.delete(k);
  }

  /** Drops long-expired tokens now and then so memory stays bounded in long demos. */
  private lastSweep = 0;
  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, v] of this.access) if (v.expiresAt < now - 3600_000) this.access.delete(k);
    for (const [k, v] of this.codes) if (v.expiresAt < now) this.codes.delete(k);
  }
}
