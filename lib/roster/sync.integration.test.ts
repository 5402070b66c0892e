// The roster sync end to end below the UI: the demo school's OneRoster export (the repository's
// fixture, with its deliberate differences) planned against the in-process emulator through the
// real Google client, committed as one roster-sync job run by the real job runner, then planned
// again. Expected numbers come from the emulator's own state, not from the code under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { insertJobCreator } from "@/lib/test/job-worker";
import {
  fixtureClasses,
  newcomer,
  pendingInRoster,
  readRosterFixture,
  rosterMismatches,
} from "@/lib/test/roster-state";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "roster-integration-secret-roster-integr-0";

const emu: LibEmulator = await startLibEmulator();
const { db } = await import("@/lib/db");
const { insertJob, getJob, listItems } = await import("@/lib/jobs/store");
const { runSlice } = await import("@/lib/jobs/run");
const { stopJobs } = await import("@/lib/jobs/runtime");
const { planRosterSync } = await import("@/lib/classroom/roster-sync");
const { stageAll, stagedRemovals, toSyncItems } = await import("./plan");
const { removeMembersAs } = await import("@/lib/classroom/remove-members");
const { filterRoster } = await import("./model");

const ADMIN = "admin@northwood.edu";
const fixture = readRosterFixture();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let adminId: string;

async function runJob(items: Parameters<typeof insertJob>[1]["items"]) {
  const jobId = await insertJob(await db(), { kind: "roster-sync", creatorId: adminId, creatorEmail: ADMIN, items });
  for (let i = 0; i < 20; i++) {
    const r = await runSlice(jobId, { batch: { baseDelayMs: 5, maxDelayMs: 20 } });
    if (r.next === "stop") break;
    if (r.next === "wait") await sleep(Math.max(0, r.until.getTime() - Date.now()));
  }
  return jobId;
}

beforeAll(async () => {
  const d = await db();
  adminId = await insertJobCreator(d, ADMIN, await emu.tokenFor(ADMIN), process.env.AUTH_SECRET!, "admin");
}, 120_000);

afterAll(async () => {
  await stopJobs();
  await (await db()).close();
  await emu.close();
});

describe("roster sync of the demo school", () => {
  it("previews exactly the fixture's differences, commits them as one job, and then previews none", async () => {
    const token = await emu.tokenFor(ADMIN);
    const caller = { id: adminId, role: "admin" as const };
    const input = { ...fixture, mapping: new Map<string, string>() };
    const before = await emu.state();
    const expected = fixtureClasses(before);
    expect(expected).toHaveLength(11);

    const pending = pendingInRoster(before, expected);

    const plan = await planRosterSync(token, caller, input);
    expect(plan.unmatched).toBe(1);
    expect(plan.classes.find((c) => c.key === "cls-health-9")?.match.status).toBe("unmatched");
    for (const c of expected) expect(plan.classes.find((p) => p.key === c.key)?.courseId).toBe(c.courseId);
    expect(plan.classes.find((c) => c.key === "algebra1-p3")?.match.by).toBe("alias");
    expect(plan.classes.find((c) => c.key === "cls-biology")?.match.by).toBe("name");
    expect({ ...plan.totals, present: 0 }).toEqual({
      invite: 3,
      add: 0,
      pending,
      "change-role": 1,
      revoke: 1,
      extra: 0,
      owner: 0,
      present: 0,
    });
    expect(rosterMismatches(before, expected)).toHaveLength(5);

    const items = toSyncItems(plan, stageAll(plan));
    expect(items.map((i) => i.op).sort()).toEqual(["change-role", "invite", "invite", "invite", "revoke"]);
    const jobId = await runJob(items);
    const job = await getJob(await db(), jobId);
    expect(job?.state).toBe("done");
    expect((await listItems(await db(), jobId)).map((i) => [i.op, i.state, i.outcome])).toEqual(
      expect.arrayContaining([
        ["revoke", "done", "revoked"],
        ["change-role", "done", "role-changed"],
        ["invite", "done", "created"],
      ]),
    );

    expect(rosterMismatches(await emu.state(), expected)).toEqual([]);
    const again = await planRosterSync(token, caller, input);
    expect([again.totals.invite, again.totals["change-role"], again.totals.revoke]).toEqual([0, 0, 0]);
    // The role change and the three invitations are pending now.
    expect(again.totals.pending).toBe(pending + 1 + 3);
  }, 120_000);

  it("adds in-domain people directly and removes extra members of opted-in classes only, never the owner, through lost answers", async () => {
    const token = await emu.tokenFor(ADMIN);
    const caller = { id: adminId, role: "admin" as const };
    const s0 = await emu.state();
    const emailOf = (id: string) => s0.users.find((u) => u.id === id)!.email.toLowerCase();
    const classOf = (key: string) => {
      const c = fixtureClasses(s0).find((k) => k.key === key)!;
      return { ...c, course: s0.courses.find((k) => k.id === c.courseId)! };
    };
    const cw = classOf("cls-creative-writing");
    const art = classOf("cls-art-studio");
    // Two students and the co-teacher leave Creative Writing (an ownership transfer to the
    // co-teacher is pending, so they stay); Art Studio's owner is not listed.
    const leaving = [
      emailOf(cw.course.studentIds[0]!),
      emailOf(cw.course.studentIds[1]!),
      emailOf(cw.course.teacherIds.find((t) => t !== cw.course.ownerId)!),
    ];
    const artOwner = emailOf(art.course.ownerId);
    const joiner = newcomer(s0, cw.courseId, "northwood.edu").email;
    const guest = newcomer(s0, cw.courseId, "riverside-academy.org").email;

    const base = filterRoster(fixture, { classKeys: [cw.key, art.key] });
    const enrollments = [
      ...base.enrollments.filter(
        (e) =>
          !(e.classKey === cw.key && leaving.includes(e.email)) && !(e.classKey === art.key && e.email === artOwner),
      ),
      { classKey: cw.key, email: joiner, role: "STUDENT" as const, primary: false },
      { classKey: cw.key, email: guest, role: "STUDENT" as const, primary: false },
    ];
    const input = {
      classes: base.classes,
      enrollments,
      mapping: new Map<string, string>(),
      addDirectly: { domain: "northwood.edu" },
    };

    const plan = await planRosterSync(token, caller, input);
    const row = (key: string) => plan.classes.find((c) => c.key === key)!;
    expect([
      row(cw.key).counts.add,
      row(cw.key).counts.invite,
      row(cw.key).counts.extra,
      row(cw.key).removable,
    ]).toEqual([1, 1, 3, 2]);
    expect([row(art.key).counts.extra, row(art.key).removable]).toEqual([1, 0]);

    // By default nobody is removed.
    expect(
      toSyncItems(plan, stageAll(plan))
        .map((i) => i.op)
        .sort(),
    ).toEqual(["add", "invite"]);
    const optedIn = stageAll(plan).map((s) => ({ ...s, kinds: [...s.kinds, "extra" as const] }));
    expect(stagedRemovals(plan, optedIn)).toEqual({ count: 2, classes: [row(cw.key).courseLabel] });

    // The removals' and the direct add's answers are lost after Classroom applied them (every
    // DELETE's, so the repeats the batch layer may send are lost too): each is settled by
    // reading the membership, not by trusting or repeating the write.
    await emu.faults([
      { method: "DELETE", path: "/(students|teachers)/", dropAfterCommit: true },
      { method: "POST", path: `^/v1/courses/${cw.courseId}/students$`, dropAfterCommit: true, times: 1 },
    ]);
    const jobId = await runJob(toSyncItems(plan, optedIn));
    await emu.control("DELETE", "/faults");
    expect((await getJob(await db(), jobId))?.state).toBe("done");
    const results = await listItems(await db(), jobId);
    expect(results.map((i) => [i.op, i.state, i.outcome]).sort()).toEqual([
      ["add", "done", "member-added"],
      ["invite", "done", "created"],
      ["remove", "done", "member-removed"],
      ["remove", "done", "member-removed"],
    ]);

    const after = await emu.state();
    const afterEmail = (id: string) => after.users.find((u) => u.id === id)!.email.toLowerCase();
    const members = (courseId: string) => {
      const k = after.courses.find((c) => c.id === courseId)!;
      return [...k.studentIds, ...k.teacherIds].map(afterEmail).sort();
    };
    // Creative Writing's members are the roster's people, but the invited guest, and the
    // co-teacher the class is being handed to; nobody twice.
    const wanted = [...new Set(enrollments.filter((e) => e.classKey === cw.key).map((e) => e.email))];
    const cwInvited = after.invitations
      .filter((i) => i.courseId === cw.courseId && i.role !== "OWNER")
      .map((i) => afterEmail(i.userId));
    expect(members(cw.courseId)).toEqual([...wanted.filter((e) => !cwInvited.includes(e)), leaving[2]!].sort());
    expect(cwInvited).toContain(guest);
    // Added directly: a member, with no invitation.
    expect(cwInvited).not.toContain(joiner);
    expect(members(cw.courseId)).toContain(joiner);
    // Art Studio was opted in too, and its owner is still its owner and in it.
    expect(after.courses.find((c) => c.id === art.courseId)!.ownerId).toBe(art.course.ownerId);
    expect(members(art.courseId)).toContain(artOwner);
    expect(
      rosterMismatches(after, [
        { courseId: cw.courseId, people: wanted.map((email) => ({ email, role: "STUDENT" as const })) },
      ]),
    ).toEqual([]);

    // A re-run previews nothing left to change, with the new actions opted in as well.
    const again = await planRosterSync(token, caller, input);
    expect([again.totals.invite, again.totals.add, again.totals["change-role"], again.totals.revoke]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(
      toSyncItems(
        again,
        again.classes.flatMap((c) => (c.courseId ? [{ courseId: c.courseId, kinds: ["extra" as const] }] : [])),
      ),
    ).toEqual([]);
  }, 120_000);

  it("a teacher's sync plans only the classes they teach, and invites where an admin's would add directly", async () => {
    const s0 = await emu.state();
    const teacher = s0.users.find((u) => u.email === "teacher@northwood.edu")!;
    const theirs = fixtureClasses(s0).filter((c) =>
      s0.courses.find((k) => k.id === c.courseId)!.teacherIds.includes(teacher.id),
    );
    expect(theirs.length).toBeGreaterThan(0);
    const course = s0.courses.find((k) => k.id === theirs[0]!.courseId)!;
    const joiner = newcomer(s0, course.id, "northwood.edu");
    const input = {
      ...fixture,
      enrollments: [
        ...fixture.enrollments,
        { classKey: theirs[0]!.key, email: joiner.email, role: "STUDENT" as const, primary: false },
      ],
      mapping: new Map<string, string>(),
      // Asked for, and ignored: only an administrator may add directly.
      addDirectly: { domain: "northwood.edu" },
    };
    const plan = await planRosterSync(
      await emu.tokenFor(teacher.email),
      { id: "teacher-caller", role: "teacher" },
      input,
    );
    const planned = plan.classes.filter((c) => c.match.status === "matched").map((c) => c.courseId);
    expect(planned.sort()).toEqual(theirs.map((c) => c.courseId).sort());
    expect([plan.totals.invite, plan.totals.add]).toEqual([1, 0]);
  });

  it("a process killed after marking a removal or a direct add as sent settles it by reading the membership: done once, not sent again", async () => {
    const s0 = await emu.state();
    const course = s0.courses.find(
      (c) => c.courseState === "ACTIVE" && c.name === "Orchestra" && c.studentIds.length > 1,
    )!;
    const leaver = s0.users.find((u) => u.id === course.studentIds[0])!.email.toLowerCase();
    const joiner = newcomer(s0, course.id, "northwood.edu").email;
    const token = await emu.tokenFor(ADMIN);
    const landBeforeDying = async (method: "DELETE" | "POST", path: string, body?: unknown) => {
      await fetch(`${emu.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      throw new Error("killed");
    };
    const cases = [
      {
        item: { op: "remove" as const, courseId: course.id, invitee: leaver, role: "STUDENT" },
        land: () => landBeforeDying("DELETE", `/v1/courses/${course.id}/students/${encodeURIComponent(leaver)}`),
        outcome: "member-removed",
      },
      {
        item: { op: "add" as const, courseId: course.id, invitee: joiner, role: "STUDENT" },
        land: () => landBeforeDying("POST", `/v1/courses/${course.id}/students`, { userId: joiner }),
        outcome: "member-added",
      },
    ];
    for (const { item, land, outcome } of cases) {
      const jobId = await insertJob(await db(), {
        kind: "roster-sync",
        creatorId: adminId,
        creatorEmail: ADMIN,
        items: [item],
      });
      await expect(runSlice(jobId, { afterMark: land })).rejects.toThrow("killed");
      expect((await listItems(await db(), jobId)).map((i) => i.state)).toEqual(["sending"]);
      await emu.control("DELETE", "/requests");
      await runSlice(jobId, { batch: { baseDelayMs: 5, maxDelayMs: 20 } });
      expect((await listItems(await db(), jobId)).map((i) => [i.state, i.outcome])).toEqual([["done", outcome]]);
      // Settled by reading: no second write was sent.
      const writes = (await emu.control<{ method: string }[]>("GET", "/requests")).filter((r) => r.method !== "GET");
      expect(writes).toEqual([]);
    }
    const after = (await emu.state()).courses.find((c) => c.id === course.id)!;
    const idOf = (email: string) => s0.users.find((u) => u.email.toLowerCase() === email)!.id;
    expect(after.studentIds).not.toContain(idOf(leaver));
    expect(after.studentIds).toContain(idOf(joiner));
  });

  it("the one removal path refuses the class owner itself, before any DELETE", async () => {
    const s0 = await emu.state();
    const course = s0.courses.find((c) => c.courseState === "ACTIVE" && c.teacherIds.includes(c.ownerId))!;
    // Any DELETE sent would answer this instead of the owner refusal.
    await emu.faults([{ method: "DELETE", status: 403 }]);
    const [outcome] = await removeMembersAs(await emu.tokenFor(ADMIN), "admin", [
      { courseId: course.id, userId: course.ownerId, role: "TEACHER" },
    ]);
    await emu.control("DELETE", "/faults");
    expect(outcome).toMatchObject({ ok: false, error: { code: "CANNOT_REMOVE_COURSE_OWNER" } });
    expect((await emu.state()).courses.find((c) => c.id === course.id)!.teacherIds).toContain(course.ownerId);
  });

  it("a teacher cannot remove anyone from a class that is not theirs", async () => {
    const s0 = await emu.state();
    const teacher = s0.users.find((u) => u.email === "teacher@northwood.edu")!;
    const other = s0.courses.find(
      (c) => c.courseState === "ACTIVE" && !c.teacherIds.includes(teacher.id) && c.studentIds.length > 0,
    )!;
    const student = other.studentIds[0]!;
    const [outcome] = await removeMembersAs(await emu.tokenFor("teacher@northwood.edu"), "teacher", [
      { courseId: other.id, userId: student, role: "STUDENT" },
    ]);
    expect(outcome?.ok).toBe(false);
    expect((await emu.state()).courses.find((c) => c.id === other.id)!.studentIds).toContain(student);
  });
});

// Saved syncs keep their class mappings and options to themselves: two rosters may use the same
// class key for different classes, so one profile's matches must never steer another's. (Here,
// with this file's database, rather than opening another one.)
describe("saved roster profiles", () => {
  it("key their class mappings by profile: the same class key maps to each profile's own class", async () => {
    const { getRosterProfile, saveRosterProfile, savedMapping } = await import("@/lib/db/roster-profiles");
    const [other] = await (
      await db()
    ).query<{ id: string }>("INSERT INTO users (email, name, role) VALUES ('b@x.edu', 'B', 'teacher') RETURNING id");
    const roster = {
      format: "csv" as const,
      classes: [{ key: "period-1", title: "Period 1", aliases: [] }],
      enrollments: [],
    };
    const save = (ownerId: string, name: string, courseId: string, addDirectly = false) =>
      saveRosterProfile({
        ownerId,
        name,
        sourceName: name,
        roster,
        mapping: { "period-1": courseId },
        options: { addDirectly },
      });
    const north = await save(adminId, "north.zip", "111", true);
    await save(adminId, "south.zip", "222");
    await save(other!.id, "north.zip", "333");

    expect(await savedMapping(adminId, "north.zip")).toEqual({ "period-1": "111" });
    expect(await savedMapping(adminId, "south.zip")).toEqual({ "period-1": "222" });
    // Another user's profile of the same name is theirs alone; a new roster starts with none.
    expect(await savedMapping(other!.id, "north.zip")).toEqual({ "period-1": "333" });
    expect(await savedMapping(adminId, "east.zip")).toEqual({});

    // Saving one profile again leaves the other's mapping as it was.
    await save(adminId, "south.zip", "444");
    expect(await savedMapping(adminId, "north.zip")).toEqual({ "period-1": "111" });
    expect(await getRosterProfile(adminId, north)).toMatchObject({
      mapping: { "period-1": "111" },
      options: { addDirectly: true },
    });
    expect(await getRosterProfile(other!.id, north)).toBeNull();
  });
});
