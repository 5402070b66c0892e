// The write actions end to end below the browser: the real wrapper, handlers, lib/classroom,
// the in-process emulator and an in-memory activity log. Only the signed-in user and their
// stored Google token are stubbed: both come from a Next request's cookies.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { ActivityLimiter, setActivityLimiter } from "@/lib/activity/limit";
import type { AccessToken } from "@/lib/google/client";
import { setScheduler } from "@/lib/google/scheduler-instance";
import { startLibEmulator, type EmulatorState, type LibEmulator } from "@/lib/test/emulator";

process.env.PGLITE_DATA_DIR = "memory://";

type Role = "admin" | "teacher" | "student";
const session = vi.hoisted(() => ({
  user: null as null | { id: string; name: string; email: string; image: null; role: Role },
  token: "",
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/tokens", () => ({
  ReauthRequiredError: class extends Error {},
  getGoogleAccessToken: async () => session.token,
}));

const { changeRoleAction, createInvitationAction, previewBulkInviteAction, revokeInvitationsAction } =
  await import("./invitations");
const { acceptInvitationAction } = await import("./my-invitations");
const { listActivity } = await import("@/lib/activity/log");
const { getProfilesCached } = await import("@/lib/classroom/profile-cache");

let emu: LibEmulator;
let s: EmulatorState;
const tokens = new Map<string, AccessToken>();

async function signIn(email: string, role: Role) {
  if (!tokens.has(email)) tokens.set(email, await emu.tokenFor(email));
  session.user = { id: `app-${email}`, name: email, email, image: null, role };
  session.token = tokens.get(email)!;
}
const user = (email: string) => s.users.find((u) => u.email === email)!;
const course = (name: string, section?: string) =>
  s.courses.find((c) => c.name === name && (section === undefined || c.section === section))!;
/** A domain student neither in the class nor invited to it. */
const outsider = (courseId: string, skip = 0) =>
  s.users.filter(
    (u) =>
      /^[a-z]+\.[a-z]+@northwood\.edu$/.test(u.email) &&
      !u.disabled &&
      !u.isAdmin &&
      !s.courses.find((c) => c.id === courseId)!.studentIds.includes(u.id) &&
      !s.courses.some((c) => c.teacherIds.includes(u.id)) &&
      !s.invitations.some((i) => i.userId === u.id && i.courseId === courseId),
  )[skip]!;
const writesLogged = async () =>
  ((await emu.control("GET", "/requests")) as { method: string; path: string }[]).filter(
    (r) => r.method !== "GET" && !r.path.startsWith("/batch"),
  );
const lastLog = async (action: string) => (await listActivity({ action, limit: 1 }))[0];

beforeAll(async () => {
  emu = await startLibEmulator();
  // Opening the in-memory database compiles PGlite: seconds on a busy machine, so not in a test.
  await listActivity({ limit: 1 });
}, 60_000);
beforeEach(async () => {
  await emu.control("POST", "/reset", {});
  await emu.control("DELETE", "/requests");
  s = await emu.state();
  setScheduler(undefined);
  setActivityLimiter(undefined);
});
afterAll(async () => {
  setActivityLimiter(undefined);
  await emu.close();
});

describe("createInvitationAction", () => {
  it("invites by alias, and logs the class Classroom resolved it to", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const who = outsider(algebra.id);
    const res = await createInvitationAction({ email: who.email, courseId: "d:algebra1-p1", role: "STUDENT" });
    expect(res).toMatchObject({ ok: true, data: { invitation: { courseId: algebra.id, role: "STUDENT" } } });
    expect(await lastLog("invitation.create")).toMatchObject({
      outcome: "ok",
      courseId: algebra.id,
      invitee: who.email,
      role: "STUDENT",
    });
  });

  it("counts a single create in the sender's daily invitation budget, like a job's", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const { ledgerTimes } = await import("@/lib/jobs/ledger");
    const { db } = await import("@/lib/db");
    const budget = { perWindow: 500, windowMs: 86_400_000 };
    const before = (await ledgerTimes(await db(), session.user!.id, budget, Date.now())).length;
    const algebra = course("Algebra I", "Period 1");
    const res = await createInvitationAction({
      email: outsider(algebra.id, 1).email,
      courseId: algebra.id,
      role: "STUDENT",
    });
    expect(res.ok).toBe(true);
    expect((await ledgerTimes(await db(), session.user!.id, budget, Date.now())).length).toBe(before + 1);
  });

  it("refuses another teacher's class before any write, and keeps that class out of the log entry", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const chem = course("Chemistry");
    const res = await createInvitationAction({ email: outsider(chem.id).email, courseId: chem.id, role: "STUDENT" });
    expect(res).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await writesLogged()).toEqual([]);
    // Otherwise anyone could write entries into that class's (its teachers') log.
    expect(await lastLog("invitation.create")).toMatchObject({
      outcome: "error",
      errorCode: "FORBIDDEN",
      courseId: null,
    });
  });

  it("refuses a co-teacher's owner invitation (our rule), and names an existing invitation (Classroom's)", async () => {
    await signIn("teacher2@northwood.edu", "teacher");
    const calc = course("AP Calculus AB");
    const owner = await createInvitationAction({ email: outsider(calc.id).email, courseId: calc.id, role: "OWNER" });
    expect(owner).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: expect.stringMatching(/owner/) } });

    const pending = s.invitations.find((i) => i.courseId === calc.id && i.userId === user("student@northwood.edu").id)!;
    const again = await createInvitationAction({ email: "student@northwood.edu", courseId: calc.id, role: "TEACHER" });
    expect(again).toMatchObject({
      ok: false,
      error: { code: "ALREADY_EXISTS", existing: { id: pending.id, role: "STUDENT" } },
    });
  });
});

describe("changeRoleAction", () => {
  async function pendingStudent() {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const who = outsider(algebra.id);
    const res = await createInvitationAction({ email: who.email, courseId: algebra.id, role: "STUDENT" });
    if (!res.ok) throw new Error(res.error.message);
    return { algebra, who, invitation: res.data.invitation };
  }

  it("re-creates after a DELETE whose answer was lost: exactly one invitation, in the new role", async () => {
    const { algebra, who, invitation } = await pendingStudent();
    await emu.faults([{ method: "DELETE", path: "^/v1/invitations/", dropAfterCommit: true, times: 1 }]);
    const res = await changeRoleAction({
      invitationId: invitation.id,
      courseId: algebra.id,
      userId: invitation.userId,
      fromRole: "STUDENT",
      toRole: "TEACHER",
    });
    expect(res).toMatchObject({ ok: true, data: { invitation: { role: "TEACHER", courseId: algebra.id } } });
    const left = (await emu.state()).invitations.filter((i) => i.courseId === algebra.id && i.userId === who.id);
    expect(left.map((i) => i.role)).toEqual(["TEACHER"]);
    expect(await lastLog("invitation.change_role")).toMatchObject({ outcome: "ok", role: "STUDENT→TEACHER" });
  });

  it("does not re-create when the invitee accepted meanwhile", async () => {
    const { algebra, who, invitation } = await pendingStudent();
    const inviteeToken = await emu.tokenFor(who.email);
    await emu.control("POST", "/faults", { rules: [] });
    // The invitee accepts between the page load and the change.
    await fetch(`${emu.url}/v1/invitations/${invitation.id}:accept`, {
      method: "POST",
      headers: { authorization: `Bearer ${inviteeToken}` },
    });
    const res = await changeRoleAction({
      invitationId: invitation.id,
      courseId: algebra.id,
      userId: invitation.userId,
      fromRole: "STUDENT",
      toRole: "TEACHER",
    });
    expect(res).toMatchObject({ ok: false, error: { code: "INVITATION_NOT_FOUND" } });
    expect((await emu.state()).invitations.filter((i) => i.userId === who.id && i.courseId === algebra.id)).toEqual([]);
  });

  it("logs the invitee Classroom names, not the one the browser sent", async () => {
    const { algebra, who, invitation } = await pendingStudent();
    const res = await changeRoleAction({
      invitationId: invitation.id,
      courseId: algebra.id,
      userId: "someone.else@northwood.edu", // an email isn't checked against the invitation
      fromRole: "STUDENT",
      toRole: "TEACHER",
    });
    expect(res.ok).toBe(true);
    expect(await lastLog("invitation.change_role")).toMatchObject({ invitee: who.email, courseId: algebra.id });
  });
});

/** Signed in as teacher@: a pending invitation of their Algebra I, and one of teacher2@'s Chemistry. */
async function mineAndTheirs() {
  await signIn("teacher@northwood.edu", "teacher");
  const algebra = course("Algebra I", "Period 1");
  const chem = course("Chemistry");
  const mine = s.invitations.find((i) => i.courseId === algebra.id)!;
  const theirs = s.invitations.find((i) => i.courseId === chem.id)!;
  return { algebra, chem, mine, theirs };
}

describe("revokeInvitationsAction", () => {
  it("revokes its own, refuses another teacher's row by row, and counts a missing one as gone", async () => {
    const { algebra, mine, theirs } = await mineAndTheirs();
    const res = await revokeInvitationsAction({ ids: [mine.id, theirs.id, "9999999999"] });
    expect(res).toMatchObject({
      ok: true,
      data: {
        results: [
          { id: mine.id, ok: true },
          { id: theirs.id, ok: false, error: { code: "FORBIDDEN" } },
          { id: "9999999999", ok: true, alreadyGone: true },
        ],
      },
    });
    const left = new Set((await emu.state()).invitations.map((i) => i.id));
    expect([left.has(mine.id), left.has(theirs.id)]).toEqual([false, true]);
    const log = await listActivity({ action: "bulk.revoke", limit: 3 });
    expect(log.find((e) => e.invitationId === theirs.id)).toMatchObject({ errorCode: "FORBIDDEN", courseId: null });
    expect(log.find((e) => e.invitationId === mine.id)).toMatchObject({ outcome: "ok", courseId: algebra.id });
  });
});

describe("revokeInvitationsAction: what a revoke reads", () => {
  type Logged = { method: string; path: string; status: number };
  const calls = async () => (await emu.control("GET", "/requests")) as Logged[];
  /** `n` new pending invitations in the class, made untimed through the emulator. */
  async function pending(courseId: string, n: number): Promise<string[]> {
    await emu.control("PATCH", "/config", { quotas: { invitationsPerTeacherPerDay: 10_000 } });
    const ids: string[] = [];
    for (let k = 0; ids.length < n; k++) {
      const res = await createInvitationAction({ email: outsider(courseId, k).email, courseId, role: "STUDENT" });
      if (res.ok) ids.push(res.data.invitation.id);
    }
    return ids;
  }

  it("looks the invitations up with one list of their class, not one read each, and reads no profile again", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const ids = await pending(algebra.id, 12);
    // The list the teacher revokes from has loaded its invitees' names, as /invitations does.
    const invitees = (await emu.state()).invitations.filter((i) => ids.includes(i.id)).map((i) => i.userId);
    await getProfilesCached(session.token as AccessToken, session.user!.id, invitees);
    await emu.control("DELETE", "/requests");

    const res = await revokeInvitationsAction({ ids, courseIds: [algebra.id] });
    expect(res.ok && res.data.results.every((r) => r.ok && !r.alreadyGone)).toBe(true);
    const log = await calls();
    // Exactly one DELETE each, nothing written twice; one invitations.list of the class.
    expect(log.filter((r) => r.method === "DELETE").map((r) => r.path.split("/").pop())).toEqual(ids);
    expect(log.filter((r) => r.method === "GET" && r.path.startsWith("/v1/invitations/"))).toEqual([]);
    expect(log.filter((r) => r.method === "GET" && r.path.startsWith("/v1/invitations?"))).toHaveLength(1);
    expect(log.filter((r) => r.path.startsWith("/v1/userProfiles/"))).toHaveLength(0);
    // The log still names each invitee and the class, from Classroom's reads.
    const entries = await listActivity({ action: "bulk.revoke", limit: 12 });
    expect(entries.every((e) => e.courseId === algebra.id && /@northwood\.edu$/.test(e.invitee ?? ""))).toBe(true);
  });

  it("takes nothing from a wrong hint: another teacher's class listed, the ids read one by one, and refused", async () => {
    const { chem, mine, theirs } = await mineAndTheirs();
    // Hints that say Chemistry holds both, and nothing about Algebra.
    const res = await revokeInvitationsAction({ ids: [mine.id, theirs.id], courseIds: [chem.id] });
    expect(res).toMatchObject({
      ok: true,
      data: {
        results: [
          { id: mine.id, ok: true },
          { id: theirs.id, ok: false, error: { code: "FORBIDDEN" } },
        ],
      },
    });
    const left = new Set((await emu.state()).invitations.map((i) => i.id));
    expect([left.has(mine.id), left.has(theirs.id)]).toEqual([false, true]);
  });

  it("a /batch of DELETEs whose answer was lost is sent again and counts as revoked: nothing lost, nothing left", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const ids = await pending(algebra.id, 3);
    await emu.faults([{ method: "DELETE", path: "^/v1/invitations/", dropAfterCommit: true, times: 1 }]);
    await emu.control("DELETE", "/requests");

    const res = await revokeInvitationsAction({ ids, courseIds: [algebra.id] });
    expect(res.ok && res.data.results.map((r) => r.ok)).toEqual([true, true, true]);
    const left = new Set((await emu.state()).invitations.map((i) => i.id));
    expect(ids.filter((id) => left.has(id))).toEqual([]);
  });
});

describe("previewBulkInviteAction", () => {
  it("resolves aliases, explains the rows it won't send, and writes nothing", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const res = await previewBulkInviteAction({
      rows: [
        { line: 2, email: outsider(algebra.id).email, course: "d:algebra1-p1", role: "student" },
        { line: 3, email: outsider(algebra.id, 1).email, course: "d:chem", role: "student" },
        { line: 4, email: outsider(algebra.id, 2).email, course: "d:algebra1-p1", role: "owner" },
      ],
    });
    if (!res.ok) throw new Error(res.error.message);
    // A class Classroom won't show this teacher is unknown to them; an owner needs a co-teacher first.
    expect(res.data.rows.map((r) => r.status)).toEqual(["will_invite", "unknown_course", "not_allowed"]);
    expect(await writesLogged()).toEqual([]);
  });

  it("flags, before sending, the invitees the school's join setting refuses; Classroom agrees on send", async () => {
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    // The demo school allowlists riverside-academy.org and nothing else (lib/env.ts, the emulator's default).
    const rows = [
      { line: 2, email: "sam.rivera.family@gmail.com", course: algebra.id, role: "student" },
      { line: 3, email: "m.santos@riverside-academy.org", course: algebra.id, role: "student" },
      { line: 4, email: "coach.lee@athletics.northwood.edu", course: algebra.id, role: "student" },
    ];
    const res = await previewBulkInviteAction({ rows });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.rows.map((r) => r.status)).toEqual(["domain_refused", "will_invite", "will_invite"]);
    expect(res.data.rows[0]!.message).toMatch(/gmail\.com isn't on your school's list of domains allowed/);
    expect(await writesLogged()).toEqual([]);

    // Sent anyway, Classroom refuses exactly that row for the domain; the others land.
    const sent = [];
    for (const r of rows)
      sent.push(await createInvitationAction({ courseId: algebra.id, email: r.email, role: "STUDENT" }));
    expect(sent.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["DOMAIN_NOT_ALLOWED", "ok", "ok"]);
  });

  it("is refused to a student before any Classroom call", async () => {
    await signIn("student@northwood.edu", "student");
    await emu.control("DELETE", "/requests");
    const res = await previewBulkInviteAction({ rows: [{ line: 2, email: "a@northwood.edu", course: "1", role: "" }] });
    expect(res).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emu.control("GET", "/requests")).toEqual([]);
  });
});

describe("acceptInvitationAction", () => {
  it("logs the class and role of the caller's own invitation, not the hints the browser sent", async () => {
    await signIn("student@northwood.edu", "student");
    const calc = course("AP Calculus AB");
    const inv = s.invitations.find((i) => i.courseId === calc.id && i.userId === user("student@northwood.edu").id)!;
    const art = s.courses.find((c) => c.name.startsWith("Art Studio"))!;
    const res = await acceptInvitationAction({ invitationId: inv.id, courseId: art.id, role: "TEACHER" });
    expect(res).toMatchObject({ ok: true, data: { outcome: "joined" } });
    expect(await lastLog("invitation.accept")).toMatchObject({ courseId: calc.id, role: "STUDENT", outcome: "ok" });
  });

  it("logs no class for someone else's invitation", async () => {
    await signIn("student@northwood.edu", "student");
    const theirs = s.invitations.find((i) => i.userId !== user("student@northwood.edu").id && i.role === "STUDENT")!;
    const res = await acceptInvitationAction({ invitationId: theirs.id, courseId: theirs.courseId, role: "TEACHER" });
    expect(res.ok).toBe(false);
    expect(await lastLog("invitation.accept")).toMatchObject({ outcome: "error", courseId: null, role: null });
  });
});

describe("activity-log budget", () => {
  it("refuses a user over their per-minute budget before Classroom is called", async () => {
    let now = 0;
    setActivityLimiter(new ActivityLimiter(() => now, { staff: 5, student: 2 }));
    await signIn("student@northwood.edu", "student");
    const ref = { invitationId: "123", courseId: "456", role: "STUDENT" as const };
    await acceptInvitationAction(ref);
    await acceptInvitationAction(ref);
    await emu.control("DELETE", "/requests");
    const third = await acceptInvitationAction(ref);
    expect(third).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await emu.control("GET", "/requests")).toEqual([]);
    now += 60_000; // a new minute
    await expect(acceptInvitationAction(ref)).resolves.toMatchObject({
      ok: false,
      error: { code: expect.not.stringMatching(/RATE_LIMITED/) },
    });
  }, 30_000); // each refused accept re-reads membership for a few seconds (Classroom lags)

  it("counts a bulk revoke's rows, not its calls", async () => {
    setActivityLimiter(new ActivityLimiter(() => 0, { staff: 3, student: 1 }));
    await signIn("teacher@northwood.edu", "teacher");
    const algebra = course("Algebra I", "Period 1");
    const ids = s.invitations.filter((i) => i.courseId === algebra.id).map((i) => i.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    await emu.control("DELETE", "/requests");
    const res = await revokeInvitationsAction({ ids: ids.slice(0, 4) });
    expect(res).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await writesLogged()).toEqual([]);
  });
});
