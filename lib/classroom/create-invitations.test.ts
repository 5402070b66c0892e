// Bulk writes through /batch against the real emulator: per-part errors, partial failures,
// order, reconciliation of lost answers, and never a duplicate.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startLibEmulator, type EmulatorState as State, type LibEmulator } from "@/lib/test/emulator";
import type { AccessToken } from "@/lib/google/client";
import { setScheduler } from "@/lib/google/scheduler-instance";
import { createInvitations, type CreateRow as BulkCreateRow } from "./create-invitations";
import { deleteInvitations } from "./revoke-invitations";

let emu: LibEmulator;
const fast = { baseDelayMs: 5, maxDelayMs: 20, reread: { windowMs: 200, intervalMs: 50 } };

const state = () => emu.state();
const faults = (rules: unknown[]) => emu.faults(rules);

/** `n` (course, student) pairs with neither membership nor invitation, as emails. */
function freshPairs(s: State, n: number): BulkCreateRow[] {
  const students = s.users.filter(
    (u) => !u.disabled && !u.isAdmin && s.courses.some((c) => c.studentIds.includes(u.id)),
  );
  const invited = new Set(s.invitations.map((i) => `${i.courseId}/${i.userId}`));
  const rows: BulkCreateRow[] = [];
  for (const course of s.courses.filter((c) => c.courseState === "ACTIVE")) {
    for (const u of students) {
      if (rows.length >= n) return rows;
      if (course.studentIds.includes(u.id) || course.teacherIds.includes(u.id) || invited.has(`${course.id}/${u.id}`))
        continue;
      rows.push({ courseId: course.id, userId: u.email, role: "STUDENT" });
      if (rows.filter((r) => r.courseId === course.id).length >= 10) break;
    }
  }
  if (rows.length < n) throw new Error("not enough fresh pairs");
  return rows;
}

function countBatchCalls() {
  const spy = vi.spyOn(globalThis, "fetch");
  return () => spy.mock.calls.filter(([input]) => String(input).endsWith("/batch")).length;
}

let admin: AccessToken;
let userIdOf: Map<string, string>;

beforeAll(async () => {
  emu = await startLibEmulator();
});

beforeEach(async () => {
  await emu.control("POST", "/reset", { profile: "large", courses: 40 });
  admin = await emu.tokenFor("admin@northwood.edu");
  userIdOf = new Map((await state()).users.map((u) => [u.email, u.id]));
  setScheduler(undefined);
});

afterEach(() => vi.restoreAllMocks());

afterAll(async () => {
  await emu.close();
});

/** Invitations in the emulator for the rows' pairs, as "course/user" → count. */
async function landed(rows: readonly BulkCreateRow[]): Promise<Map<string, number>> {
  const s = await state();
  const wanted = new Set(rows.map((r) => `${r.courseId}/${userIdOf.get(r.userId)}`));
  const counts = new Map<string, number>();
  for (const inv of s.invitations) {
    const key = `${inv.courseId}/${inv.userId}`;
    if (wanted.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("createInvitations", () => {
  it("creates 120 invitations in 3 batch requests, outcomes in row order", async () => {
    const rows = freshPairs(await state(), 120);
    const batchCalls = countBatchCalls();
    const outcomes = await createInvitations(admin, rows);
    expect(batchCalls()).toBe(3);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    outcomes.forEach((o, i) => {
      if (!o.ok) return;
      expect(o.invitation.courseId).toBe(rows[i]!.courseId);
      expect(o.invitation.userId).toBe(userIdOf.get(rows[i]!.userId));
      expect(o.reconciled).toBe(false);
    });
    const counts = await landed(rows);
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("maps each part's error on its own and keeps the order", async () => {
    const s = await state();
    const [a, b, c] = freshPairs(s, 3);
    const existing = s.invitations.find((i) => i.role === "STUDENT")!;
    const existingEmail = s.users.find((u) => u.id === existing.userId)!.email;
    const rows: BulkCreateRow[] = [
      a!,
      { courseId: a!.courseId, userId: "nobody@northwood.edu", role: "STUDENT" }, // unknown user
      b!,
      { courseId: existing.courseId, userId: existingEmail, role: "STUDENT" }, // already invited, same role
      { courseId: existing.courseId, userId: existingEmail, role: "TEACHER" }, // already invited, other role
      { courseId: "999999999", userId: c!.userId, role: "STUDENT" }, // unknown course
      c!,
      { ...a!, userId: a!.userId.toUpperCase() }, // same as row 0: sent once, same outcome
    ];
    const outcomes = await createInvitations(admin, rows);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "ok",
      "USER_NOT_FOUND",
      "ok",
      "ok",
      "ALREADY_EXISTS",
      "COURSE_NOT_FOUND",
      "ok",
      "ok",
    ]);
    const third = outcomes[3]!;
    expect(third.ok && third.alreadyInvited && third.invitation.id === existing.id).toBe(true);
    const fourth = outcomes[4]!;
    expect(!fourth.ok && fourth.existing?.id).toBe(existing.id);
    expect(outcomes[7]).toEqual(outcomes[0]);
    const counts = await landed([a!, b!, c!]);
    expect([...counts.values()]).toEqual([1, 1, 1]);
  });

  it("by default reports a part that failed with 503 as retryable, posted once, and creates nothing", async () => {
    const rows = freshPairs(await state(), 3);
    await faults([{ method: "POST", path: "^/v1/invitations$", status: 503, times: 1 }]);
    await emu.control("DELETE", "/requests");
    const outcomes = await createInvitations(admin, rows, fast);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual(["UNAVAILABLE", "ok", "ok"]);
    expect(!outcomes[0]!.ok && outcomes[0]!.error.retryable).toBe(true);
    const posts = ((await emu.control("GET", "/requests")) as { method: string; path: string }[]).filter(
      (r) => r.method === "POST" && r.path === "/v1/invitations",
    );
    expect(posts).toHaveLength(3);
    expect((await landed(rows.slice(0, 1))).size).toBe(0);
  });

  it("re-posts only parts that failed with 503 (not applied) after the listing proves them absent", async () => {
    const rows = freshPairs(await state(), 60);
    await faults([{ method: "POST", path: "^/v1/invitations$", status: 503, times: 7 }]);
    const outcomes = await createInvitations(admin, rows, { ...fast, reposts: 2 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const counts = await landed(rows);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("reconciles a batch whose connection dropped after every part ran: no re-post, no duplicate", async () => {
    const rows = freshPairs(await state(), 50);
    await faults([{ method: "POST", path: "^/v1/invitations$", dropAfterCommit: true, times: 1 }]);
    const requests = () => emu.control("GET", "/requests") as Promise<{ method: string; path: string }[]>;
    await emu.control("DELETE", "/requests");
    const outcomes = await createInvitations(admin, rows, fast);
    expect(outcomes.every((o) => o.ok && o.reconciled && !o.alreadyInvited)).toBe(true);
    const posts = (await requests()).filter((r) => r.method === "POST" && r.path === "/v1/invitations");
    expect(posts).toHaveLength(50); // each create was sent exactly once
    const counts = await landed(rows);
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("re-sends POST parts the server refused for quota (they never ran)", async () => {
    const rows = freshPairs(await state(), 30);
    await faults([{ method: "POST", path: "^/v1/invitations$", status: 429, times: 5 }]);
    const outcomes = await createInvitations(admin, rows, fast);
    expect(outcomes.every((o) => o.ok && !o.reconciled)).toBe(true);
    expect((await landed(rows)).size).toBe(30);
  }, 15_000);
});

describe("deleteInvitations", () => {
  it("deletes in order, retries 503 parts, and counts NOT_FOUND as already gone", async () => {
    const s = await state();
    const ids = s.invitations.slice(0, 70).map((i) => i.id);
    await faults([{ method: "DELETE", path: "^/v1/invitations/", status: 503, times: 4 }]);
    const batchCalls = countBatchCalls();
    const outcomes = await deleteInvitations(admin, [...ids, "does-not-exist", ids[0]!], fast);
    expect(batchCalls()).toBeGreaterThanOrEqual(2);
    expect(outcomes.slice(0, 70).every((o) => o.ok)).toBe(true);
    expect(outcomes[70]).toEqual({ ok: true, alreadyGone: true });
    expect(outcomes[71]!.ok).toBe(true);
    const left = new Set((await state()).invitations.map((i) => i.id));
    expect(ids.filter((id) => left.has(id))).toEqual([]);
  });

  it("reports a part the caller may not delete without failing the rest", async () => {
    const s = await state();
    const teacher = s.users.find((u) => u.email === "teacher@northwood.edu")!;
    const mine = s.invitations.find((i) => s.courses.find((c) => c.id === i.courseId)?.teacherIds.includes(teacher.id));
    const other = s.invitations.find(
      (i) => !s.courses.find((c) => c.id === i.courseId)?.teacherIds.includes(teacher.id),
    )!;
    const teacherToken = await emu.tokenFor("teacher@northwood.edu");
    const ids = [other.id, ...(mine ? [mine.id] : [])];
    const outcomes = await deleteInvitations(teacherToken, ids, fast);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: "PERMISSION_DENIED" } });
    if (mine) expect(outcomes[1]).toEqual({ ok: true, alreadyGone: false });
  });
});
