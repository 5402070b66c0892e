import { describe, expect, it } from "vitest";

import { ACCOUNTS, setupTestEmulator, type EmuState } from "./helpers";

const emu = setupTestEmulator();

/** Markup, spreadsheet formula triggers and script URLs: what the security tests plant. */
const HOSTILE = /[<>]|^[=+\-@]|javascript:/i;

const texts = (s: EmuState) => [...s.users.map((u) => u.name), ...s.courses.flatMap((c) => [c.name, c.section ?? ""])];

describe("seed profiles", () => {
  it("the default demo school is presentable: no markup, formulas or script URLs in any name", async () => {
    const s = await emu.state();
    expect(texts(s).filter((t) => HOSTILE.test(t))).toEqual([]);
    // The README's accounts keep their addresses and names.
    const byEmail = new Map(s.users.map((u) => [u.email, u]));
    expect(byEmail.get(ACCOUNTS.admin)?.name).toBe("Dana Whitfield");
    expect(byEmail.get(ACCOUNTS.admin)?.isAdmin).toBe(true);
    expect(byEmail.get(ACCOUNTS.teacher)?.name).toBe("Marisol Alvarez");
    expect(byEmail.get(ACCOUNTS.student)?.name).toBe("Priya Raman");
    expect(byEmail.get("newteacher@northwood.edu")?.name).toBe("Samir Haddad");
    expect(byEmail.get("guest@riverside-academy.org")?.name).toBe("Leah Brooks");
  });

  it('reset {profile:"hostile"} is the same school with the security-test names', async () => {
    const demo = await emu.state();
    await emu.reset({ profile: "hostile" });
    const hostile = await emu.state();
    const planted = texts(hostile).filter((t) => HOSTILE.test(t));
    expect(planted).toEqual(
      expect.arrayContaining([
        "<img src=x onerror=alert(1)> Tester",
        '=HYPERLINK("https://evil.example","Click me") Formula',
        "+1 Plus",
        "-2 Minus",
        "@SUM(A1:A9) Sum",
        "javascript:alert(document.cookie) Link",
        "Art Studio <img src=x onerror=alert('course')>",
        '=HYPERLINK("https://evil.example","Section A")',
      ]),
    );
    // The same school: only the six hostile students differ, each a new person with an id of
    // their own, in the same places (rosters, invitations).
    const renamed = new Map(
      demo.users.flatMap((u, i) => (u.id === hostile.users[i]!.id ? [] : [[hostile.users[i]!.id, u.id] as const])),
    );
    expect(renamed.size).toBe(6);
    const id = (x: string) => renamed.get(x) ?? x;
    const shape = (s: EmuState) => ({
      users: s.users.map((u) => [id(u.id), u.isAdmin, u.disabled]),
      courses: s.courses.map((c) => [c.id, c.ownerId, c.courseState, c.teacherIds.map(id), c.studentIds.map(id)]),
      invitations: s.invitations.map((inv) => ({ ...inv, userId: id(inv.userId) })),
    });
    expect(shape(hostile)).toEqual(shape(demo));
    // And {} brings the presentable school back.
    await emu.reset();
    expect(await emu.state()).toEqual(demo);
  });

  it("an unknown profile is a 400 that names the valid ones", async () => {
    const r = await emu.control("POST", "/emulator/v1/reset", { profile: "nasty" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("hostile");
  });
});
