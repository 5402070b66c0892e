import "server-only";

import { z } from "zod";

import { JOIN_POLICIES, parseDomainList, type JoinSetting } from "./domain-policy";

/**
 * The one place that reads `process.env`. Everything is validated at start-up
 * (instrumentation.ts), so a bad setting fails loudly with the variable's name
 * instead of surfacing later as a confusing Google error.
 *
 * Two modes:
 * - **google**: real Google. Needs AUTH_GOOGLE_ID / AUTH_GOOGLE_SECRET; every
 *   endpoint defaults to Google's own.
 * - **demo**: the bundled emulator (the demo school). Every endpoint is derived
 *   from EMULATOR_URL. Chosen by DEMO_MODE=1, or implicitly in development when
 *   no Google client is configured. A production start without credentials
 *   and without DEMO_MODE refuses to start (it must never silently run on the
 *   emulator).
 */

export const GOOGLE_DEFAULTS = {
  issuer: "https://accounts.google.com",
  authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  userinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
  revocationUrl: "https://oauth2.googleapis.com/revoke",
  // The `jwks_uri` of https://accounts.google.com/.well-known/openid-configuration.
  jwksUrl: "https://www.googleapis.com/oauth2/v3/certs",
  classroomRootUrl: "https://classroom.googleapis.com/",
} as const;

export const EMULATOR_DEFAULTS = {
  url: "http://127.0.0.1:4010",
  clientId: "demo-client.apps.googleusercontent.com",
  clientSecret: "demo-secret",
  /**
   * The demo school's "Who can join classes" setting, as the emulator's default config has it
   * (lib/env.test.ts holds the two together): its partner school is allowlisted.
   */
  joinSetting: {
    policy: "ALLOWLISTED_DOMAINS",
    schoolDomains: ["northwood.edu", "athletics.northwood.edu"],
    allowlistedDomains: ["riverside-academy.org"],
  } satisfies JoinSetting,
} as const;

/** Scopes the dashboard asks for; see README "Connect real Google". */
export const GOOGLE_SCOPES = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/classroom.courses.readonly",
  "https://www.googleapis.com/auth/classroom.rosters",
  "https://www.googleapis.com/auth/classroom.profile.emails",
  "https://www.googleapis.com/auth/classroom.profile.photos",
] as const;

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const url = (name: string) =>
  z
    .string()
    .url(`${name} must be an absolute URL such as https://example.com`)
    .refine((v) => /^https?:\/\//i.test(v), `${name} must use http or https`)
    .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DEMO_MODE: flag,
  EMULATOR_URL: url("EMULATOR_URL"),
  EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET must be at least 32 characters (try `openssl rand -base64 33`)")
    .optional(),
  AUTH_URL: url("AUTH_URL"),
  AUTH_GOOGLE_ID: z.string().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
  // The emulator's own OAuth client (emulator/src/config.ts reads the same two variables).
  EMULATOR_CLIENT_ID: z.string().min(1).optional(),
  EMULATOR_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_ISSUER: url("GOOGLE_ISSUER"),
  GOOGLE_AUTHORIZATION_URL: url("GOOGLE_AUTHORIZATION_URL"),
  GOOGLE_TOKEN_URL: url("GOOGLE_TOKEN_URL"),
  GOOGLE_USERINFO_URL: url("GOOGLE_USERINFO_URL"),
  GOOGLE_REVOCATION_URL: url("GOOGLE_REVOCATION_URL"),
  GOOGLE_JWKS_URL: url("GOOGLE_JWKS_URL"),
  CLASSROOM_ROOT_URL: url("CLASSROOM_ROOT_URL"),
  GOOGLE_HOSTED_DOMAIN: z.string().min(1).optional(),
  // The Admin console's "Who can join classes in your domain", which the Classroom API does not expose.
  CLASSROOM_JOIN_POLICY: z.enum(JOIN_POLICIES).optional(),
  CLASSROOM_SCHOOL_DOMAINS: z.string().optional(),
  CLASSROOM_ALLOWLISTED_DOMAINS: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  // How long admin-only views trust a stored admin role; only ever shorter than 30 s (e2e uses 5 s).
  ADMIN_VIEW_ROLE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(30).default(30),
  // Google's documented limits (docs/classroom-api.md §6.1); lower them if the project's quota is lower.
  CLASSROOM_QUOTA_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  CLASSROOM_QUOTA_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).default(3_000),
  CLASSROOM_QUOTA_HEADROOM: z.coerce
    .number()
    .gt(0, "CLASSROOM_QUOTA_HEADROOM must be a fraction such as 0.9")
    .max(1, "CLASSROOM_QUOTA_HEADROOM must be a fraction such as 0.9")
    .default(0.9),
  CLASSROOM_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  // Google's per-sender cap on invitations (docs/jobs.md); the window is shorter only in tests.
  CLASSROOM_INVITATIONS_PER_DAY: z.coerce.number().int().min(1).default(500),
  CLASSROOM_INVITATION_WINDOW_SECONDS: z.coerce.number().int().min(1).default(86_400),
  // 0 runs no job workers in this process (a separate `npm run worker` does).
  JOB_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
});

export type AppEnv = {
  mode: "google" | "demo";
  production: boolean;
  authSecret: string;
  /** The app's public URL (AUTH_URL), when set. */
  publicUrl?: string;
  google: {
    clientId: string;
    clientSecret: string;
    issuer: string;
    authorizationUrl: string;
    tokenUrl: string;
    userinfoUrl: string;
    revocationUrl: string;
    /** The issuer's signing keys, which every id_token is verified against (lib/auth/id-token.ts). */
    jwksUrl: string;
    hostedDomain?: string;
  };
  classroomRootUrl: string;
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  adminEmails: string[];
  sessionMaxAgeSeconds: number;
  /** How long admin-only views trust a stored admin role before asking Google again (lib/auth/session.ts). */
  adminViewRoleMaxAgeMs: number;
  /** The request scheduler's budgets (lib/google/scheduler-config.ts). */
  classroomQuota: { perUserPerMinute: number; perClientPerMinute: number; headroom: number; maxConcurrency: number };
  /** Each sender's invitation budget (lib/jobs/ledger.ts). */
  invitationBudget: { perWindow: number; windowSeconds: number };
  /** Bulk job workers this process runs (lib/jobs/runtime.ts); 0 = none. */
  jobWorkers: number;
  /** The school's "Who can join classes" setting; null = not configured, nothing is flagged before sending. */
  joinSetting: JoinSetting | null;
};

export class EnvError extends Error {
  override name = "EnvError";
}

/** Pure: turns raw variables into the app's settings, or throws EnvError naming each bad one. */
export function parseEnv(raw: Record<string, string | undefined>): AppEnv {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const hasGoogleClient = Boolean(e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET);

  // The demo sends its client secret to the emulator, a plain-http server anyone on the
  // machine may run: a real Google secret must never go there, so demo mode takes none.
  if ((e.DEMO_MODE || !hasGoogleClient) && (e.AUTH_GOOGLE_ID || e.AUTH_GOOGLE_SECRET)) {
    throw new EnvError(
      (e.DEMO_MODE
        ? "DEMO_MODE=1 is set together with a Google OAuth client (AUTH_GOOGLE_ID / AUTH_GOOGLE_SECRET).\n" +
          "  The demo runs on the local emulator, and would send that client's secret to it.\n"
        : "Only one of AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET is set.\n") +
        "  - To connect real Google, set both and unset DEMO_MODE.\n" +
        "  - To run the demo school, unset AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET (the emulator's own client is\n" +
        "    EMULATOR_CLIENT_ID / EMULATOR_CLIENT_SECRET).",
    );
  }

  let mode: AppEnv["mode"];
  if (e.DEMO_MODE) mode = "demo";
  else if (hasGoogleClient) mode = "google";
  else if (!production) mode = "demo";
  else {
    throw new EnvError(
      "No Google OAuth client is configured (AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET are missing).\n" +
        "  - To connect real Google, set both (see README, 'Connect real Google').\n" +
        "  - To run the demo school on the local emulator instead, set DEMO_MODE=1 explicitly.",
    );
  }

  const authSecret = e.AUTH_SECRET ?? (production && mode === "google" ? undefined : DEV_ONLY_SECRET);
  if (!authSecret) {
    throw new EnvError(
      "AUTH_SECRET is required in production (32+ random characters, e.g. `openssl rand -base64 33`).",
    );
  }

  // `npm run dev` starts the emulator on EMULATOR_PORT; the app follows it unless EMULATOR_URL says otherwise.
  const emu = (
    e.EMULATOR_URL ?? (e.EMULATOR_PORT ? `http://127.0.0.1:${e.EMULATOR_PORT}` : EMULATOR_DEFAULTS.url)
  ).replace(/\/+$/, "");
  const base =
    mode === "demo"
      ? {
          clientId: e.EMULATOR_CLIENT_ID ?? EMULATOR_DEFAULTS.clientId,
          clientSecret: e.EMULATOR_CLIENT_SECRET ?? EMULATOR_DEFAULTS.clientSecret,
          issuer: emu,
          authorizationUrl: `${emu}/o/oauth2/v2/auth`,
          tokenUrl: `${emu}/token`,
          userinfoUrl: `${emu}/v1/userinfo`,
          revocationUrl: `${emu}/revoke`,
          jwksUrl: `${emu}/oauth2/v3/certs`,
          classroomRootUrl: `${emu}/`,
        }
      : {
          clientId: e.AUTH_GOOGLE_ID!,
          clientSecret: e.AUTH_GOOGLE_SECRET!,
          ...GOOGLE_DEFAULTS,
        };

  const joinSetting = toJoinSetting(e, mode);

  return {
    mode,
    production,
    authSecret,
    publicUrl: e.AUTH_URL,
    google: {
      clientId: base.clientId,
      clientSecret: base.clientSecret,
      issuer: e.GOOGLE_ISSUER ?? base.issuer,
      authorizationUrl: e.GOOGLE_AUTHORIZATION_URL ?? base.authorizationUrl,
      tokenUrl: e.GOOGLE_TOKEN_URL ?? base.tokenUrl,
      userinfoUrl: e.GOOGLE_USERINFO_URL ?? base.userinfoUrl,
      revocationUrl: e.GOOGLE_REVOCATION_URL ?? base.revocationUrl,
      jwksUrl: e.GOOGLE_JWKS_URL ?? base.jwksUrl,
      hostedDomain: e.GOOGLE_HOSTED_DOMAIN,
    },
    classroomRootUrl: e.CLASSROOM_ROOT_URL ?? base.classroomRootUrl,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.PGLITE_DATA_DIR },
    adminEmails: e.ADMIN_EMAILS,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_DAYS * 24 * 60 * 60,
    adminViewRoleMaxAgeMs: e.ADMIN_VIEW_ROLE_MAX_AGE_SECONDS * 1000,
    classroomQuota: {
      perUserPerMinute: e.CLASSROOM_QUOTA_PER_USER_PER_MINUTE,
      perClientPerMinute: e.CLASSROOM_QUOTA_PER_CLIENT_PER_MINUTE,
      headroom: e.CLASSROOM_QUOTA_HEADROOM,
      maxConcurrency: e.CLASSROOM_MAX_CONCURRENCY,
    },
    invitationBudget: {
      perWindow: e.CLASSROOM_INVITATIONS_PER_DAY,
      windowSeconds: e.CLASSROOM_INVITATION_WINDOW_SECONDS,
    },
    jobWorkers: e.JOB_WORKERS,
    joinSetting,
  };
}

function toJoinSetting(e: z.infer<typeof schema>, mode: AppEnv["mode"]): JoinSetting | null {
  const demo = mode === "demo" ? EMULATOR_DEFAULTS.joinSetting : undefined;
  const policy = e.CLASSROOM_JOIN_POLICY ?? demo?.policy;
  if (!policy) return null;
  const schoolDomains =
    e.CLASSROOM_SCHOOL_DOMAINS !== undefined
      ? parseDomainList(e.CLASSROOM_SCHOOL_DOMAINS)
      : (demo?.schoolDomains ?? parseDomainList(e.GOOGLE_HOSTED_DOMAIN));
  if (schoolDomains.length === 0) {
    throw new EnvError(
      "CLASSROOM_JOIN_POLICY is set, but the school's domains are unknown.\n" +
        "  - Set CLASSROOM_SCHOOL_DOMAINS to the school's primary and secondary domains (comma-separated),\n" +
        "    or GOOGLE_HOSTED_DOMAIN to its primary domain.",
    );
  }
  const allowlistedDomains =
    e.CLASSROOM_ALLOWLISTED_DOMAINS !== undefined
      ? parseDomainList(e.CLASSROOM_ALLOWLISTED_DOMAINS)
      : (demo?.allowlistedDomains ?? []);
  return { policy, schoolDomains, allowlistedDomains };
}

/**
 * Used only when talking to the emulator or in development. It is public on
 * purpose: a demo holds no real tokens, and production against Google refuses
 * to start without AUTH_SECRET.
 */
const DEV_ONLY_SECRET = "demo-only-secret-never-used-with-real-google-0000";

let cached: AppEnv | undefined;

export function env(): AppEnv {
  // Tests change process.env between cases (e.g. a per-test emulator port); servers read it once.
  if (process.env.NODE_ENV === "test") return parseEnv(process.env);
  cached ??= parseEnv(process.env);
  return cached;
}

/** True when requests go anywhere but Google's own Classroom host. Drives the "Demo" badge. */
export function isEmulated(): boolean {
  const e = env();
  return e.mode === "demo" || !e.classroomRootUrl.startsWith(GOOGLE_DEFAULTS.classroomRootUrl);
}
