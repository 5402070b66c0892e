/**
 * Emulator configuration: the runtime knobs changed by `PUT /emulator/v1/config`
 * and the process-level settings read from the environment once at start.
 */
import { MAX_LAG_MS } from "./lag";

export interface QuotaConfig {
  /** Google's documented "Queries per minute per user" (docs/classroom-api.md §6.1). */
  perUserPerMinute: number;
  /** Google's documented "Queries per minute per client" (docs/classroom-api.md §6.1). */
  perClientPerMinute: number;
  /**
   * The moving window those two are counted over: 60 s, as Google's; shorter only in tests that
   * need a window to roll in seconds.
   */
  perMinuteWindowSeconds: number;
  /** Help Center "Class invitations a teacher can send": 500/day for school accounts (docs/classroom-api.md §6.2). */
  invitationsPerTeacherPerDay: number;
  /**
   * The rolling window that limit is counted over: 86,400 s (a day) by default, shorter in
   * tests and benchmarks that need several "days" to pass in a minute.
   */
  invitationWindowSeconds: number;
}

export interface LimitConfig {
  /** Class members (teachers + students), docs/classroom-api.md §6.2. */
  membersPerCourse: number;
  /** Teachers per class, current Help Center value (docs/classroom-api.md §6.2; older text said 20). */
  teachersPerCourse: number;
}

/**
 * Page sizes. Google documents the defaults for invitations (500) and rosters (30);
 * courses.list says only "the server may assign a maximum" (docs/classroom-api.md §5.1), so the course
 * default/maximum is an (A) assumption, kept configurable.
 */
export interface PagingConfig {
  coursesDefault: number;
  coursesMax: number;
  invitationsDefault: number;
  invitationsMax: number;
  rosterDefault: number;
  rosterMax: number;
}

/**
 * Workspace for Education's "Who can join classes in your domain" setting, applied by the
 * class owner's domain: its own users only, plus allowlisted domains, plus any Workspace
 * domain, or anyone (personal accounts included).
 */
export const JOIN_POLICIES = ["DOMAIN_ONLY", "ALLOWLISTED_DOMAINS", "ANY_WORKSPACE", "ANYONE"] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

export interface EmulatorConfig {
  /** Delay added to every Classroom HTTP request (and once per batch envelope). */
  latencyMs: number;
  /** Extra delay per part inside a `POST /batch`. */
  perPartLatencyMs: number;
  /** Lifetime of access tokens issued by /token and /emulator/v1/tokens. */
  tokenLifetimeSeconds: number;
  /**
   * Lifetime of refresh tokens; 0 = until revoked. Google expires them, e.g. after 7 days for
   * an app in "Testing" publishing status or when the Workspace admin sets a session length.
   */
  refreshTokenLifetimeSeconds: number;
  quotas: QuotaConfig;
  limits: LimitConfig;
  paging: PagingConfig;
  /**
   * Domains whose users may not be invited (→ 403 `@CannotInviteUserInUntrustedDomain`).
   * Empty by default: Google allows cross-domain invitations unless the admin restricts them.
   */
  untrustedDomains: string[];
  /** Who may be invited to and join a class, by the class owner's domain setting (→ 403 `@UserInIllegalDomain`). */
  joinPolicy: JoinPolicy;
  /** With `ALLOWLISTED_DOMAINS`: the partner domains allowed besides the owner's own. */
  allowlistedDomains: string[];
  /**
   * Reads lag writes by this much (ms): a list or get sees the world as it was this long ago,
   * as Classroom's eventual consistency does. 0 = read-your-writes.
   */
  consistencyLagMs: number;
  /** The domain lets anyone create classes: students' profiles carry CREATE_COURSE too. */
  studentsCanCreateCourses: boolean;
  /** List pages before the last may hold fewer items than `pageSize`. */
  shortPages: boolean;
}

export function defaultConfig(): EmulatorConfig {
  return {
    latencyMs: 0,
    perPartLatencyMs: 0,
    tokenLifetimeSeconds: 3600,
    refreshTokenLifetimeSeconds: 0,
    quotas: {
      perUserPerMinute: 1200,
      perClientPerMinute: 3000,
      perMinuteWindowSeconds: 60,
      invitationsPerTeacherPerDay: 500,
      invitationWindowSeconds: 86_400,
    },
    limits: { membersPerCourse: 1000, teachersPerCourse: 50 },
    paging: {
      coursesDefault: 500,
      coursesMax: 1000,
      invitationsDefault: 500,
      invitationsMax: 1000,
      rosterDefault: 30,
      rosterMax: 1000,
    },
    untrustedDomains: [],
    // The demo school allows its partner school, so the external-invitee case stays in the demo.
    joinPolicy: "ALLOWLISTED_DOMAINS",
    allowlistedDomains: ["riverside-academy.org"],
    consistencyLagMs: 0,
    studentsCanCreateCourses: false,
    shortPages: false,
  };
}

export class ConfigError extends Error {}

function nonNegativeInt(value: unknown, name: string, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}`);
  }
  return value;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Merges a partial config (the PUT body) into `current`. Throws ConfigError on bad input. */
export function mergeConfig(current: EmulatorConfig, patch: unknown): EmulatorConfig {
  if (!isRecord(patch)) throw new ConfigError("body must be a JSON object");
  const next: EmulatorConfig = structuredClone(current);
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    switch (key) {
      case "latencyMs":
      case "perPartLatencyMs":
      case "refreshTokenLifetimeSeconds":
        next[key] = nonNegativeInt(value, key);
        break;
      case "consistencyLagMs":
        next.consistencyLagMs = nonNegativeInt(value, key);
        if (next.consistencyLagMs > MAX_LAG_MS) throw new ConfigError(`consistencyLagMs must be <= ${MAX_LAG_MS}`);
        break;
      case "tokenLifetimeSeconds":
        next.tokenLifetimeSeconds = nonNegativeInt(value, key, 1);
        break;
      case "quotas":
      case "limits":
      case "paging": {
        if (!isRecord(value)) throw new ConfigError(`${key} must be an object`);
        const section = next[key] as unknown as Record<string, number>;
        for (const [k, v] of Object.entries(value)) {
          if (!(k in section)) throw new ConfigError(`unknown field ${key}.${k}`);
          section[k] = nonNegativeInt(v, `${key}.${k}`, key === "paging" || k.endsWith("WindowSeconds") ? 1 : 0);
        }
        break;
      }
      case "untrustedDomains":
      case "allowlistedDomains":
        if (!Array.isArray(value) || !value.every((d) => typeof d === "string")) {
          throw new ConfigError(`${key} must be an array of strings`);
        }
        next[key] = value.map((d: string) => d.toLowerCase());
        break;
      case "studentsCanCreateCourses":
      case "shortPages":
        if (typeof value !== "boolean") throw new ConfigError(`${key} must be a boolean`);
        next[key] = value;
        break;
      case "joinPolicy":
        if (typeof value !== "string" || !(JOIN_POLICIES as readonly string[]).includes(value)) {
          throw new ConfigError(`joinPolicy must be one of ${JOIN_POLICIES.join(", ")}`);
        }
        next.joinPolicy = value as JoinPolicy;
        break;
      default:
        throw new ConfigError(`unknown field ${key}`);
    }
  }
  return next;
}

/** Process-level settings (environment), fixed for the life of the server. */
export interface ServerSettings {
  clientId: string;
  clientSecret: string;
  /** Origins (scheme://host[:port]) allowed as redirect_uri prefixes, beyond loopback. */
  redirectOrigins: string[];
  /** Application name shown on the account chooser. */
  appName: string;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    clientId: env.EMULATOR_CLIENT_ID || "demo-client.apps.googleusercontent.com",
    clientSecret: env.EMULATOR_CLIENT_SECRET || "demo-secret",
    redirectOrigins: (env.EMULATOR_REDIRECT_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim().replace(/\/+$/, ""))
      .filter(Boolean),
    appName: env.EMULATOR_APP_NAME || "Classroom Invitations",
  };
}

/** All scopes the emulator knows, for discovery and validation. */
export const CLASSROOM_SCOPE_PREFIX = "https://www.googleapis.com/auth/";
export const CLASSROOM_SCOPES = [
  "classroom.courses",
  "classroom.courses.readonly",
  "classroom.rosters",
  "classroom.rosters.readonly",
  "classroom.profile.emails",
  "classroom.profile.photos",
].map((s) => CLASSROOM_SCOPE_PREFIX + s);
export const OIDC_SCOPES = ["openid", "email", "profile"];
