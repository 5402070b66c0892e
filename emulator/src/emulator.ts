/**
 * The emulator's mutable world: store, config, tokens, signing key, faults, logs and
 * quota windows. One instance per `startEmulator()`; no module-level state, so several
 * emulators can run in one test process.
 */
import { createHash, generateKeyPair, type KeyObject } from "node:crypto";
import { defaultConfig, type EmulatorConfig, type ServerSettings } from "./config";
import type { RpcStatus } from "./errors";
import { seedDemo } from "./seed/demo";
import { seedLarge } from "./seed/large";
import type { Store } from "./state";
import { ConsistencyLag } from "./lag";
import { Prng } from "./prng";
import { TokenStore } from "./tokens";

export type SeedSpec = "demo" | "hostile" | { profile: "large"; courses: number };

export interface FaultRule {
  method?: string;
  /** Regular expression tested against the path including the query string. */
  path?: string;
  /** An HTTP status, or a google.rpc.Code name. */
  status?: number | RpcStatus;
  /** A Classroom reason without the `@` (parsed from `"@ClassroomApiDisabled"`): the `@Reason ` prefix. */
  reason?: string;
  /** Seconds for a `Retry-After` header; absent = no header, as Google's quota refusals. */
  retryAfter?: number;
  /** Replaces the default text after the reason. */
  message?: string;
  /** Remaining matches; absent = unlimited. */
  times?: number;
  latencyMs?: number;
  dropAfterCommit?: boolean;
  /** Fraction (0–1) of matching requests the rule applies to; absent = all of them. */
  probability?: number;
  /** Seed of the rule's own PRNG, so a probabilistic run can be replayed exactly (default 1). */
  seed?: number;
}

interface CompiledFault {
  rule: FaultRule;
  regex: RegExp | null;
  prng: Prng | null;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  email: string | null;
  status: number;
  at: string;
}

export interface GrantLogEntry {
  grant_type: string;
  email: string | null;
  at: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

/** Keeps the request log bounded in long demos and benchmarks. */
const LOG_CAP = 50_000;

export class Emulator {
  store: Store;
  config: EmulatorConfig = defaultConfig();
  readonly tokens = new TokenStore();
  /** What reads don't see yet under `consistencyLagMs`. */
  readonly lag = new ConsistencyLag();
  readonly signingKey: Promise<SigningKey>;
  private faults: CompiledFault[] = [];
  private requestLog: RequestLogEntry[] = [];
  private grantLog: GrantLogEntry[] = [];
  private readonly windows = new Map<string, number[]>();
  private readonly dailyInvites = new Map<string, number[]>();
  seed: SeedSpec;

  constructor(
    readonly settings: ServerSettings,
    seed: SeedSpec,
    /** Issuer and base URL for links; set once the server knows its port. */
    public baseUrl = "",
  ) {
    this.seed = seed;
    this.store = buildStore(seed);
    // A fresh RSA key per process: id_tokens from a previous run must not verify. Generated
    // off the main thread (~0.5 s for 2048 bits) so the server starts listening at once.
    this.signingKey = new Promise<SigningKey>((resolve, reject) => {
      generateKeyPair("rsa", { modulusLength: 2048 }, (err, publicKey, privateKey) => {
        if (err) return reject(err);
        const jwk = publicKey.export({ format: "jwk" }) as Record<string, unknown>;
        const kid = createHash("sha256").update(String(jwk.n)).digest("hex").slice(0, 40);
        resolve({ kid, privateKey, publicJwk: { ...jwk, kid, alg: "RS256", use: "sig" } });
      });
    });
  }

  /** `POST /emulator/v1/reset`: new world, default config, no faults, empty quota windows. */
  reset(seed: SeedSpec): void {
    this.seed = seed;
    this.store = buildStore(seed);
    this.config = defaultConfig();
    this.faults = [];
    this.windows.clear();
    this.dailyInvites.clear();
    this.lag.clear();
  }

  // ---- faults ------------------------------------------------------------
  addFaults(rules: FaultRule[]): void {
    for (const rule of rules) {
      this.faults.push({
        rule,
        regex: rule.path === undefined ? null : new RegExp(rule.path),
        prng: rule.probability === undefined ? null : new Prng(rule.seed ?? 1),
      });
    }
  }
  clearFaults(): void {
    this.faults = [];
  }
  listFaults(): FaultRule[] {
    return this.faults.map((f) => f.rule);
  }
  /**
   * The most recently added rule matching `method` and `pathWithQuery`; consumes one of its `times`.
   * Rules without a `path` only match Classroom routes (`classroom=true`), so a blanket
   * "fail everything" rule never breaks sign-in by accident.
   */
  takeFault(method: string, pathWithQuery: string, classroom: boolean): FaultRule | undefined {
    // Newest rule first: a rule added later overrides an older, broader one (A).
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i] as CompiledFault;
      if (f.rule.method && f.rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.regex ? !f.regex.test(pathWithQuery) : !classroom) continue;
      // A request the dice spare falls through to older rules, and uses none of this rule's `times`.
      if (f.prng && f.prng.next() >= (f.rule.probability ?? 1)) continue;
      if (f.rule.times !== undefined) {
        if (f.rule.times <= 0) continue;
        f.rule.times -= 1;
        if (f.rule.times === 0) this.faults.splice(i, 1);
      }
      return f.rule;
    }
    return undefined;
  }

  // ---- logs --------------------------------------------------------------
  logRequest(entry: RequestLogEntry): void {
    this.requestLog = appendCapped(this.requestLog, entry);
  }
  requests(): RequestLogEntry[] {
    return this.requestLog;
  }
  clearRequests(): void {
    this.requestLog = [];
  }
  logGrant(grant_type: string, email: string | null): void {
    this.grantLog = appendCapped(this.grantLog, { grant_type, email, at: new Date().toISOString() });
  }
  grants(): GrantLogEntry[] {
    return this.grantLog;
  }
  clearGrants(): void {
    this.grantLog = [];
  }

  // ---- quotas ------------------------------------------------------------
  /**
   * Sliding 60 s window (Google: "checked on a 60-second moving average", docs/classroom-api.md §6.1;
   * `quotas.perMinuteWindowSeconds` shortens it for tests).
   * Returns 0 when allowed (and counts the call), else the seconds until a slot frees up.
   */
  takeQuota(key: string, limit: number, now = Date.now()): number {
    let hits = this.windows.get(key);
    if (!hits) this.windows.set(key, (hits = []));
    const windowMs = this.config.quotas.perMinuteWindowSeconds * 1000;
    const cutoff = now - windowMs;
    let drop = 0;
    while (drop < hits.length && (hits[drop] as number) <= cutoff) drop++;
    if (drop) hits.splice(0, drop);
    if (hits.length >= limit) {
      const oldest = hits[0] ?? now;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    }
    hits.push(now);
    return 0;
  }

  /**
   * Invitations sent by `userId` in the last `quotas.invitationWindowSeconds` (A: a rolling day;
   * the Help Center says "per day").
   */
  invitationsSentToday(userId: string, now = Date.now()): number {
    const list = this.dailyInvites.get(userId);
    if (!list) return 0;
    const windowMs = this.config.quotas.invitationWindowSeconds * 1000;
    while (list.length && (list[0] as number) <= now - windowMs) list.shift();
    return list.length;
  }
  countInvitationSent(userId: string, now = Date.now()): void {
    let list = this.dailyInvites.get(userId);
    if (!list) this.dailyInvites.set(userId, (list = []));
    list.push(now);
  }
}

/** Appends to a log, trimming it back to LOG_CAP entries once it grows 10% past that. */
function appendCapped<T>(log: T[], entry: T): T[] {
  log.push(entry);
  return log.length > LOG_CAP * 1.1 ? log.slice(-LOG_CAP) : log;
}

function buildStore(seed: SeedSpec) {
  if (seed === "demo" || seed === "hostile") return seedDemo({ hostile: seed === "hostile" });
  return seedLarge(seed.courses);
}
