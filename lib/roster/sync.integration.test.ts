// The roster sync end to end below the UI: the demo school's OneRoster export (the repository's
// fixture, with its deliberate differences) planned against the in-process emulator through the
// real Google client, committed as one roster-sync job run by the real job runner, then planned
// again. Expected numbers come from the emulator's own state, not from the code under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startLibEmulator, type LibEmulator } from "@/lib/test/emulator";
import { fixtureClasses, pendingInRoster, readRosterFixture, rosterMismatches } from "@/lib/test/roster-state";

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
const fixture = readRosterFixture();
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
    expect(again.totals.pending).toBe(pending + 1 + 3);
  }, 120_000);
});
