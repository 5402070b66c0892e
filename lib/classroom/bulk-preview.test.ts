// The bulk preview's account check against the in-process emulator, through the real Google
// client, /batch and scheduler: which addresses it looks up, what a refusal and a failed lookup
// make of a row, and the cap.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { AccessToken } from "@/lib/google/client";
import { setScheduler } from "@/lib/google/scheduler-instance";
import { startLibEmulator, type EmulatorState, type LibEmulator } from "@/lib/test/emulator";

import { previewBulkInvite } from "./bulk-preview";

process.env.PGLITE_DATA_DIR = "memory://";

const ADMIN = "admin@northwood.edu";
const admin = { id: `app-${ADMIN}`, role: "admin" as const, email: ADMIN };
/** Lookups that give up at once: the emulator answers at once, and failures are injected. */
const noRetry = { lookup: { maxAttempts: 1 } };

let emu: LibEmulator;
let token: AccessToken;
let s: EmulatorState;

/** Domain students who are in no class and invited nowhere: only a lookup can tell they exist. */
const strangers = () =>
  s.users.filter(
    (u) =>
      u.email.endsWith("@northwood.edu") &&
      !u.disabled &&
      !u.isAdmin &&
      !s.courses.some((c) => c.studentIds.includes(u.id) || c.teacherIds.includes(u.id)) &&
      !s.invitations.some((i) => i.userId === u.id),
  );
const chemistry = () => s.courses.find((c) => c.name === "Chemistry")!;
const row = (line: number, email: string) => ({ line, email, course: chemistry().id, role: "student" });
/** userProfiles.get by email (the preview also reads pending invitees by id). */
const profileLookups = async () =>
  ((await emu.control("GET", "/requests")) as { path: string }[])
    .map((r) => r.path)
    .filter((p) => p.startsWith("/v1/userProfiles/") && p.includes("%40"));

beforeAll(async () => {
  emu = await startLibEmulator();
  token = await emu.tokenFor(ADMIN);
}, 60_000);
beforeEach(async () => {
  await emu.control("POST", "/reset", {});
  s = await emu.state();
  await emu.control("DELETE", "/requests");
  setScheduler(undefined);
});
afterAll(async () => {
  await emu.close();
});

describe("previewBulkInvite: accounts of the caller's school", () => {
  it("flags an unknown address of the school, passes an existing one, and never looks up another domain", async () => {
    const [known] = strangers();
    const rows = await previewBulkInvite(token, admin, [
      row(2, "nobody.here@northwood.edu"),
      row(3, known!.email),
      row(4, "m.santos@riverside-academy.org"),
      row(5, "student@northwood.edu"),
    ]);
    expect(rows.map((r) => r.status)).toEqual(["unknown_account", "will_invite", "will_invite", "already_member"]);
    expect(rows[0]!.message).toBe(
      "No Classroom account in your school has this address. Check the spelling, or ask IT whether the account exists.",
    );
    expect(rows.some((r) => r.accountNotChecked)).toBe(false);
    // Only the two addresses nobody in the classes named were asked; a member is known already.
    expect((await profileLookups()).sort()).toEqual(
      [`/v1/userProfiles/${encodeURIComponent(known!.email)}`, "/v1/userProfiles/nobody.here%40northwood.edu"].sort(),
    );
  });

  it("checks at most the cap's addresses and sends the rest unchecked, saying so", async () => {
    const rows = await previewBulkInvite(
      token,
      admin,
      [row(2, "nobody.one@northwood.edu"), row(3, "nobody.two@northwood.edu"), row(4, "nobody.one@northwood.edu")],
      { accountLookupCap: 1 },
    );
    expect(rows.map((r) => r.status)).toEqual(["unknown_account", "will_invite", "duplicate_row"]);
    expect(rows[1]!.accountNotChecked).toBe(true);
    expect(rows[1]!.message).toMatch(/^Will invite as student\. Not checked .* at most 1 addresses/);
    expect(await profileLookups()).toEqual(["/v1/userProfiles/nobody.one%40northwood.edu"]);
  });

  it("leaves a row unchecked, not refused, when the lookup fails for a passing reason", async () => {
    await emu.faults([{ method: "GET", path: "^/v1/userProfiles/nobody", status: 503 }]);
    const [known] = strangers();
    const rows = await previewBulkInvite(token, admin, [row(2, "nobody.here@northwood.edu"), row(3, known!.email)], {
      ...noRetry,
    });
    expect(rows.map((r) => r.status)).toEqual(["will_invite", "will_invite"]);
    expect(rows[0]!.accountNotChecked).toBe(true);
    expect(rows[0]!.message).toMatch(/Classroom didn't answer/);
    expect(rows[1]!.accountNotChecked).toBeUndefined();
  });

  it("answers a disabled account's profile like any other: the preview can't tell it, the send does", async () => {
    const rows = await previewBulkInvite(token, admin, [row(2, "disabled@northwood.edu")]);
    expect(rows.map((r) => [r.status, r.accountNotChecked])).toEqual([["will_invite", undefined]]);
    expect(await profileLookups()).toEqual(["/v1/userProfiles/disabled%40northwood.edu"]);
  });
});
