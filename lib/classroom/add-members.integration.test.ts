// Adding people directly, driven against the emulator with the real Google client: who may,
// whom Classroom refuses, and a lost answer reconciled from the roster instead of re-posted.
import { describe, expect, it } from "vitest";

import { freshInvitee, setupLibEmulator } from "@/lib/test/emulator";

import { addMembersAs } from "./add-members";
import { countMembers } from "./rosters";

const ADMIN = "admin@northwood.edu";
const TEACHER = "teacher@northwood.edu";
const lib = setupLibEmulator([ADMIN, TEACHER]);
const fast = { baseDelayMs: 5, maxDelayMs: 20, reread: { windowMs: 2_000, intervalMs: 50 } };

async function postsTo(pathRe: RegExp) {
  const log = await lib.emu.control<{ method: string; path: string }[]>("GET", "/requests");
  return log.filter((r) => r.method === "POST" && pathRe.test(r.path));
}

describe("addMembersAs", () => {
  it("lets an admin add in-domain people as students and co-teachers, replacing a pending invitation", async () => {
    const s = await lib.emu.state();
    const { course, invitee } = freshInvitee(s, TEACHER);
    const invited = s.invitations.find((i) => i.courseId === course.id && i.role !== "OWNER")!;
    const [a, b] = await addMembersAs(lib.token(ADMIN), "admin", [
      { courseId: course.id, userId: invitee.email, role: "TEACHER" },
      { courseId: course.id, userId: invited.userId, role: "STUDENT" },
    ]);
    expect(a).toMatchObject({ ok: true, reconciled: false, member: { userId: invitee.id } });
    expect(b).toMatchObject({ ok: true });
    const after = await lib.emu.state();
    const c = after.courses.find((x) => x.id === course.id)!;
    expect(c.teacherIds).toContain(invitee.id);
    expect(c.studentIds).toContain(invited.userId);
    expect(after.invitations.some((i) => i.id === invited.id)).toBe(false);
  });

  it("refuses a teacher on our side, before any call to Classroom", async () => {
    const { course, invitee } = freshInvitee(await lib.emu.state(), TEACHER);
    const [o] = await addMembersAs(lib.token(TEACHER), "teacher", [
      { courseId: course.id, userId: invitee.email, role: "STUDENT" },
    ]);
    expect(o).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await postsTo(/\/students$/)).toHaveLength(0);
  });

  it("explains Classroom's refusals: outside the domain, already a member, a disabled account", async () => {
    const s = await lib.emu.state();
    const { course } = freshInvitee(s, TEACHER);
    const member = s.users.find((u) => u.id === course.studentIds[0])!;
    const outcomes = await addMembersAs(lib.token(ADMIN), "admin", [
      { courseId: course.id, userId: "guest@riverside-academy.org", role: "STUDENT" },
      { courseId: course.id, userId: member.email, role: "STUDENT" },
      { courseId: course.id, userId: "disabled@northwood.edu", role: "STUDENT" },
    ]);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "CANNOT_DIRECT_ADD_USER",
      "ALREADY_MEMBER",
      "ACCOUNT_DISABLED",
    ]);
  });

  it("reconciles an add whose answer was lost: read from the roster, posted once", async () => {
    const { course, invitee } = freshInvitee(await lib.emu.state(), TEACHER);
    await lib.emu.faults([{ method: "POST", path: "/students$", dropAfterCommit: true, times: 1 }]);
    const [o] = await addMembersAs(
      lib.token(ADMIN),
      "admin",
      [{ courseId: course.id, userId: invitee.email, role: "STUDENT" }],
      fast,
    );
    expect(o).toMatchObject({ ok: true, reconciled: true });
    expect(await postsTo(/\/students$/)).toHaveLength(1);
    const c = (await lib.emu.state()).courses.find((x) => x.id === course.id)!;
    expect(c.studentIds.filter((id) => id === invitee.id)).toHaveLength(1);
  });
});

describe("countMembers", () => {
  it("counts every class's teachers and students across pages, as the roster holds them", async () => {
    const s = await lib.emu.state();
    const courses = [...s.courses].sort((a, b) => b.studentIds.length - a.studentIds.length).slice(0, 6);
    const counts = await countMembers(
      lib.token(ADMIN),
      courses.map((c) => c.id),
    );
    expect(counts.map((c) => [c.teachers, c.students])).toEqual(
      courses.map((c) => [c.teacherIds.length, c.studentIds.length]),
    );
  });
});
