// Where the conformance suite runs. By default: the in-process emulator, as always. With
// CONFORMANCE_TARGET=google: a real Google Workspace for Education test domain, reached with a
// service account's domain-wide delegation, so each persona's calls are that person's own.
// Only the portable tests (portable.test.ts) run live; every file built on setupTestEmulator needs
// the emulator's control API (state dump, faults, clock, config) and is skipped there.
// docs/CONFORMANCE.md says how to set a live run up and what it costs.
import { auth, classroom, type classroom_v1 } from "@googleapis/classroom";
import { describe } from "vitest";

export const GOOGLE_CLASSROOM_ROOT_URL = "https://classroom.googleapis.com/";

export interface LivePersonas {
  /** Creates each run's fixture classes, sends the invitations, and removes the classes again. */
  teacher: string;
  /** A student of the same domain, invited to and joining the fixture class. */
  student: string;
}

export type ConformanceTarget =
  | { kind: "emulator" }
  | {
      kind: "google";
      /** A service account key (JSON) whose client id the domain's admin granted domain-wide delegation. */
      keyFile: string;
      personas: LivePersonas;
      /** How long to keep re-reading a write that the lists don't show yet. */
      consistencyWaitMs: number;
    };

/** The variables a live run needs, in the order the error message lists them. */
export const LIVE_VARIABLES = ["CONFORMANCE_KEY_FILE", "CONFORMANCE_TEACHER", "CONFORMANCE_STUDENT"] as const;

export class TargetConfigError extends Error {
  override name = "TargetConfigError";
}

/** Pure: the target the environment asks for, or a TargetConfigError naming what is wrong. */
export function readTarget(env: Record<string, string | undefined>): ConformanceTarget {
  const kind = (env.CONFORMANCE_TARGET ?? "").trim().toLowerCase();
  if (kind === "" || kind === "emulator") return { kind: "emulator" };
  if (kind !== "google") {
    throw new TargetConfigError(`CONFORMANCE_TARGET must be "emulator" (the default) or "google", not "${kind}".`);
  }
  // CI has no Google, and a live run sends real emails: it is only ever started by a person.
  if (env.CI && env.CI !== "false" && env.CI !== "0") {
    throw new TargetConfigError("CONFORMANCE_TARGET=google never runs in CI (CI is set); run it by hand.");
  }
  const value = (name: (typeof LIVE_VARIABLES)[number]) => env[name]?.trim() ?? "";
  const missing = LIVE_VARIABLES.filter((name) => value(name) === "");
  if (missing.length > 0) {
    throw new TargetConfigError(
      `CONFORMANCE_TARGET=google needs ${missing.join(", ")} (see docs/CONFORMANCE.md, "Running live").`,
    );
  }
  const emails = [value("CONFORMANCE_TEACHER"), value("CONFORMANCE_STUDENT")];
  const badEmail = emails.find((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e));
  if (badEmail) throw new TargetConfigError(`"${badEmail}" is not an email address.`);
  if (emails[0]!.toLowerCase() === emails[1]!.toLowerCase()) {
    throw new TargetConfigError("CONFORMANCE_TEACHER and CONFORMANCE_STUDENT must be two different accounts.");
  }
  const wait = Number(env.CONFORMANCE_CONSISTENCY_WAIT_MS ?? "30000");
  if (!Number.isInteger(wait) || wait < 0) {
    throw new TargetConfigError("CONFORMANCE_CONSISTENCY_WAIT_MS must be a whole number of milliseconds.");
  }
  return {
    kind: "google",
    keyFile: value("CONFORMANCE_KEY_FILE"),
    personas: { teacher: emails[0]!, student: emails[1]! },
    consistencyWaitMs: wait,
  };
}

/** The target of this run, read once. */
export const TARGET: ConformanceTarget = readTarget(process.env);
export const LIVE = TARGET.kind === "google";

/** Why a test can only run on the emulator; docs/CONFORMANCE.md lists the files under each. */
export type EmulatorOnlyReason =
  | "control API" // state dump, reset, seeds, config switches (joinPolicy, lag, quotas…)
  | "fault injection" // a refusal, 5xx, latency or lost answer on demand
  | "clock" // token and quota windows shortened to seconds
  | "emulator internals"; // the emulator's own code (chooser, discovery checks)

/**
 * Whether a test of this kind runs on `target`: portable tests everywhere, emulator-only tests on
 * the emulator only. One rule, so a live run skips exactly the emulator-only tests.
 */
export function runsOn(target: ConformanceTarget, test: "portable" | { emulatorOnly: EmulatorOnlyReason }): boolean {
  return test === "portable" || target.kind === "emulator";
}

/** `describe` for tests that need the emulator; skipped (and reported as skipped) in a live run. */
export function describeEmulatorOnly(reason: EmulatorOnlyReason) {
  return describe.skipIf(!runsOn(TARGET, { emulatorOnly: reason }));
}

/**
 * The Classroom client a persona's calls go through live: the same generated client the app
 * uses, on Google's own root, authorised by the service account acting as that person
 * (domain-wide delegation) with exactly the scopes given.
 */
export function googleClient(
  target: Extract<ConformanceTarget, { kind: "google" }>,
  email: string,
  scopes: readonly string[],
): classroom_v1.Classroom {
  const jwt = new auth.JWT({ keyFile: target.keyFile, scopes: [...scopes], subject: email });
  return classroom({ version: "v1", auth: jwt, rootUrl: GOOGLE_CLASSROOM_ROOT_URL, retry: false });
}
