import { beforeAll, describe, expect, it } from "vitest";

process.env.PGLITE_DATA_DIR = "memory://";

const { listActivity, listActivityGrouped, recordActivity } = await import("./log");

const actor = { id: "u1", email: "Teacher@Northwood.edu" };

describe("activity log", () => {
  // The first query opens PGlite, which compiles its WASM build: over 10 s on a busy 2-core machine.
  beforeAll(async () => {
    // 120 entries: ids cross from two to three digits, where text ordering would break.
    await recordActivity(
      Array.from({ length: 120 }, (_, i) => ({
        actor,
        action: "invitation.create" as const,
        courseId: i % 2 ? "c-odd" : "c-even",
        invitee: `s${i}@northwood.edu`,
        role: "STUDENT",
        outcome: i % 10 === 0 ? ("error" as const) : ("ok" as const),
        errorCode: i % 10 === 0 ? "ALREADY_EXISTS" : null,
      })),
    );
  }, 60_000);

  it("lists newest first by numeric id, with keyset paging", async () => {
    const page = await listActivity({ limit: 50 });
    const ids = page.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(page[0]!.invitee).toBe("s119@northwood.edu");
    const next = await listActivity({ limit: 50, before: page.at(-1)!.id });
    expect(Number(next[0]!.id)).toBe(ids.at(-1)! - 1);
  });

  it("filters by visibility, outcome and text; lower-cases e-mails", async () => {
    const teacher = await listActivity({ visibleTo: { courseIds: ["c-odd"], actorId: "someone-else" }, limit: 1000 });
    expect(teacher).toHaveLength(60);
    expect(teacher.every((r) => r.courseId === "c-odd")).toBe(true);
    const own = await listActivity({ visibleTo: { courseIds: [], actorId: "u1" }, limit: 1000 });
    expect(own).toHaveLength(120);
    const failed = await listActivity({ outcome: "error", q: "already_exists", limit: 1000 });
    expect(failed).toHaveLength(12);
    expect(failed[0]!.actorEmail).toBe("teacher@northwood.edu");
    expect(await listActivity({ q: "100%_" })).toEqual([]);
  });

  it("stores an entry's details as JSON", async () => {
    await recordActivity({
      actor,
      action: "invitation.accept",
      outcome: "ok",
      details: { outcome: "joined", note: "a\u0000b" },
    });
    const { db } = await import("@/lib/db");
    const rows = await (
      await db()
    ).query<{ details: unknown }>("SELECT details FROM activity_log ORDER BY id DESC LIMIT 1");
    expect(rows[0]!.details).toEqual({ outcome: "joined", note: "ab" });
  });

  it("stores text with NUL bytes instead of failing", async () => {
    await recordActivity({ actor, action: "invitation.revoke", courseName: "Bad\u0000Name", outcome: "ok" });
    const [latest] = await listActivity({ limit: 1 });
    expect(latest!.courseName).toBe("BadName");
  });

  it("matches 'done by' on part of the actor's email or sign-in name", async () => {
    const { db } = await import("@/lib/db");
    await (
      await db()
    ).query("INSERT INTO users (id, name) VALUES ('u-name', 'Marisol Alvarez') ON CONFLICT DO NOTHING");
    await recordActivity({
      actor: { id: "u-name", email: "malvarez@northwood.edu" },
      action: "invitation.create",
      outcome: "ok",
    });
    expect((await listActivity({ actor: "ALVAR" })).map((r) => r.actorEmail)).toEqual(["malvarez@northwood.edu"]);
    expect((await listActivity({ actor: "marisol" })).map((r) => r.actorEmail)).toEqual(["malvarez@northwood.edu"]);
    expect(await listActivity({ q: "marisol alv" })).toHaveLength(1);
    expect(await listActivity({ actor: "teacher@north", action: "invitation.create", limit: 1000 })).toHaveLength(120);
    expect(await listActivity({ actor: "%" })).toEqual([]);
  });

  it("groups each run (one user's rows sharing a batch id) into one entry with its counts", async () => {
    const run = (batchId: string, actorId: string, n: number, failEvery: number) =>
      Array.from({ length: n }, (_, i) => ({
        actor: { id: actorId, email: `${actorId}@northwood.edu` },
        action: "bulk.invite" as const,
        courseId: "c-run",
        courseName: "Run class",
        invitee: `r${i}@northwood.edu`,
        role: "STUDENT",
        outcome: i % failEvery === 0 ? ("error" as const) : ("ok" as const),
        errorCode: i % failEvery === 0 ? "ALREADY_EXISTS" : null,
        batchId,
      }));
    await recordActivity([...run("b-1", "runner", 30, 10), ...run("b-1", "intruder", 2, 100)]);
    await recordActivity({ actor, action: "invitation.revoke", courseId: "c-run", outcome: "ok" });
    const page = await listActivityGrouped({ courseId: "c-run", limit: 10 });
    expect(page).toHaveLength(3);
    expect(page[0]!.action).toBe("invitation.revoke");
    expect(page[0]!.run).toBeUndefined();
    const [mine, theirs] = page.slice(1).sort((a, b) => b.run!.count - a.run!.count);
    expect(mine).toMatchObject({
      run: { count: 30, ok: 27 },
      outcome: "error",
      invitee: null,
      courseName: "Run class",
    });
    expect(theirs).toMatchObject({ run: { count: 2, ok: 1 } });
    // Keyset paging works on runs too, and the filters apply to the rows before grouping.
    const next = await listActivityGrouped({ courseId: "c-run", before: page[0]!.id, limit: 10 });
    expect(next).toHaveLength(2);
    const failures = await listActivityGrouped({ courseId: "c-run", outcome: "error", action: "bulk.invite" });
    expect(failures.map((r) => r.run?.count).sort()).toEqual([1, 3]);
    expect(await listActivity({ batchId: "b-1", limit: 1000 })).toHaveLength(32);
  });

  it("filters by a date range of whole UTC days", async () => {
    const { db } = await import("@/lib/db");
    await recordActivity({ actor, action: "invitation.create", courseId: "c-dated", outcome: "ok" });
    await (await db()).query("UPDATE activity_log SET at = '2026-03-10T23:30:00Z' WHERE course_id = 'c-dated'");
    expect(await listActivity({ courseId: "c-dated", from: "2026-03-10", to: "2026-03-10" })).toHaveLength(1);
    expect(await listActivity({ courseId: "c-dated", from: "2026-03-11" })).toHaveLength(0);
    expect(await listActivity({ courseId: "c-dated", to: "2026-03-09" })).toHaveLength(0);
  });
});
