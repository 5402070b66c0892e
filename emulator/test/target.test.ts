// The live-mode adapter without Google: the environment is read right, a live run is refused
// in CI and without its settings, the suite selection skips exactly the emulator-only tests,
// and the client for real Google is built on Google's root with the persona's delegated identity.
import { describe, expect, it } from "vitest";
import { SCOPE } from "./helpers";
import {
  GOOGLE_CLASSROOM_ROOT_URL,
  LIVE_VARIABLES,
  TargetConfigError,
  googleClient,
  readTarget,
  runsOn,
  type ConformanceTarget,
} from "./target";

const live = {
  CONFORMANCE_TARGET: "google",
  CONFORMANCE_KEY_FILE: "/secure/conformance-sa.json",
  CONFORMANCE_TEACHER: "conf.teacher@test-school.edu",
  CONFORMANCE_STUDENT: "conf.student@test-school.edu",
};

describe("readTarget", () => {
  it("defaults to the emulator, unchanged", () => {
    expect(readTarget({})).toEqual({ kind: "emulator" });
    expect(readTarget({ CONFORMANCE_TARGET: "emulator", CI: "true" })).toEqual({ kind: "emulator" });
  });

  it("reads a live run's settings", () => {
    expect(readTarget(live)).toEqual({
      kind: "google",
      keyFile: "/secure/conformance-sa.json",
      personas: { teacher: "conf.teacher@test-school.edu", student: "conf.student@test-school.edu" },
      consistencyWaitMs: 30_000,
    });
    expect(readTarget({ ...live, CONFORMANCE_CONSISTENCY_WAIT_MS: "10000" })).toMatchObject({
      consistencyWaitMs: 10_000,
    });
  });

  it("names every missing setting", () => {
    const e = () => readTarget({ CONFORMANCE_TARGET: "google" });
    expect(e).toThrow(TargetConfigError);
    for (const name of LIVE_VARIABLES) expect(e).toThrow(name);
  });

  it("never runs live in CI", () => {
    expect(() => readTarget({ ...live, CI: "true" })).toThrow(/never runs in CI/);
    expect(readTarget({ ...live, CI: "false" }).kind).toBe("google");
  });

  it("refuses an unknown target, a bad email, one account for two personas, a bad wait", () => {
    expect(() => readTarget({ CONFORMANCE_TARGET: "gogle" })).toThrow(/"emulator" \(the default\) or "google"/);
    expect(() => readTarget({ ...live, CONFORMANCE_STUDENT: "student" })).toThrow(/not an email address/);
    expect(() => readTarget({ ...live, CONFORMANCE_STUDENT: live.CONFORMANCE_TEACHER.toUpperCase() })).toThrow(
      /two different accounts/,
    );
    expect(() => readTarget({ ...live, CONFORMANCE_CONSISTENCY_WAIT_MS: "soon" })).toThrow(/whole number/);
  });
});

describe("suite selection", () => {
  const emulator: ConformanceTarget = { kind: "emulator" };
  const google = readTarget(live);
  it("runs portable tests on both targets and emulator-only tests on the emulator only", () => {
    expect(runsOn(emulator, "portable")).toBe(true);
    expect(runsOn(google, "portable")).toBe(true);
    for (const reason of ["control API", "fault injection", "clock", "emulator internals"] as const) {
      expect(runsOn(emulator, { emulatorOnly: reason })).toBe(true);
      expect(runsOn(google, { emulatorOnly: reason })).toBe(false);
    }
  });
});

describe("googleClient", () => {
  const target = readTarget(live) as Extract<ConformanceTarget, { kind: "google" }>;

  it("targets Google's own root, as the persona, with exactly the scopes given", () => {
    const client = googleClient(target, target.personas.teacher, [SCOPE.rosters, SCOPE.coursesReadonly]);
    const options = (client as unknown as { context: { _options: Record<string, unknown> } }).context._options;
    expect(options.rootUrl).toBe(GOOGLE_CLASSROOM_ROOT_URL);
    expect(options.retry).toBe(false);
    expect(options.auth).toMatchObject({
      keyFile: "/secure/conformance-sa.json",
      subject: "conf.teacher@test-school.edu",
      scopes: [SCOPE.rosters, SCOPE.coursesReadonly],
    });
  });

  it("authenticates before any request: a missing key file fails locally, nothing reaches the network", async () => {
    const client = googleClient({ ...target, keyFile: "/nonexistent/conformance-key.json" }, target.personas.teacher, [
      SCOPE.coursesReadonly,
    ]);
    await expect(client.courses.get({ id: "612345678901" })).rejects.toThrow(/ENOENT|no such file/);
  });
});
