// The roster sync end to end below the UI: the demo school's OneRoster export (the repository's
// fixture, with its deliberate differences) planned against the in-process emulator through the
// real Google client, committed as one roster-sync job run by the real job runner, then planned
// again. Expected numbers come from the emulator's own state, not from the code under test.
import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { rosterMismatches } from "@/lib/test/roster-state";

import { readRoster } from "./read";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "roster-integration-secret-roster-integr-0";

const emu: LibEmulator = await startLibEmulator();
const { db } = await import("@/lib/db");
const { tokenCipher } = await import("@/lib/auth/crypto");
const { insertJob, getJob, listItems } = await import("@/lib/jobs/store");
const { runSlice } = await import("@/lib/jobs/run");
const { stopJobs } = await import("@/lib/jobs/runtime");
const { planRosterSync } = await import("@/lib/classroom/roster-sync");
const { stageAll, toSyncItems } = await import("./plan");

const ADMIN = "admin@northwood.edu";
const fixture = readRoster([
  { name: "northwood.zip", bytes: new Uint8Array(readFileSync("public/samples/northwood-oneroster-1.2.zip")) },
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let adminId: string;

beforeAll(async () => {
  const d = await db();
  const [user] = await d.query<{ id: string }>(
    "INSERT INTO users (email, name, role) VALUES ($1, $1, 'admin') RETURNING id",
    [ADMIN],
  );
  adminId = user!.id;
  await d.query(
    `INSERT INTO accounts (user_id, type, provider, provider_account_id, access_token)
     VALUES ($1, 'oidc', 'google', 'sub-admin', $2)`,
    [adminId, tokenCipher(process.env.AUTH_SECRET!).encrypt(await emu.tokenFor(ADMIN))],
  );
}, 120_000);

afterAll(async () => {
  await stopJobs();
  await (await db()).close();
  await emu.close();
});

/** The fixture's classes as the emulator has them: title and classCode (the section) name the course. */
function expectedClasses(state: Awaited<ReturnType<LibEmulator["state"]>>) {
  const classCodes = new Map(
    readFileSync("e2e/fixtures/oneroster/classes.csv", "utf8")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",") as string[])
      .map((cells) => [cells[0]!, cells[6]!]),
  );
  return fixture.classes.flatMap((c) => {
    const course = state.courses.find((k) => k.name === c.title && (k.section ?? "") === classCodes.get(c.key));
    if (!course) return [];
    return [
      {
        key: c.key,
        courseId: course.id,
        people: fixture.enrollments.filter((e) => e.classKey === c.key).map((e) => ({ email: e.email, role: e.role })),
      },
    ];
  });
}

describe("roster sync of the demo school", () => {
  it("previews exactly the fixture's differences, commits them as one job, and then previews none", async () => {
    const token = await emu.tokenFor(ADMIN);
    const caller = { id: adminId, role: "admin" as const };
    const input = { ...fixture, mapping: new Map<string, string>() };
    const before = await emu.state();
    const expected = expectedClasses(before);
    expect(expected).toHaveLength(11);

    // Pending invitations in the roster's classes that the roster lists with that role (an
    // ownership transfer to someone who already co-teaches is counted as present, not pending).
    const emailOf = new Map(before.users.map((u) => [u.id, u.email]));
    const teaches = (courseId: string, userId: string) =>
      before.courses.find((k) => k.id === courseId)!.teacherIds.includes(userId);
    const pendingInRoster = expected.flatMap((c) =>
      before.invitations.filter(
        (i) =>
          i.courseId === c.courseId &&
          !teaches(c.courseId, i.userId) &&
          c.people.some((p) => p.email === emailOf.get(i.userId) && (p.role === i.role || i.role === "OWNER")),
      ),
    );

    const plan = await planRosterSync(token, caller, input);
    expect(plan.unmatched).toBe(1);
    expect(plan.classes.find((c) => c.key === "cls-health-9")?.match.status).toBe("unmatched");
    for (const c of expected) expect(plan.classes.find((p) => p.key === c.key)?.courseId).toBe(c.courseId);
    expect(plan.classes.find((c) => c.key === "algebra1-p3")?.match.by).toBe("alias");
    expect(plan.classes.find((c) => c.key === "cls-biology")?.match.by).toBe("name");
    expect({ ...plan.totals, present: 0 }).toEqual({
      invite: 3,
      pending: pendingInRoster.length,
      "change-role": 1,
      revoke: 1,
      extra: 0,
      owner: 0,
      present: 0,
    });
    expect(rosterMismatches(before, expected)).toHaveLength(5);

    const items = toSyncItems(plan, stageAll(plan));
    expect(items.map((i) => i.op).sort()).toEqual(["change-role", "invite", "invite", "invite", "revoke"]);
    const jobId = await insertJob(await db(), { kind: "roster-sync", creatorId: adminId, creatorEmail: ADMIN, items });
    for (let i = 0; i < 20; i++) {
      const r = await runSlice(jobId, { batch: { baseDelayMs: 5, maxDelayMs: 20 } });
      if (r.next === "stop") break;
      if (r.next === "wait") await sleep(Math.max(0, r.until.getTime() - Date.now()));
    }
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
    expect(again.totals.pending).toBe(pendingInRoster.length + 1 + 3);
  }, 120_000);
});
