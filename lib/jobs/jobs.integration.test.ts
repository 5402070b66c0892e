// Bulk jobs against the in-process emulator, through the real Google client, the real token
// store and the real ledger, on the embedded database (PGlite) or, where TEST_DATABASE_URL is
// set, on a fresh database of that Postgres. Faults and crashes come from the emulator's control
// API and from interrupting a slice, never from mocks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  freshInvitees,
  ownedActiveCourse,
  startLibEmulator,
  type EmulatorState,
  type LibEmulator,
} from "@/lib/test/emulator";
import { freshPostgres } from "@/lib/test/fresh-postgres";
import { insertJobCreator } from "@/lib/test/job-worker";

process.env.PGLITE_DATA_DIR = "memory://";
process.env.AUTH_SECRET = "jobs-integration-secret-jobs-integration-0";
const postgres = await freshPostgres("jobs_test");
if (postgres) process.env.DATABASE_URL = postgres.url;

const emu: LibEmulator = await startLibEmulator();
const { db } = await import("@/lib/db");
const { insertJob, getJob, listItems, transition } = await import("./store");
const { runSlice } = await import("./run");
const { scheduleFor } = await import("./ledger");
const { enqueue, resumeReauthorized, startJobWorkers, stopJobs } = await import("./runtime");
const { listLifecycle, recordInvitationMeta, recordListing } = await import("@/lib/db/invitation-meta");
const { buildHistory } = await import("@/lib/view/insights");

const TEACHER = "teacher@northwood.edu";
const ADMIN = "admin@northwood.edu";
const WINDOW_MS = 1_500;
const budget = (perWindow: number) => ({ perWindow, windowMs: WINDOW_MS });
const fast = { batch: { baseDelayMs: 5, maxDelayMs: 20 }, sliceMs: 10_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let teacherId: string;
let course: EmulatorState["courses"][number];
let people: EmulatorState["users"];

/** The teacher's emulator token, stored the way sign-in stores it (encrypted, no expiry). */
async function seedTeacher(): Promise<string> {
  const d = await db();
  return insertJobCreator(d, TEACHER, await emu.tokenFor(TEACHER), process.env.AUTH_SECRET!);
}

async function newInviteJob(count: number, offset = 0): Promise<string> {
  return insertJob(await db(), {
    kind: "invite",
    creatorId: teacherId,
    creatorEmail: TEACHER,
    items: people
      .slice(offset, offset + count)
      .map((p) => ({ courseId: course.id, invitee: p.email, role: "STUDENT" })),
  });
}

/** Runs slices the way the worker does (waiting out each "wait") until the job stops. */
async function drive(jobId: string, opts: Parameters<typeof runSlice>[1], maxSlices = 60) {
  let waits = 0;
  for (let i = 0; i < maxSlices; i++) {
    const r = await runSlice(jobId, opts);
    if (r.next === "stop") return { waits };
    if (r.next === "wait") {
      waits++;
      await sleep(Math.max(0, r.until.getTime() - Date.now()));
    }
  }
  throw new Error("job did not finish");
}

const invitationsOf = async (emails: readonly string[]) => {
  const s = await emu.state();
  const ids = new Set(s.users.filter((u) => emails.includes(u.email)).map((u) => u.id));
  return s.invitations.filter((i) => i.courseId === course.id && ids.has(i.userId));
};

const requests = async () =>
  emu
    .control<{ method: string; path: string; status: number }[]>("GET", "/requests")
    .then((log) => log.filter((r) => r.method === "POST" && r.path.startsWith("/v1/invitations")));

/** The report equals Classroom, row for row: every "done" row exists, nothing else does. */
async function expectReportMatchesClassroom(jobId: string) {
  const d = await db();
  const items = await listItems(d, jobId);
  const existing = await invitationsOf(items.map((i) => i.invitee));
  const s = await emu.state();
  const emailOf = new Map(s.users.map((u) => [u.id, u.email]));
  expect(existing.map((i) => emailOf.get(i.userId)).sort()).toEqual(
    items
      .filter((i) => i.state === "done")
      .map((i) => i.invitee)
      .sort(),
  );
  for (const item of items.filter((i) => i.state === "done")) {
    expect(existing.find((e) => emailOf.get(e.userId) === item.invitee)?.id).toBe(item.invitationId);
  }
}

beforeAll(async () => {
  await db();
  teacherId = await seedTeacher();
}, 120_000);

afterAll(async () => {
  await stopJobs();
  await (await db()).close();
  await emu.close();
  await postgres?.drop();
});

beforeEach(async () => {
  await emu.control("POST", "/reset", {});
  await emu.control("DELETE", "/requests").catch(() => undefined);
  const d = await db();
  await d.query("DELETE FROM jobs");
  await d.query("DELETE FROM invitation_ledger");
  await d.query("DELETE FROM invitation_meta");
  const s = await emu.state();
  course = ownedActiveCourse(s, TEACHER);
  people = freshInvitees(s, course);
  expect(people.length).toBeGreaterThanOrEqual(12);
});

describe("bulk invite job", { timeout: 120_000 }, () => {
  it("sends within the sender's budget, waits for the window to roll, and finishes by itself", async () => {
    await emu.control("PUT", "/config", { quotas: { invitationsPerTeacherPerDay: 4, invitationWindowSeconds: 1 } });
    const jobId = await newInviteJob(10);

    const preview = await scheduleFor(await db(), teacherId, 10, budget(4));
    expect(preview.slots.map((s) => s.count)).toEqual([4, 4, 2]);

    const { waits } = await drive(jobId, { ...fast, budget: budget(4) });
    expect(waits).toBe(2);
    const job = await getJob(await db(), jobId);
    expect(job?.state).toBe("done");
    expect(job?.counts.done).toBe(10);
    await expectReportMatchesClassroom(jobId);
    // The ledger kept every send inside Google's cap: not one refusal.
    expect((await requests()).filter((r) => r.status === 429)).toEqual([]);
  });

  it("Google's refusal is the truth: invitations sent outside the dashboard fill the window, and the job waits instead of failing", async () => {
    await emu.control("PUT", "/config", { quotas: { invitationsPerTeacherPerDay: 4, invitationWindowSeconds: 1 } });
    // Two invitations from the same teacher, not through the dashboard: the ledger doesn't know.
    const token = await emu.tokenFor(TEACHER);
    for (const p of people.slice(10, 12)) {
      const res = await fetch(`${emu.url}/v1/invitations`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ courseId: course.id, userId: p.email, role: "STUDENT" }),
      });
      expect(res.status).toBe(200);
    }
    const jobId = await newInviteJob(6);
    await drive(jobId, { ...fast, budget: budget(4) });
    const items = await listItems(await db(), jobId);
    expect(items.every((i) => i.state === "done")).toBe(true);
    // Refused rows were not charged an attempt: the closed day burned no retries.
    expect(Math.max(...items.map((i) => i.attempts))).toBe(1);
    await expectReportMatchesClassroom(jobId);
  });

  it("a lost answer (dropAfterCommit) and 503s are reconciled by listing: nothing lost, nothing twice", async () => {
    await emu.faults([
      { method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 2 },
      { method: "POST", path: "^/v1/invitations$", status: 503, times: 2 },
    ]);
    const jobId = await newInviteJob(8);
    await drive(jobId, { ...fast, budget: budget(100) });
    const job = await getJob(await db(), jobId);
    expect(job?.counts.done).toBe(8);
    await expectReportMatchesClassroom(jobId);
  });

  // Under consistencyLagMs the restart's listing first misses what landed; the reconcile re-reads.
  it.each([0, 800])(
    "a crash after the post landed and before its answer was recorded is reconciled, not posted again (consistencyLagMs %i)",
    async (consistencyLagMs) => {
      await emu.control("PUT", "/config", { consistencyLagMs });
      const jobId = await newInviteJob(5);
      // The first round dies right after marking its rows as sent, the way a SIGKILL would.
      await expect(
        runSlice(jobId, {
          ...fast,
          budget: budget(100),
          afterMark: async (seqs) => {
            // Two of the five reached Classroom before the process died.
            const token = await emu.tokenFor(TEACHER);
            for (const seq of seqs.slice(0, 2)) {
              await fetch(`${emu.url}/v1/invitations`, {
                method: "POST",
                headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
                body: JSON.stringify({ courseId: course.id, userId: people[seq]!.email, role: "STUDENT" }),
              });
            }
            throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
      expect((await listItems(await db(), jobId, { states: ["sending"] })).length).toBe(5);
      await emu.control("DELETE", "/requests").catch(() => undefined);

      await drive(jobId, { ...fast, budget: budget(100) });
      const items = await listItems(await db(), jobId);
      expect(items.map((i) => i.state)).toEqual(Array(5).fill("done"));
      // Only the three that never landed were posted after the restart, and each once.
      const posts = await requests();
      expect(posts.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(items.map((i) => i.outcome)).toEqual(Array(5).fill("created"));
      await expectReportMatchesClassroom(jobId);
    },
    15_000,
  );

  it("authorizes each row on the creator's behalf: a row in another teacher's class fails FORBIDDEN, unsent", async () => {
    const s = await emu.state();
    const theirs = s.courses.find((c) => c.ownerId !== course.ownerId && c.courseState === "ACTIVE")!;
    const d = await db();
    const jobId = await insertJob(d, {
      kind: "invite",
      creatorId: teacherId,
      creatorEmail: TEACHER,
      items: [
        { courseId: course.id, invitee: people[0]!.email, role: "STUDENT" },
        { courseId: theirs.id, invitee: people[1]!.email, role: "STUDENT" },
      ],
    });
    await drive(jobId, { ...fast, budget: budget(100) });
    const items = await listItems(d, jobId);
    expect(items.map((i) => [i.state, i.errorCode])).toEqual([
      ["done", null],
      ["failed", "FORBIDDEN"],
    ]);
    expect((await requests()).filter((r) => r.status < 400)).toHaveLength(1);
    const log = await d.query<{ outcome: string; course_id: string | null; course_name: string | null }>(
      "SELECT outcome, course_id, course_name FROM activity_log WHERE batch_id = $1 ORDER BY outcome",
      [jobId],
    );
    // The class is named as a person's own invite names it; one they may not manage is not.
    const label = course.section ? `${course.name} (${course.section})` : course.name;
    expect(log).toEqual([
      { outcome: "error", course_id: theirs.id, course_name: null },
      { outcome: "ok", course_id: course.id, course_name: label },
    ]);
  });

  it("a person already invited is counted done, and their invitation keeps the inviter it had", async () => {
    const [first] = people;
    // Invited by a co-teacher through the dashboard before the job.
    const res = await fetch(`${emu.url}/v1/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${await emu.tokenFor(TEACHER)}`, "content-type": "application/json" },
      body: JSON.stringify({ courseId: course.id, userId: first!.email, role: "STUDENT" }),
    });
    const theirs = (await res.json()) as { id: string };
    await recordInvitationMeta({
      invitationId: theirs.id,
      courseId: course.id,
      inviterEmail: "teacher2@northwood.edu",
    });
    const jobId = await newInviteJob(2);
    await drive(jobId, { ...fast, budget: budget(100) });

    const items = await listItems(await db(), jobId);
    expect(items.map((i) => i.outcome)).toEqual(["already-invited", "created"]);
    const meta = await (
      await db()
    ).query<{ invitation_id: string; inviter_email: string; user_id: string | null }>(
      "SELECT invitation_id, inviter_email, user_id FROM invitation_meta WHERE invitation_id = ANY($1::text[])",
      [items.map((i) => i.invitationId)],
    );
    // The invitation made has its invitee's Classroom id at once, as a person's own create records it.
    expect(new Map(meta.map((r) => [r.invitation_id, [r.inviter_email, r.user_id]]))).toEqual(
      new Map([
        [theirs.id, ["teacher2@northwood.edu", null]],
        [items[1]!.invitationId!, [TEACHER, people[1]!.id]],
      ]),
    );
  });

  it("cancel stops before the next round; what was sent stays reported", async () => {
    const jobId = await newInviteJob(6);
    await runSlice(jobId, {
      ...fast,
      chunk: 2,
      budget: budget(100),
      afterMark: async () => {
        await transition(await db(), jobId, ["running"], "cancelled");
      },
    });
    const job = await getJob(await db(), jobId);
    expect(job?.state).toBe("cancelled");
    expect(job?.counts).toMatchObject({ done: 2, cancelled: 4 });
    await expectReportMatchesClassroom(jobId);
  });

  it("a revoked grant pauses the job with that reason; signing in again resumes it", async () => {
    const d = await db();
    await d.query("UPDATE accounts SET refresh_error = 'invalid_grant' WHERE user_id = $1", [teacherId]);
    const jobId = await newInviteJob(3);
    expect(await runSlice(jobId, fast)).toEqual({ next: "stop" });
    expect(await getJob(d, jobId)).toMatchObject({ state: "paused", pauseReason: "reauth" });

    // Nothing changed on the account yet: the job stays paused.
    expect(await resumeReauthorized()).toEqual([]);
    await sleep(20);
    await d.query("UPDATE accounts SET refresh_error = NULL, updated_at = now() WHERE user_id = $1", [teacherId]);
    expect(await resumeReauthorized()).toEqual([jobId]);
    await drive(jobId, { ...fast, budget: budget(100) });
    expect((await getJob(d, jobId))?.state).toBe("done");
    await expectReportMatchesClassroom(jobId);
  });
});

describe("pg-boss workers", { timeout: 120_000 }, () => {
  it("run a queued job to the end", async () => {
    await startJobWorkers(fast);
    const jobId = await newInviteJob(4);
    await enqueue(jobId);
    const d = await db();
    for (let i = 0; i < 100 && (await getJob(d, jobId))?.state !== "done"; i++) await sleep(300);
    expect((await getJob(d, jobId))?.state).toBe("done");
    await expectReportMatchesClassroom(jobId);
  });
});

describe("change-role and resend jobs", { timeout: 120_000 }, () => {
  /** Invitations created straight in Classroom, as if sent some days ago. */
  async function invited(count: number, role = "STUDENT", offset = 0) {
    const token = await emu.tokenFor(TEACHER);
    const made: { id: string; userId: string; role: string; email: string }[] = [];
    for (const p of people.slice(offset, offset + count)) {
      const res = await fetch(`${emu.url}/v1/invitations`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ courseId: course.id, userId: p.email, role }),
      });
      expect(res.status).toBe(200);
      const inv = (await res.json()) as { id: string; userId: string; role: string };
      made.push({ ...inv, email: p.email });
    }
    return made;
  }

  async function newRecreateJob(
    kind: "change-role" | "resend",
    invitations: { id: string; userId: string; role: string }[],
    toRole?: string,
    creator = { id: teacherId, email: TEACHER },
  ) {
    return insertJob(await db(), {
      kind,
      creatorId: creator.id,
      creatorEmail: creator.email,
      items: invitations.map((i) => ({
        courseId: course.id,
        invitee: i.userId,
        invitationId: i.id,
        fromRole: i.role,
        role: toRole ?? i.role,
      })),
    });
  }

  /** The job's first slice dies after its deletes landed and before any create, as a SIGKILL would. */
  async function dieAfterDeletes(jobId: string, deleted: readonly { id: string }[], meanwhile = async () => {}) {
    const token = await emu.tokenFor(TEACHER);
    await expect(
      runSlice(jobId, {
        ...fast,
        budget: budget(100),
        afterMark: async () => {
          for (const { id } of deleted) {
            await fetch(`${emu.url}/v1/invitations/${id}`, {
              method: "DELETE",
              headers: { authorization: `Bearer ${token}` },
            });
          }
          await meanwhile();
          throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
  }

  const ledgerCount = async () =>
    Number(
      (
        await (
          await db()
        ).query<{ n: number }>("SELECT count(*)::int AS n FROM invitation_ledger WHERE sender_id = $1", [teacherId])
      )[0]!.n,
    );

  it("a resend of 5 leaves 5 fresh invitations with the same roles, counted against the budget and logged", async () => {
    const distinct = [...(await invited(3)), ...(await invited(2, "TEACHER", 3))];
    const jobId = await newRecreateJob("resend", distinct);
    await drive(jobId, { ...fast, budget: budget(100) });

    const items = await listItems(await db(), jobId);
    expect(items.map((i) => [i.state, i.outcome])).toEqual(distinct.map(() => ["done", "resent"]));
    const now = await invitationsOf(distinct.map((b) => b.email));
    expect(now).toHaveLength(distinct.length);
    for (const b of distinct) {
      const fresh = now.find((n) => n.userId === b.userId)!;
      expect(fresh.id).not.toBe(b.id);
      expect(fresh.role).toBe(b.role);
      expect(items.find((i) => i.invitee === b.userId)?.invitationId).toBe(fresh.id);
    }
    expect(await ledgerCount()).toBe(distinct.length);
    const log = await (
      await db()
    ).query<{ action: string; outcome: string }>("SELECT action, outcome FROM activity_log WHERE batch_id = $1", [
      jobId,
    ]);
    expect(log).toHaveLength(distinct.length);
    expect(log.every((e) => e.action === "invitation.resend" && e.outcome === "ok")).toBe(true);
  });

  it("a revoke job looks each invitation up and checks its class on our side: what the browser claimed is only a hint", async () => {
    const own = await invited(2);
    // Another teacher's invitation, submitted under our teacher's class: never sent, logged where it really is.
    const s = await emu.state();
    const other = s.courses.find((c) => c.courseState === "ACTIVE" && c.ownerId !== course.ownerId)!;
    const otherEmail = s.users.find((u) => u.id === other.ownerId)!.email;
    const invitee = people.at(-1)!;
    const res = await fetch(`${emu.url}/v1/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${await emu.tokenFor(otherEmail)}`, "content-type": "application/json" },
      body: JSON.stringify({ courseId: other.id, userId: invitee.email, role: "STUDENT" }),
    });
    const foreign = (await res.json()) as { id: string; userId: string };
    await emu.control("DELETE", "/requests").catch(() => undefined);

    const jobId = await insertJob(await db(), {
      kind: "revoke",
      creatorId: teacherId,
      creatorEmail: TEACHER,
      items: [...own, { id: foreign.id, userId: "someone@northwood.edu" }].map((i) => ({
        courseId: course.id,
        invitee: i.userId,
        invitationId: i.id,
      })),
    });
    await drive(jobId, { ...fast, budget: budget(100) });

    const items = await listItems(await db(), jobId);
    expect(items.map((i) => [i.state, i.outcome ?? i.errorCode])).toEqual([
      ["done", "revoked"],
      ["done", "revoked"],
      ["failed", "FORBIDDEN"],
    ]);
    const after = await emu.state();
    expect(after.invitations.some((i) => own.some((o) => o.id === i.id))).toBe(false);
    expect(after.invitations.some((i) => i.id === foreign.id)).toBe(true);
    const log = await emu.control<{ method: string; path: string }[]>("GET", "/requests");
    expect(log.filter((r) => r.method === "DELETE" && r.path.includes(foreign.id))).toEqual([]);
    const entries = await (
      await db()
    ).query<{ course_id: string; invitee: string }>(
      "SELECT course_id, invitee FROM activity_log WHERE batch_id = $1 AND invitation_id = $2",
      [jobId, foreign.id],
    );
    // Classroom hides another class's invitation from this teacher: nothing it could not confirm is logged.
    expect(entries).toEqual([{ course_id: null, invitee: null }]);
  });

  it("a revoke job records what it revoked for Insights, as a person's own revoke does; one gone meanwhile is left to observation", async () => {
    const own = await invited(3);
    const d = await db();
    // The dashboard listed them before the revoke, so each has its first sighting.
    await recordListing(own.map((i) => ({ id: i.id, courseId: course.id, userId: i.userId, role: i.role })));
    // The third invitee accepts before the job reaches them: its DELETE answers NOT_FOUND.
    const accepted = await fetch(`${emu.url}/v1/invitations/${own[2]!.id}:accept`, {
      method: "POST",
      headers: { authorization: `Bearer ${await emu.tokenFor(own[2]!.email)}` },
    });
    expect(accepted.status).toBe(200);

    const jobId = await insertJob(d, {
      kind: "revoke",
      creatorId: teacherId,
      creatorEmail: TEACHER,
      items: own.map((i) => ({ courseId: course.id, invitee: i.userId, invitationId: i.id })),
    });
    await drive(jobId, { ...fast, budget: budget(100) });
    expect((await listItems(d, jobId)).map((i) => i.outcome)).toEqual(["revoked", "revoked", "already-gone"]);

    const rows = await d.query<{ invitation_id: string; outcome: string | null; outcome_source: string | null }>(
      "SELECT invitation_id, outcome, outcome_source FROM invitation_meta ORDER BY invitation_id",
    );
    expect(rows).toEqual(
      [
        { invitation_id: own[0]!.id, outcome: "revoked", outcome_source: "dashboard" },
        { invitation_id: own[1]!.id, outcome: "revoked", outcome_source: "dashboard" },
        { invitation_id: own[2]!.id, outcome: null, outcome_source: null },
      ].sort((a, b) => a.invitation_id.localeCompare(b.invitation_id)),
    );
    const classes = { [course.id]: { name: course.name, state: course.courseState, ownerId: course.ownerId } };
    const none = { q: "", course: "", role: "", state: "", owner: "", olderThan: "" };
    const history = buildHistory(await listLifecycle([course.id], new Date(0)), none, classes);
    expect(history.ended.revoked).toBe(2);
  });

  it("a change of role for a selection re-creates each invitation with the new role", async () => {
    const before = await invited(4);
    const jobId = await newRecreateJob("change-role", before, "TEACHER");
    await drive(jobId, { ...fast, budget: budget(100) });
    const now = await invitationsOf(before.map((b) => b.email));
    expect(now.map((n) => n.role)).toEqual(["TEACHER", "TEACHER", "TEACHER", "TEACHER"]);
    expect(now.some((n) => before.some((b) => b.id === n.id))).toBe(false);
    const items = await listItems(await db(), jobId);
    expect(items.every((i) => i.state === "done" && i.outcome === "role-changed")).toBe(true);
  });

  it("a re-create refused after the delete restores the original and says so; when even that fails, says the person has none", async () => {
    const before = await invited(2);
    // The first item's new invitation is refused, its restore goes through; the second loses both.
    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 403, times: 1 }]);
    const first = await newRecreateJob("resend", before.slice(0, 1));
    await drive(first, { ...fast, budget: budget(100) });
    const [restored] = await listItems(await db(), first);
    const [held] = await invitationsOf([before[0]!.email]);
    expect(restored).toMatchObject({ state: "failed", outcome: "restored", invitationId: held!.id });
    expect(held!.role).toBe("STUDENT");
    // The restored invitation is a new one the job sent: its inviter is recorded, as a person's own change records it.
    const [meta] = await (
      await db()
    ).query<{ inviter_email: string }>("SELECT inviter_email FROM invitation_meta WHERE invitation_id = $1", [
      held!.id,
    ]);
    expect(meta?.inviter_email).toBe(TEACHER);

    await emu.faults([{ method: "POST", path: "^/v1/invitations$", status: 403, times: 2 }]);
    const second = await newRecreateJob("resend", before.slice(1, 2));
    await drive(second, { ...fast, budget: budget(100) });
    const [removed] = await listItems(await db(), second);
    expect(removed).toMatchObject({ state: "failed", outcome: "removed" });
    expect(await invitationsOf([before[1]!.email])).toEqual([]);
  });

  it("a create settled after a lost answer is checked like the first try: a creator who lost the class is refused, nothing posted", async () => {
    const before = await invited(2);
    // A domain admin of the dashboard, who teaches none of the teacher's class.
    const d = await db();
    const adminId = await insertJobCreator(d, ADMIN, await emu.tokenFor(ADMIN), process.env.AUTH_SECRET!, "admin");
    const jobId = await newRecreateJob("change-role", before, "TEACHER", { id: adminId, email: ADMIN });
    // Meanwhile the admin lost the dashboard's admin role: the class is no longer theirs to write to.
    await dieAfterDeletes(jobId, before, async () => {
      await d.query("UPDATE users SET role = 'teacher' WHERE id = $1", [adminId]);
    });
    await emu.control("DELETE", "/requests").catch(() => undefined);
    // No lag configured: the first listing that finds neither invitation is believed.
    await drive(jobId, { ...fast, batch: { ...fast.batch, reread: { windowMs: 0 } }, budget: budget(100) });

    const items = await listItems(d, jobId);
    expect(items.map((i) => [i.state, i.errorCode, i.outcome])).toEqual(
      before.map(() => ["failed", "FORBIDDEN", "removed"]),
    );
    expect(await invitationsOf(before.map((b) => b.email))).toEqual([]);
    expect(await requests()).toEqual([]);
  });

  it("a crash between the delete and the create is settled by listing: the invitation is created once", async () => {
    const before = await invited(3);
    const jobId = await newRecreateJob("change-role", before, "TEACHER");
    await dieAfterDeletes(jobId, before);
    await drive(jobId, { ...fast, budget: budget(100) });
    const now = await invitationsOf(before.map((b) => b.email));
    expect(now.map((n) => n.role)).toEqual(["TEACHER", "TEACHER", "TEACHER"]);
    const items = await listItems(await db(), jobId);
    expect(items.map((i) => i.invitationId).sort()).toEqual(now.map((n) => n.id).sort());
    expect(await ledgerCount()).toBe(3);
  });
});
