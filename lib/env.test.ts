import { describe, expect, it } from "vitest";

import { defaultConfig } from "@/emulator/src/config";
import { DEMO_DOMAIN } from "@/emulator/src/seed/demo";

import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("uses the emulator in development when no Google client is configured", () => {
    const e = parseEnv({ NODE_ENV: "development" });
    expect(e.mode).toBe("demo");
    expect(e.classroomRootUrl).toBe("http://127.0.0.1:4010/");
    expect(e.google.issuer).toBe("http://127.0.0.1:4010");
    expect(e.google.authorizationUrl).toBe("http://127.0.0.1:4010/o/oauth2/v2/auth");
    expect(e.database).toEqual({ kind: "pglite", dataDir: ".data/pglite" });
  });

  it("follows EMULATOR_PORT when EMULATOR_URL is not set", () => {
    expect(parseEnv({ EMULATOR_PORT: "4555" }).classroomRootUrl).toBe("http://127.0.0.1:4555/");
    expect(parseEnv({ EMULATOR_PORT: "4555", EMULATOR_URL: "http://127.0.0.1:9" }).classroomRootUrl).toBe(
      "http://127.0.0.1:9/",
    );
  });

  it("refuses a production start without Google credentials unless demo mode is explicit", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/DEMO_MODE=1/);
    expect(
      parseEnv({ NODE_ENV: "production", DEMO_MODE: "1", EMULATOR_URL: "http://127.0.0.1:4110" }).google.tokenUrl,
    ).toBe("http://127.0.0.1:4110/token");
  });

  it("refuses DEMO_MODE=1 beside a Google client, so a real secret never reaches the emulator", () => {
    const real = { AUTH_GOOGLE_ID: "1234-abc.apps.googleusercontent.com", AUTH_GOOGLE_SECRET: "GOCSPX-real" };
    for (const NODE_ENV of ["production", "development"]) {
      expect(() => parseEnv({ NODE_ENV, DEMO_MODE: "1", ...real })).toThrow(EnvError);
      expect(() => parseEnv({ NODE_ENV, DEMO_MODE: "1", ...real })).toThrow(/DEMO_MODE=1 is set together/);
      // Half a client is refused too: the id alone would still be sent to the emulator.
      expect(() => parseEnv({ NODE_ENV, DEMO_MODE: "1", AUTH_GOOGLE_SECRET: "GOCSPX-real" })).toThrow(EnvError);
    }
    expect(() => parseEnv({ NODE_ENV: "development", AUTH_GOOGLE_ID: real.AUTH_GOOGLE_ID })).toThrow(
      /Only one of AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET/,
    );
    // The emulator's own client has its own variables, shared with emulator/src/config.ts.
    const demo = parseEnv({
      DEMO_MODE: "1",
      EMULATOR_CLIENT_ID: "c.apps.googleusercontent.com",
      EMULATOR_CLIENT_SECRET: "e",
    });
    expect(demo.google).toMatchObject({ clientId: "c.apps.googleusercontent.com", clientSecret: "e" });
  });

  it("defaults every endpoint to Google's own with a real client", () => {
    const e = parseEnv({
      NODE_ENV: "production",
      AUTH_GOOGLE_ID: "id.apps.googleusercontent.com",
      AUTH_GOOGLE_SECRET: "s",
      AUTH_SECRET: "x".repeat(32),
    });
    expect(e.mode).toBe("google");
    expect(e.google.issuer).toBe("https://accounts.google.com");
    expect(e.google.tokenUrl).toBe("https://oauth2.googleapis.com/token");
    expect(e.classroomRootUrl).toBe("https://classroom.googleapis.com/");
  });

  it("requires AUTH_SECRET in production with real Google", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_GOOGLE_ID: "i", AUTH_GOOGLE_SECRET: "s" })).toThrow(
      /AUTH_SECRET/,
    );
  });

  it("names each invalid variable", () => {
    const bad = { DATABASE_URL: "mysql://x", CLASSROOM_ROOT_URL: "nope" };
    expect(() => parseEnv(bad)).toThrow(/DATABASE_URL: DATABASE_URL must start with postgres/);
    expect(() => parseEnv(bad)).toThrow(/CLASSROOM_ROOT_URL: CLASSROOM_ROOT_URL must be an absolute URL/);
  });

  it("takes Postgres from DATABASE_URL and admin overrides from ADMIN_EMAILS", () => {
    const e = parseEnv({ DATABASE_URL: "postgres://u:p@localhost/db", ADMIN_EMAILS: " A@x.org, b@x.org " });
    expect(e.database).toEqual({ kind: "postgres", url: "postgres://u:p@localhost/db" });
    expect(e.adminEmails).toEqual(["a@x.org", "b@x.org"]);
  });

  it("lets tests shorten how long admin-only views trust a stored admin role, never lengthen it", () => {
    expect(parseEnv({}).adminViewRoleMaxAgeMs).toBe(30_000);
    expect(parseEnv({ ADMIN_VIEW_ROLE_MAX_AGE_SECONDS: "5" }).adminViewRoleMaxAgeMs).toBe(5_000);
    expect(() => parseEnv({ ADMIN_VIEW_ROLE_MAX_AGE_SECONDS: "31" })).toThrow(/ADMIN_VIEW_ROLE_MAX_AGE_SECONDS/);
  });

  describe("the school's join setting", () => {
    const google = {
      NODE_ENV: "production",
      AUTH_GOOGLE_ID: "id.apps.googleusercontent.com",
      AUTH_GOOGLE_SECRET: "s",
      AUTH_SECRET: "x".repeat(32),
    };

    it("the demo's agrees with the emulator's default config and the demo school's domains", () => {
      const setting = parseEnv({ DEMO_MODE: "1" }).joinSetting!;
      const emu = defaultConfig();
      expect(setting.policy).toBe(emu.joinPolicy);
      expect(setting.allowlistedDomains).toEqual(emu.allowlistedDomains);
      expect(setting.schoolDomains).toEqual([DEMO_DOMAIN, `athletics.${DEMO_DOMAIN}`]);
    });

    it("is unknown against Google until configured, so nothing is flagged", () => {
      expect(parseEnv(google).joinSetting).toBeNull();
    });

    it("reads the policy and domain lists, falling back to GOOGLE_HOSTED_DOMAIN for the school", () => {
      expect(
        parseEnv({
          ...google,
          CLASSROOM_JOIN_POLICY: "ALLOWLISTED_DOMAINS",
          CLASSROOM_SCHOOL_DOMAINS: "School.edu, @staff.school.edu",
          CLASSROOM_ALLOWLISTED_DOMAINS: "partner.org,,partner.org",
        }).joinSetting,
      ).toEqual({
        policy: "ALLOWLISTED_DOMAINS",
        schoolDomains: ["school.edu", "staff.school.edu"],
        allowlistedDomains: ["partner.org"],
      });
      expect(
        parseEnv({ ...google, CLASSROOM_JOIN_POLICY: "DOMAIN_ONLY", GOOGLE_HOSTED_DOMAIN: "school.edu" }).joinSetting,
      ).toEqual({ policy: "DOMAIN_ONLY", schoolDomains: ["school.edu"], allowlistedDomains: [] });
    });

    it("refuses a policy without the school's domains, and an unknown policy", () => {
      expect(() => parseEnv({ ...google, CLASSROOM_JOIN_POLICY: "DOMAIN_ONLY" })).toThrow(/CLASSROOM_SCHOOL_DOMAINS/);
      expect(() => parseEnv({ ...google, CLASSROOM_JOIN_POLICY: "EVERYONE" })).toThrow(/CLASSROOM_JOIN_POLICY/);
    });
  });
});
