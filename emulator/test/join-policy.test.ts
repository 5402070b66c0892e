// Who may join a class follows the class owner's domain setting ("Who can join classes in your
// domain", Workspace for Education): PUT /emulator/v1/config { joinPolicy, allowlistedDomains }.
import { describe, expect, it } from "vitest";
import { ACCOUNTS, expectApiError, okCall, setupTestEmulator } from "./helpers";

const emu = setupTestEmulator();
const PARTNER = "m.santos@riverside-academy.org";

async function partnerInvite() {
  const w = await emu.world();
  const course = w.activeCourseOwnedBy(ACCOUNTS.teacher, (c) => !w.hasInvitation(c.id, w.user(PARTNER).id));
  return { w, course, body: { courseId: course.id, userId: PARTNER, role: "STUDENT" } };
}

const refusedForDomain = (p: Promise<unknown>) => expectApiError(p, 403, "PERMISSION_DENIED", "UserInIllegalDomain");

describe("joinPolicy", () => {
  it("the demo allowlists its partner domain: riverside-academy.org stays invitable by default", async () => {
    const cfg = (await emu.control("GET", "/emulator/v1/config")).body as Record<string, unknown>;
    expect(cfg).toMatchObject({ joinPolicy: "ALLOWLISTED_DOMAINS", allowlistedDomains: ["riverside-academy.org"] });
    const { body } = await partnerInvite();
    const teacher = await emu.as(ACCOUNTS.teacher);
    await okCall(teacher.invitations.create({ requestBody: body }), "Invitation");
  });

  it("DOMAIN_ONLY: inviting another domain's user → 403 @UserInIllegalDomain, nothing created", async () => {
    await emu.config({ joinPolicy: "DOMAIN_ONLY" });
    const { body, course } = await partnerInvite();
    const teacher = await emu.as(ACCOUNTS.teacher);
    await refusedForDomain(teacher.invitations.create({ requestBody: body }));
    const s = await emu.state();
    expect(
      s.invitations.some((i) => i.courseId === course.id && i.userId === s.users.find((u) => u.email === PARTNER)!.id),
    ).toBe(false);
    // The owner's own domain is always allowed.
    const w = await emu.world();
    await okCall(
      teacher.invitations.create({
        requestBody: { courseId: course.id, userId: w.outsiderFor(course).id, role: "STUDENT" },
      }),
      "Invitation",
    );
  });

  it("an accept is checked again: a setting tightened after the invitation refuses it, and the invitation stays", async () => {
    const w = await emu.world();
    const inv = w.invitationsFor((i) => i.userId === w.user(ACCOUNTS.guest).id)[0]!;
    await emu.config({ joinPolicy: "DOMAIN_ONLY" });
    const guest = await emu.as(ACCOUNTS.guest);
    await refusedForDomain(guest.invitations.accept({ id: inv.id }));
    expect((await emu.state()).invitations.some((i) => i.id === inv.id)).toBe(true);
    await emu.config({ joinPolicy: "ANY_WORKSPACE" });
    await okCall(guest.invitations.accept({ id: inv.id }), "Empty");
  });

  it("ALLOWLISTED_DOMAINS with an empty list refuses every other domain; ANYONE allows them", async () => {
    await emu.config({ joinPolicy: "ALLOWLISTED_DOMAINS", allowlistedDomains: [] });
    const { body } = await partnerInvite();
    const teacher = await emu.as(ACCOUNTS.teacher);
    await refusedForDomain(teacher.invitations.create({ requestBody: body }));
    await emu.config({ joinPolicy: "ANYONE" });
    await okCall(teacher.invitations.create({ requestBody: body }), "Invitation");
  });

  it("ANY_WORKSPACE refuses a personal account and admits another school's; a secondary domain counts as the school's own", async () => {
    await emu.config({ joinPolicy: "ANY_WORKSPACE" });
    const w = await emu.world();
    const course = w.activeCourseOwnedBy(ACCOUNTS.teacher);
    const teacher = await emu.as(ACCOUNTS.teacher);
    const invite = (userId: string) =>
      teacher.invitations.create({ requestBody: { courseId: course.id, userId, role: "STUDENT" } });
    await refusedForDomain(invite("sam.rivera.family@gmail.com"));
    await okCall(invite(PARTNER), "Invitation");
    await emu.config({ joinPolicy: "DOMAIN_ONLY" });
    await okCall(invite("coach.lee@athletics.northwood.edu"), "Invitation");
  });

  it("rejects an unknown policy", async () => {
    const r = await emu.control("PUT", "/emulator/v1/config", { joinPolicy: "EVERYBODY" });
    expect(r.status).toBe(400);
  });
});
